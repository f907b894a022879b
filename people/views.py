"""An organisation's People page, for its facilitators; and the "set your password" link.

Thin: check access (assessments.access: anyone but the organisation's facilitators gets
404), call a service, render.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from assessments.access import get_organisation
from assessments.models import Membership, Role
from assessments.services import InvitationError
from coprod.http import private_link

from . import services
from .forms import AddPersonForm, ChangeRoleForm, SetPasswordForm
from .models import MemberInvitation


def _people_url(organisation):
    return reverse("people", args=[organisation.slug])


def _link_builder(request):
    return lambda token: request.build_absolute_uri(reverse("member_invitation", args=[token]))


def _member(organisation, pk):
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=pk, organisation=organisation
    )


def _pending(organisation, pk):
    return get_object_or_404(MemberInvitation.objects.pending(), pk=pk, organisation=organisation)


@login_required
def people(request, slug):
    organisation = get_organisation(request.user, slug)
    members = organisation.memberships.select_related("user").order_by(
        "user__first_name", "user__last_name", "user__username"
    )
    context = {
        "organisation": organisation,
        "members": members,
        "invitations": organisation.member_invitations.pending().order_by("name"),
    }
    return render(request, "people/people.html", context)


@login_required
def person_add(request, slug):
    organisation = get_organisation(request.user, slug)
    form = AddPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_person(
                organisation=organisation,
                invited_by=request.user,
                build_link=_link_builder(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            name = form.cleaned_data["name"]
            _say_what_happened(request, name, existing=bool(added.membership), sent=added.sent)
            return redirect(_people_url(organisation))
    context = {"form": form, "organisation": organisation, "days": settings.INVITATION_DAYS}
    return render(request, "people/person_add.html", context)


def _say_what_happened(request, name, *, existing, sent):
    if existing and sent:
        messages.success(request, f"{name} already uses Coprod, so they are added. We told them.")
    elif existing:
        messages.success(request, f"{name} already uses Coprod, so they are added.")
    elif sent:
        messages.success(request, f"Invitation sent to {name}.")
    else:
        messages.error(
            request,
            f"{name} is invited, but the email could not be sent just now. "
            "Use “Send a new link” beside their name to try again.",
        )


@login_required
def member_change(request, slug, pk):
    organisation = get_organisation(request.user, slug)
    membership = _member(organisation, pk)
    form = ChangeRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.change_role(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("role", error)
        else:
            name = membership.user.get_full_name() or membership.user.get_username()
            messages.success(request, f"{name} is now a {membership.get_role_display().lower()}.")
            if membership.user == request.user and membership.role != Role.FACILITATOR:
                return redirect("programme_list")  # they can no longer see the People page
            return redirect(_people_url(organisation))
    context = {"form": form, "organisation": organisation, "membership": membership}
    return render(request, "people/member_change.html", context)


@login_required
def member_remove(request, slug, pk):
    organisation = get_organisation(request.user, slug)
    membership = _member(organisation, pk)
    error = None
    if request.method == "POST":
        try:
            services.remove_member(membership=membership)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            name = membership.user.get_full_name() or membership.user.get_username()
            messages.success(request, f"{name} is no longer a member of {organisation.name}.")
            if membership.user == request.user:
                return redirect("programme_list")
            return redirect(_people_url(organisation))
    context = {"organisation": organisation, "membership": membership, "error": error}
    return render(request, "people/member_remove.html", context, status=400 if error else 200)


@login_required
@require_POST
def invitation_resend(request, slug, pk):
    organisation = get_organisation(request.user, slug)
    invitation = _pending(organisation, pk)
    try:
        sent = services.resend_invitation(invitation=invitation, build_link=_link_builder(request))
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        _say_what_happened(request, invitation.name, existing=False, sent=sent)
    return redirect(_people_url(organisation))


@login_required
@require_POST
def invitation_cancel(request, slug, pk):
    organisation = get_organisation(request.user, slug)
    invitation = _pending(organisation, pk)
    services.cancel_invitation(invitation=invitation)
    messages.success(
        request, f"The invitation to {invitation.name} is cancelled. Its link no longer works."
    )
    return redirect(_people_url(organisation))


# The link's token moves from the address into the session before the form is shown (as
# Django's PasswordResetConfirmView does). The form page must not send "no-referrer": with
# it, browsers post the form with "Origin: null", which Django's CSRF check refuses.
SESSION_TOKEN = "people_invitation_token"


def _link_not_working(request, error):
    context = {"reason": str(error), "days": settings.INVITATION_DAYS}
    response = render(request, "people/link_invalid.html", context, status=410)
    response["Referrer-Policy"] = "no-referrer"
    return response


@private_link
def invitation_link(request, token):
    """The link in the email. Opening it never uses it up (mail scanners open links)."""
    try:
        services.check_invitation(token=token)
    except InvitationError as error:
        return _link_not_working(request, error)
    request.session[SESSION_TOKEN] = token
    return redirect("member_set_password")


@never_cache
def set_password(request):
    """A valid POST uses the link, makes the account and membership, and signs them in."""
    try:
        token = request.session.get(SESSION_TOKEN)
        if not token:
            raise InvitationError("This page only works from the link in your email.")
        invitation = services.check_invitation(token=token)
    except InvitationError as error:
        return _link_not_working(request, error)
    form = SetPasswordForm(
        request.POST or None, email=invitation.email, initial={"name": invitation.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, created = services.accept_invitation(
                token=token,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationError as error:
            return _link_not_working(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(SESSION_TOKEN, None)
            return _welcome(request, user, created, invitation.organisation)
    context = {"form": form, "invitation": invitation}
    return render(request, "people/set_password.html", context)


def _welcome(request, user, created, organisation):
    if not created:
        # An account with this email already existed: its own password still applies.
        messages.success(request, f"You are now a member of {organisation.name}. Log in as usual.")
        return redirect("login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"Your password is set. Welcome to {organisation.name} on Coprod.")
    return redirect("programme_list")
