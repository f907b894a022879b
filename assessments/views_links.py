"""Coming back: a guest who opens their link again, or asks for a fresh one, and the fresh
link a facilitator makes to send by text message. Thin: the writes are in services_links."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services_links
from .access import (
    FACILITATE,
    extend_guest_session,
    get_assessment_access,
    guest_participant_ids,
    guest_seconds_left,
)
from .forms import _helper
from .models import Participant
from .names import participant_label
from .services import AssessmentSubmitted

# The participant behind a link that no longer works, for "email me a fresh link".
STALE_LINK_KEY = "stale_link_participant"
STALE_REASON_KEY = "stale_link_reason"


class FreshLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        help_text="The address your invitation was sent to.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the right format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Email me a new link", form_tag=False)


def _link_builder(request):
    return lambda token: request.build_absolute_uri(reverse("invitation", args=[token]))


def welcome_back(request, participant_id):
    """A guest still signed in here who opens their (used) link again: on to their task
    list, which offers the next question. None if this browser does not hold them."""
    if participant_id is None or participant_id not in guest_participant_ids(request):
        return None
    participant = Participant.objects.filter(pk=participant_id).only("assessment_id").first()
    if participant is None:
        return None
    messages.info(request, "Welcome back. Everything you saved is here.")
    return redirect("task_list", participant.assessment_id)


def link_does_not_work(request, reason, *, participant_id=None):
    """Go to the "link does not work" page, which offers to email a fresh link. A redirect:
    the link's own page is sent with `no-referrer`, under which a form's post carries
    `Origin: null` and the CSRF check refuses it (see views.invitation_link)."""
    request.session[STALE_LINK_KEY] = participant_id
    request.session[STALE_REASON_KEY] = reason
    return redirect("link_not_working")


def link_not_working(request):
    reason = request.session.get(STALE_REASON_KEY) or (
        "This page needs the link in your invitation email. Select it again."
    )
    context = {"reason": reason, "form": FreshLinkForm()}
    return render(request, "assessments/invitation_invalid.html", context, status=410)


def fresh_link_request(request):
    """POST from the "link does not work" page: email a fresh link to the address on file.
    The answer is the same whether or not the address matched (it reveals nothing)."""
    if request.method != "POST":
        return redirect("home")
    participant_id = request.session.get(STALE_LINK_KEY)
    form = FreshLinkForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "assessments/invitation_invalid.html",
            {"reason": request.session.get(STALE_REASON_KEY, ""), "form": form},
            status=400,
        )
    email = form.cleaned_data["email"]
    if services_links.too_many_tries(participant_id=participant_id, email=email):
        form.add_error(
            "email",
            "You have asked for a new link several times in the last hour. Check your inbox "
            "and spam folder, try again in an hour, or ask the person who invited you.",
        )
        context = {"reason": request.session.get(STALE_REASON_KEY, ""), "form": form}
        return render(request, "assessments/invitation_invalid.html", context, status=429)
    services_links.email_fresh_link(
        participant_id=participant_id, email=email, build_link=_link_builder(request)
    )
    return render(request, "assessments/fresh_link_sent.html", {"email": email})


@require_POST
def guest_keep_alive(request):
    """The warning's Stay signed in button, for an invited guest: their session lasts
    GUEST_SESSION_HOURS from now. JSON for session-timeout.js, else back to the page."""
    from_script = request.headers.get("X-Coprod-Keep-Alive") == "1"
    if request.user.is_authenticated or not guest_participant_ids(request):
        if from_script:
            return JsonResponse({"signed_out": True}, status=401)
        return redirect("home")
    extend_guest_session(request.session)
    if from_script:
        return JsonResponse({"expires_in": guest_seconds_left(request.session)})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("home")
    return redirect(back)


@login_required
def participant_fresh_link(request, pk, participant_pk):
    """A facilitator makes a fresh link to copy into a text message. GET explains; POST
    makes it and shows it once (only its hash is stored). The old link stops working."""
    access = get_assessment_access(request, pk, need=FACILITATE)
    participant = get_object_or_404(
        Participant,
        pk=participant_pk,
        assessment=access.assessment,
        user__isnull=True,
        anonymised_at__isnull=True,
    )
    link = None
    if request.method == "POST":
        try:
            token = services_links.fresh_link(participant=participant)
        except AssessmentSubmitted as error:
            messages.info(request, str(error))
            return redirect(access.assessment)
        link = _link_builder(request)(token)
    context = {
        "assessment": access.assessment,
        "participant": participant,
        "label": participant_label(participant, can_see_names=access.can_see_names),
        "link": link,
        "days": settings.INVITATION_DAYS,
    }
    response = render(request, "assessments/participant_fresh_link.html", context)
    if link:
        # Only the page showing the link: a form under `no-referrer` posts `Origin: null`,
        # which the CSRF check refuses, so the page that asks keeps the normal policy.
        response["Referrer-Policy"] = "no-referrer"
    return response
