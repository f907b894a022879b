import factory

from assessments.models import OrganisationKind
from reviews.models import PanelMember, PanelRole, Review
from tests.factories.assessments import OrganisationFactory


class SenateFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Test Clinical Senate {n}")
    slug = factory.Sequence(lambda n: f"test-senate-{n}")
    kind = OrganisationKind.REVIEWING_BODY
    ods_code = ""


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    reviewing_organisation = factory.SubFactory(SenateFactory)


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    review = factory.SubFactory(ReviewFactory)
    name = factory.Sequence(lambda n: f"Panel member {n}")
    email = factory.LazyAttribute(lambda m: m.user.email if m.user else f"{m.name}@senate.test")
    role = PanelRole.PUBLIC_PARTNER
