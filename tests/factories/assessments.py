import factory
from django.contrib.auth import get_user_model

from assessments.models import (
    Answer,
    Assessment,
    Consensus,
    Membership,
    Organisation,
    OrganisationKind,
    Participant,
    Perspective,
    Programme,
    Role,
    Score,
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


def _first_criterion(assessment):
    return assessment.frameworks.order_by("order").first().criteria.order_by("order").first()


def _level(answer, criterion, value):
    return criterion.framework.levels.get(value=value) if answer == Answer.LEVEL else None


class ScoreFactory(factory.django.DjangoModelFactory):
    """One person's score: `value` is the level on the criterion's scale (by default the
    first criterion of the assessment's first framework); give `answer` for a non-level."""

    class Meta:
        model = Score

    class Params:
        value = 1

    participant = factory.SubFactory(ParticipantFactory)
    criterion = factory.LazyAttribute(lambda s: _first_criterion(s.participant.assessment))
    answer = Answer.LEVEL
    level = factory.LazyAttribute(lambda s: _level(s.answer, s.criterion, s.value))
    evidence = ""


class ConsensusFactory(factory.django.DjangoModelFactory):
    """The group's agreed `value` on a criterion, and its own `target` level if given."""

    class Meta:
        model = Consensus

    class Params:
        value = 1
        target = None

    assessment = factory.SubFactory(AssessmentFactory)
    criterion = factory.LazyAttribute(lambda c: _first_criterion(c.assessment))
    answer = Answer.LEVEL
    level = factory.LazyAttribute(lambda c: _level(c.answer, c.criterion, c.value))
    target_level = factory.LazyAttribute(
        lambda c: c.criterion.framework.levels.get(value=c.target) if c.target else None
    )
    reason = "Agreed at the workshop."
