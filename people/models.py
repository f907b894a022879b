"""An invitation to join an organisation: a one-use, expiring link to set a password.

Same token rules as a guest's scoring invitation (assessments.Invitation): only a hash of
the token is stored, it works once, and it lasts INVITATION_DAYS.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from assessments.models import Organisation, Perspective, Role


class MemberInvitationQuerySet(models.QuerySet):
    def pending(self):
        """Not yet used (expired ones included: the facilitator can send a new link)."""
        return self.filter(used_at__isnull=True)


class MemberInvitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_invitations"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    perspective = models.CharField(max_length=30, choices=Perspective.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A new link replaces the hash, so an older link for the same invitation stops working.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the latest link was emailed; blank if it failed."
    )
    used_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The account made (or joined) with this link.",
    )

    objects = MemberInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One open invitation per person per organisation: a second would be a second
            # working link. Emails are stored lower-cased (services.normalise_email).
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(used_at__isnull=True),
                name="one_pending_member_invitation",
            )
        ]

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()
