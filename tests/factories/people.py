import factory
from django.utils import timezone

from assessments.models import Perspective, Role
from assessments.services import invitation_expiry, new_token
from people.models import MemberInvitation
from tests.factories.assessments import OrganisationFactory


class MemberInvitationFactory(factory.django.DjangoModelFactory):
    """An invitation to join an organisation. Its link token is kept on `.token` (only the
    hash is stored, as in the app)."""

    class Meta:
        model = MemberInvitation

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Colleague {n}")
    email = factory.Sequence(lambda n: f"colleague{n}@example.nhs.uk")
    role = Role.CONTRIBUTOR
    perspective = Perspective.NHS_STAFF
    expires_at = factory.LazyFunction(invitation_expiry)
    sent_at = factory.LazyFunction(timezone.now)
    token_hash = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token, kwargs["token_hash"] = new_token()
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token
        return invitation
