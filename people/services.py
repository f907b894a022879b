"""Adding, changing and removing an organisation's members: keyword-only, each atomic.

A new colleague gets a one-use, expiring link to set a password (assessments.services'
token rules). Someone who already has an account is added at once and told by email.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from assessments.models import Membership, Organisation, Role
from assessments.services import InvitationError, hash_token, invitation_expiry, new_token

from .models import MemberInvitation

logger = logging.getLogger(__name__)
User = get_user_model()


@dataclass(frozen=True)
class Added:
    """What add_person did: invited (a link to set a password) or added an existing account."""

    invitation: MemberInvitation | None
    membership: Membership | None
    sent: bool


def normalise_email(email: str) -> str:
    # Mail servers treat the local part as case-sensitive in theory, nobody does in practice;
    # one spelling stops the same person being invited twice.
    return email.strip().lower()


def _lock_organisation(organisation_id):
    """Changes to one organisation's members take turns: two facilitators demoting each
    other, or adding the same person, at the same moment cannot both get through."""
    list(Organisation.objects.select_for_update().filter(pk=organisation_id).values("pk"))


def _existing_user(email):
    users = list(User.objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise ValidationError(
            "More than one account uses this email address. Ask a site administrator to "
            "sort this out first."
        )
    return users[0] if users else None


def _send(*, template, subject, to, context) -> bool:
    """Email; False (and logged) if the mail server refuses, so the caller can say so."""
    try:
        send_mail(
            subject=" ".join(subject.split()),  # a header cannot hold a line break
            message=render_to_string(template, context),
            from_email=None,
            recipient_list=[to],
        )
    except (OSError, smtplib.SMTPException, BadHeaderError):
        logger.exception("Email to %s (%s) failed", to, template)
        return False
    return True


def _send_invitation(invitation, token, build_link) -> bool:
    sent = _send(
        template="people/email/invitation.txt",
        subject=f"Join {invitation.organisation.name} on Coprod",
        to=invitation.email,
        context={
            "invitation": invitation,
            "link": build_link(token),
            "days": settings.INVITATION_DAYS,
        },
    )
    if sent:
        MemberInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return sent


def add_person(*, organisation, name, email, role, perspective, invited_by, build_link) -> Added:
    """Add a colleague by email. Stored before any email is tried: a mail failure keeps the
    invitation, and "Send a new link" tries again. `build_link(token)` makes the URL."""
    email = normalise_email(email)
    with transaction.atomic():
        _lock_organisation(organisation.pk)
        user = _existing_user(email)
        if user is not None:
            if Membership.objects.filter(user=user, organisation=organisation).exists():
                raise ValidationError(f"{email} is already a member of {organisation.name}.")
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=role, perspective=perspective
            )
        elif organisation.member_invitations.pending().filter(email=email).exists():
            raise ValidationError(
                f"{email} has already been invited. Use “Send a new link” beside their name."
            )
        else:
            token, token_hash = new_token()
            invitation = MemberInvitation.objects.create(
                organisation=organisation,
                name=name,
                email=email,
                role=role,
                perspective=perspective,
                invited_by=invited_by,
                token_hash=token_hash,
                expires_at=invitation_expiry(),
            )
    if user is not None:
        sent = _send(
            template="people/email/added.txt",
            subject=f"You have been added to {organisation.name} on Coprod",
            to=email,
            context={"membership": membership, "invited_by": invited_by},
        )
        return Added(invitation=None, membership=membership, sent=sent)
    return Added(
        invitation=invitation, membership=None, sent=_send_invitation(invitation, token, build_link)
    )


def resend_invitation(*, invitation, build_link) -> bool:
    """A fresh link that lasts INVITATION_DAYS from now; the old link stops working."""
    with transaction.atomic():
        token, token_hash = new_token()
        updated = MemberInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            token_hash=token_hash, expires_at=invitation_expiry(), sent_at=None
        )
        if not updated:
            raise ValidationError("This invitation has been used, so there is nothing to resend.")
    invitation.refresh_from_db()
    return _send_invitation(invitation, token, build_link)


@transaction.atomic
def cancel_invitation(*, invitation) -> None:
    """The link stops working at once (the row goes: it holds nothing worth keeping)."""
    MemberInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).delete()


def check_invitation(*, token: str, lock=False) -> MemberInvitation:
    """The invitation behind a link, or InvitationError saying plainly what is wrong.
    Same rules and words as a guest's link (assessments.services.check_invitation)."""
    invitations = MemberInvitation.objects.select_related("organisation")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=hash_token(token or "")).first()
    if invitation is None:
        raise InvitationError("This link is not recognised. Check you copied all of it.")
    if invitation.used_at is not None:
        raise InvitationError("This link has already been used.")
    if invitation.is_expired:
        raise InvitationError("This link has expired.")
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, name: str, password: str) -> tuple[User, bool]:
    """Use the link: make the account with this password and the membership, once.

    Returns (user, created). If an account with this email appeared meanwhile (say a site
    admin made one), it just gets the membership and its password is left alone.
    The password must already have passed the validators (forms.SetPasswordForm).
    """
    invitation = check_invitation(token=token, lock=True)
    user = _existing_user(invitation.email)
    created = user is None
    if created:
        first, _, last = name.strip().partition(" ")
        user = User(username=invitation.email, email=invitation.email)
        user.first_name, user.last_name = first, last
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError(
                "An account with this username already exists. Ask the person who invited "
                "you to contact a site administrator."
            ) from None
    Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "perspective": invitation.perspective},
    )
    invitation.used_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["used_at", "user"])
    return user, created


def _refuse_if_last_facilitator(membership, doing):
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.FACILITATOR
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            f"You cannot {doing} the only facilitator of {membership.organisation.name}. "
            "Make someone else a facilitator first."
        )


def _locked_membership(membership):
    """The membership as stored now, or None if it went meanwhile (under the organisation's
    lock, so the facilitator count read next cannot change before this transaction ends)."""
    _lock_organisation(membership.organisation_id)
    return Membership.objects.select_related("organisation").filter(pk=membership.pk).first()


@transaction.atomic
def change_role(*, membership, role) -> Membership:
    """Change what a member may do. The organisation always keeps a facilitator."""
    if role not in Role.values:
        raise ValidationError("Choose one of the roles shown.")
    current = _locked_membership(membership)
    if current is None:
        raise ValidationError("This person is no longer a member.")
    if current.role == Role.FACILITATOR and role != Role.FACILITATOR:
        _refuse_if_last_facilitator(current, "change the role of")
    current.role = role
    current.save(update_fields=["role"])
    return current


@transaction.atomic
def remove_member(*, membership) -> None:
    """Take someone out of the organisation. Their account stays, and so do the scores they
    gave: Participant rows keep their user and name, so results still say who scored."""
    current = _locked_membership(membership)
    if current is None:
        return  # removed meanwhile by someone else: the outcome they wanted
    if current.role == Role.FACILITATOR:
        _refuse_if_last_facilitator(current, "remove")
    current.delete()
