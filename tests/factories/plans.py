import factory

from plans.models import Action, ActionStatus
from tests.factories.assessments import AssessmentFactory


class ActionFactory(factory.django.DjangoModelFactory):
    """An action on one of its assessment's criteria (the first of its first framework)."""

    class Meta:
        model = Action

    assessment = factory.SubFactory(AssessmentFactory)
    criterion = factory.LazyAttribute(
        lambda a: a.assessment.frameworks.order_by("order").first().criteria.first()
    )
    what = factory.Sequence(lambda n: f"Hold workshop {n} with people who use the service")
    owner = "Head of engagement"
    status = ActionStatus.NOT_STARTED
