import factory
from django.contrib.auth import get_user_model

from assessments.models import (
    Assessment,
    Membership,
    Organisation,
    OrganisationKind,
    Participant,
    Perspective,
    Programme,
    Role,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = "Tester"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nhs.uk")
    password = factory.django.Password("correct horse battery staple")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"NHS Test ICB {n}")
    slug = factory.Sequence(lambda n: f"test-icb-{n}")
    kind = OrganisationKind.ICB
    ods_code = factory.Sequence(lambda n: f"Q{n:04d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONTRIBUTOR
    perspective = Perspective.NHS_STAFF


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Urgent care reconfiguration {n}")
    description = "Moving urgent care into the town centre."


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Baseline assessment {n}")

    @factory.post_generation
    def frameworks(self, create, extracted, **kwargs):
        if create and extracted:
            self.frameworks.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    assessment = factory.SubFactory(AssessmentFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    perspective = Perspective.LIVED_EXPERIENCE
