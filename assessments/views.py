"""Programmes, assessments and invitations. Thin: check access, call a service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ladder.models import Criterion

from . import services, services_links, views_links
from .access import (
    FACILITATE,
    GUEST_SESSION_KEY,
    READ,
    NotAllowed,
    extend_guest_session,
    get_assessment_access,
    get_programme,
    guest_participant_ids,
    organisations_where,
    programmes_for,
)
from .forms import AssessmentForm, GuestWelcomeForm, InviteForm, ProgrammeForm
from .models import Participant
from .names import participant_label
from .results import Results
from .services import AssessmentSubmitted, InvitationError
from .submitting import unfinished

PROGRAMMES_PER_PAGE = 25


def home(request):
    if request.user.is_authenticated:
        return redirect("programme_list")
    guest_ids = guest_participant_ids(request)
    if guest_ids:
        # An invited guest still signed in here carries on where they left off.
        participant = Participant.objects.filter(pk=guest_ids[-1]).only("assessment_id").first()
        if participant is not None:
            return redirect("task_list", participant.assessment_id)
    return render(request, "assessments/home.html")


def not_allowed(request, exception=None):
    """handler403: a member whose role is not enough is told so (access.NotAllowed), with
    the way back; any other refusal keeps the general page."""
    if isinstance(exception, NotAllowed):
        context = {"reason": str(exception), "back": exception.back}
        return render(request, "assessments/not_allowed.html", context, status=403)
    return render(request, "403.html", status=403)


def about(request):
    from ladder.models import Framework

    return render(
        request, "assessments/about.html", {"frameworks": Framework.objects.latest_published()}
    )


def accessibility(request):
    return render(request, "assessments/accessibility.html")


@login_required
def programme_list(request):
    programmes = (
        programmes_for(request.user)
        .select_related("organisation")
        .annotate(assessment_count=Count("assessments"))
        .order_by("organisation__name", "name")
    )
    page = Paginator(programmes, PROGRAMMES_PER_PAGE).get_page(request.GET.get("page"))
    member_of = [m.organisation for m in organisations_where(request.user, READ)]
    facilitating = [m.organisation for m in organisations_where(request.user, FACILITATE)]
    return render(
        request,
        "assessments/programme_list.html",
        {
            "programmes": page.object_list,
            "page_obj": page,
            "can_create": bool(facilitating),
            "facilitating": facilitating,
            "member_of": member_of,
        },
    )


@login_required
def programme_create(request):
    organisations = [m.organisation for m in organisations_where(request.user, FACILITATE)]
    if not organisations:
        return render(request, "assessments/not_allowed.html", status=403)
    form = ProgrammeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        programme = services.create_programme(
            organisation=form.cleaned_data["organisation"],
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            created_by=request.user,
        )
        messages.success(request, f"Programme “{programme.name}” created.")
        return redirect(programme)
    return render(request, "assessments/programme_form.html", {"form": form})


@login_required
def programme_detail(request, pk):
    programme = get_programme(request.user, pk)
    assessments = programme.assessments.annotate(
        participant_count=Count("participants", distinct=True)
    ).prefetch_related("frameworks")
    # Asked of the access gate, as every other page asks it, not of a role's name.
    can_facilitate = (
        organisations_where(request.user, FACILITATE)
        .filter(organisation_id=programme.organisation_id)
        .exists()
    )
    return render(
        request,
        "assessments/programme_detail.html",
        {"programme": programme, "assessments": assessments, "can_facilitate": can_facilitate},
    )


@login_required
def assessment_create(request, pk):
    programme = get_programme(request.user, pk, need=FACILITATE)
    frameworks = services.published_frameworks()
    form = AssessmentForm(
        request.POST or None,
        frameworks=frameworks,
        # The core rubrics are ticked; the others (a readiness check, a grid…) are offered.
        initial={
            "frameworks": [f.pk for f in frameworks if f.offered_by_default],
            "date": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.create_assessment(
                programme=programme,
                title=form.cleaned_data["title"],
                date=form.cleaned_data["date"],
                frameworks=form.cleaned_data["frameworks"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error("frameworks", error)
        else:
            messages.success(request, "Assessment created. Now invite people to score it.")
            return redirect(assessment)
    return render(
        request, "assessments/assessment_form.html", {"form": form, "programme": programme}
    )


@login_required
def assessment_detail(request, pk):
    access = get_assessment_access(request, pk)  # READ: any member
    assessment = access.assessment
    participants = list(
        Participant.objects.filter(assessment=assessment).annotate(scored=Count("scores"))
    )
    results = Results.load(assessment, participants=participants)
    me = next((p for p in participants if p.user_id == request.user.pk), None)
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "access": access,
            "results": results,
            "participants": participants,
            "total": results.total,
            "me": me,
            "agreed": results.agreed_count,
        },
    )


def _invitation_link(request):
    return lambda token: request.build_absolute_uri(reverse("invitation", args=[token]))


@login_required
def participant_invite(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    assessment = access.assessment
    if assessment.is_submitted:
        messages.info(request, "This assessment has been submitted, so no one new can join.")
        return redirect(assessment)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant, sent = services.invite_participant(
                assessment=assessment,
                invited_by=request.user,
                build_link=_invitation_link(request),
                **form.cleaned_data,
            )
        except AssessmentSubmitted as error:
            messages.info(request, str(error))
            return redirect(assessment)
        _report_sending(request, participant, sent, f"Invitation sent to {participant.name}.")
        return redirect(assessment)
    return render(request, "assessments/invite_form.html", {"form": form, "assessment": assessment})


@login_required
@require_POST
def participant_resend(request, pk, participant_pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    participant = get_object_or_404(
        Participant, pk=participant_pk, assessment=access.assessment, user__isnull=True
    )
    try:
        sent = services.resend_invitation(
            participant=participant, invited_by=request.user, build_link=_invitation_link(request)
        )
    except AssessmentSubmitted as error:
        messages.info(request, str(error))
    else:
        _report_sending(request, participant, sent, f"A new link was sent to {participant.name}.")
    return redirect(access.assessment)


@login_required
def participant_anonymise(request, pk, participant_pk):
    """On the participant's request: their name and email go, their evidence stays. It
    cannot be undone, so the page asks first (GET) and a POST does it."""
    access = get_assessment_access(request, pk, need=FACILITATE)
    participant = get_object_or_404(
        Participant, pk=participant_pk, assessment=access.assessment, anonymised_at__isnull=True
    )
    if request.method != "POST":
        context = {"assessment": access.assessment, "participant": participant}
        return render(request, "assessments/participant_anonymise.html", context)
    participant = services.anonymise_participant(participant=participant)
    messages.success(request, f"{participant.name} is anonymised. Their evidence is kept.")
    return redirect(access.assessment)


@login_required
@require_POST
def participant_named(request, pk, participant_pk):
    """Record that a participant agreed (or no longer agrees) to be named to others."""
    access = get_assessment_access(request, pk, need=FACILITATE)
    participant = get_object_or_404(Participant, pk=participant_pk, assessment=access.assessment)
    try:
        participant = services.set_named(
            participant=participant, named=request.POST.get("named") == "1"
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        shown = "by name" if participant.named else f"as Participant {participant.number}"
        messages.success(request, f"{participant.name} is now shown to others {shown}.")
    return redirect(access.assessment)


def _report_sending(request, participant, sent, success):
    if sent:
        messages.success(request, success)
    else:
        messages.error(
            request,
            f"{participant.name} is added, but the email could not be sent just now. "
            "Use “Send a new link” beside their name to try again.",
        )


PENDING_INVITATION_KEY = "pending_invitation_token"


def _invitation_invalid(request, reason, participant_id=None):
    return views_links.link_does_not_work(request, reason, participant_id=participant_id)


def invitation_link(request, token):
    """The emailed link: checks it without using it up (mail scanners open links), keeps it
    in this browser's session and goes on to the welcome page. That page's address holds no
    secret, so it can post its form normally: under this link's `no-referrer`, browsers send
    `Origin: null` and the CSRF check refuses the form (Django's password reset does the same)."""
    try:
        services.check_invitation(token=token)
    except InvitationError as error:
        # A guest still signed in here who opens their used link again carries on.
        participant_id = services_links.participant_behind(token)
        back = views_links.welcome_back(request, participant_id)
        return back or _invitation_invalid(request, str(error), participant_id)
    request.session[PENDING_INVITATION_KEY] = token
    return redirect("invitation_welcome")


def invitation(request):
    """GET welcomes the invited person; POST uses the link, remembers the participant in this
    browser session and starts scoring."""
    token = request.session.get(PENDING_INVITATION_KEY)
    if not token:
        return _invitation_invalid(
            request, "This page needs the link in your invitation email. Select it again."
        )
    context = {"guest_hours": settings.GUEST_SESSION_HOURS}
    try:
        if request.method != "POST":
            participant = services.check_invitation(token=token).participant
            form = GuestWelcomeForm(initial={"name": participant.name})
            context["participant"] = participant
            # Say the real number and time, not "a short list" (about 2 minutes a question).
            count = Criterion.objects.filter(framework__assessments=participant.assessment)
            context["questions"] = count.count()
            context["minutes"] = max(5, round(context["questions"] * 2 / 5) * 5)
        elif (form := GuestWelcomeForm(request.POST)).is_valid():
            participant = services.redeem_invitation(token=token, name=form.cleaned_data["name"])
            del request.session[PENDING_INVITATION_KEY]
            _sign_in_guest(request, participant)
            return redirect("task_list", participant.assessment_id)
    except InvitationError as error:
        return _invitation_invalid(request, str(error))
    return render(request, "assessments/invitation.html", {**context, "form": form})


def _sign_in_guest(request, participant):
    """Remember the participant in this browser session (a new key: the link's holder gets a
    fresh session), for GUEST_SESSION_HOURS only, as shared computers need."""
    request.session.cycle_key()
    ids = request.session.get(GUEST_SESSION_KEY, [])
    request.session[GUEST_SESSION_KEY] = [*ids, participant.pk]
    extend_guest_session(request.session)


@require_POST
def guest_sign_out(request):
    """End an invited guest's session (a shared computer): their answers stay saved."""
    was_guest = bool(request.session.get(GUEST_SESSION_KEY))
    if not request.user.is_authenticated:
        request.session.flush()
    return render(request, "assessments/guest_signed_out.html", {"was_guest": was_guest})


@login_required
def assessment_submit(request, pk):
    """Lists what is unfinished (criteria not agreed, people not finished) and, if anything
    is, asks for a tick before submitting: a submitted assessment cannot change."""
    access = get_assessment_access(request, pk, need=FACILITATE)
    assessment = access.assessment
    if assessment.is_submitted:
        messages.info(request, "This assessment has already been submitted.")
        return redirect(assessment)
    left = unfinished(Results.load(assessment))
    confirm_error = None
    if request.method == "POST":
        if left and request.POST.get("confirm") != "yes":
            confirm_error = "Tick the box to submit with these left unfinished, or go back"
        else:
            try:
                services.submit_assessment(assessment=assessment, user=request.user)
            except AssessmentSubmitted as error:
                messages.info(request, str(error))
            else:
                messages.success(request, "Assessment submitted. It is now read-only.")
            return redirect(assessment)
    people = [
        (participant_label(p, can_see_names=access.can_see_names), answered)
        for p, answered in left.unfinished
    ]
    context = {
        "assessment": assessment,
        "left": left,
        "people": people,
        "confirm_error": confirm_error,
    }
    return render(
        request, "assessments/assessment_submit.html", context, status=400 if confirm_error else 200
    )
