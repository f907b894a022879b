"""The scoring journey and bringing views together (consensus). Thin views: the journey's
logic is in journey.py, what the results say in results.py, the writes in services.py."""

from crispy_forms.layout import Submit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format

from . import history, pinned, services
from .access import FACILITATE, SCORE, get_assessment_access, login_or_guest_required
from .audit import criterion_history
from .forms import ConsensusForm, JoinForm, ScoreForm, rebind_after_conflict
from .journey import (
    Journey,
    Scale,
    answers_of,
    consensus_initial,
    score_initial,
)
from .models import Consensus, Membership, Participant, Score
from .results import Results
from .rounds import last_time
from .services import AssessmentSubmitted, Conflict

AUTOSAVE_HEADER = "X-Coprod-Autosave"
# A conflict is shown as a form error, so the error summary (which takes focus) and the
# "Error:" page title tell screen reader users straight away; the callout shows both values.
CONFLICT_MESSAGE = (
    "This answer was changed in another window or on another device. "
    "Check what is saved now, then save again to replace it with yours."
)
AUTOSAVE_CONFLICT_MESSAGE = (
    "This answer was changed in another window. "
    "Choose Save and continue to see both answers side by side."
)
SUBMITTED_MESSAGE = (
    "This assessment was submitted while you were answering, so answers can no longer change."
)
CONSENSUS_CONFLICT_MESSAGE = (
    "Someone else saved an agreed level while you were deciding. "
    "Check their level and reason, then save again to replace them with yours."
)
NO_SUCH_QUESTION = "No such question in this assessment"


def _scorer(request, pk, participant_pk, need=SCORE):
    """(access, participant, recorded_by): the person's own journey, or with
    `participant_pk` a facilitator recording answers on that participant's behalf
    (assisted scoring: from a conversation or a phone call)."""
    if participant_pk is None:
        access = get_assessment_access(request, pk, need=need)
        return access, _participant(request, access), None
    access = get_assessment_access(request, pk, need=FACILITATE)
    participant = Participant.objects.filter(
        pk=participant_pk, assessment=access.assessment, anonymised_at__isnull=True
    ).first()
    if participant is None:
        raise Http404("No such participant")
    participant.assessment = access.assessment
    return access, participant, request.user


def _participant(request, access):
    participant = (
        access.guest
        or access.participant
        or Participant.objects.filter(assessment=access.assessment, user=request.user).first()
    )
    if participant is not None:
        participant.assessment = access.assessment  # already loaded: saves a query per save
    return participant


def _after_conflict(form_class, request, current, form_kwargs, message):
    return rebind_after_conflict(
        form_class,
        request.POST,
        version=current.version if current else 0,
        message=message,
        **form_kwargs,
    )


def _save_answer(form, *, participant, criterion, sitting=None, recorded_by=None) -> Score | None:
    """Save a valid ScoreForm's answer. A refusal is added to the form (None is returned);
    Conflict is left to the caller, whose answer to it differs."""
    answer, level = form.answer()
    try:
        return services.save_score(
            sitting=sitting,
            participant=participant,
            criterion=criterion,
            answer=answer,
            level=level,
            evidence=form.cleaned_data["evidence"],
            links=form.cleaned_data["links"],
            confidence=form.cleaned_data["confidence"],
            expected_version=form.cleaned_data["version"],
            recorded_by=recorded_by,
        )
    except Conflict:
        raise  # a ValidationError too, but answered with both versions by the caller
    except (ValidationError, AssessmentSubmitted) as error:
        form.add_error(None, error)
        return None


@login_required
def score_start(request, pk):
    """A member chooses the perspective they score from. Choosing again corrects it: their
    answers then count under the corrected perspective, which is what a correction means."""
    access = get_assessment_access(request, pk, need=SCORE)
    if access.guest or access.assessment.is_submitted:
        return redirect("task_list", pk)
    participant = _participant(request, access)
    membership = Membership.objects.filter(
        user=request.user, organisation_id=access.assessment.programme.organisation_id
    ).first()
    initial = participant.perspective if participant else membership.perspective
    form = JoinForm(request.POST or None, initial={"perspective": initial})
    if request.method == "POST" and form.is_valid():
        services.join_as_member(
            assessment=access.assessment,
            user=request.user,
            perspective=form.cleaned_data["perspective"],
        )
        return redirect("task_list", pk)
    return render(
        request, "assessments/score_start.html", {"form": form, "assessment": access.assessment}
    )


@login_or_guest_required
def task_list(request, pk, participant_pk=None):
    access, participant, recorded_by = _scorer(request, pk, participant_pk)
    assessment = access.assessment
    if participant is None:
        if assessment.is_submitted:
            # score_start would send them back here: there is nothing left to score.
            messages.info(request, "This assessment has been submitted, so scoring has closed.")
            return redirect(assessment)
        return redirect("score_start", pk)
    journey = Journey.pinned(assessment)
    answers = answers_of(participant)
    return render(
        request,
        "assessments/task_list.html",
        {
            "assessment": assessment,
            "access": access,
            "participant": participant,
            "frameworks": journey.task_groups(answers),
            "progress": journey.progress(answers),
            "next_criterion": journey.resume_at(answers, participant.last_criterion_id),
            "on_behalf": participant if recorded_by else None,
        },
    )


@login_or_guest_required
def score_criterion(request, pk, criterion_pk, participant_pk=None):
    """One question. autosave.js posts here too, with AUTOSAVE_HEADER: that answer is JSON
    from autosave_score, which saves without building the page."""
    if request.method == "POST" and request.headers.get(AUTOSAVE_HEADER) == "1":
        return autosave_score(request, pk, criterion_pk, participant_pk)
    access, participant, recorded_by = _scorer(request, pk, participant_pk)
    if participant is None:
        return redirect("score_start", pk)
    journey = Journey.pinned(access.assessment)
    criterion = journey.find(criterion_pk)
    if criterion is None:
        raise Http404(NO_SUCH_QUESTION)
    form = conflict = None
    if request.method == "POST" and access.assessment.is_submitted:
        # Submitted while this person was typing: say so, and show what they typed so it
        # can be copied, rather than dropping it silently.
        messages.info(request, SUBMITTED_MESSAGE)
    elif request.method == "POST":
        # Saved without the descriptors (the radios' hints): a save that goes through
        # redirects, and only a form shown again needs them.
        plain = Scale.pinned(criterion, descriptors=False).form_kwargs(criterion)
        form, conflict, saved = _post_answer(request, plain, participant, criterion, recorded_by)
        if saved:
            return _after_saving(request, pk, journey.following(criterion), participant_pk)
    scale = Scale.pinned(criterion)
    form_kwargs = scale.form_kwargs(criterion)
    if form is not None:
        form = _shown_again(form, form_kwargs)
    # Read only for the page: a save that went through redirects without it.
    # One at most (unique together), so no ordering to build: [:1] rather than first().
    score = next(iter(Score.objects.filter(participant=participant, criterion=criterion)[:1]), None)
    if score is not None:  # its level from the stored scale: no join
        score.level = next((lv for lv in scale.levels if lv.pk == score.level_id), None)
    if form is None:
        form = ScoreForm(initial=score_initial(score), **form_kwargs)
    return render(
        request,
        "assessments/score_criterion.html",
        _question_context(
            request,
            journey,
            scale,
            assessment=access.assessment,
            participant=participant,
            criterion=criterion,
            score=score,
            form=form,
            conflict=conflict,
            on_behalf=participant if recorded_by else None,
        ),
    )


def _post_answer(request, form_kwargs, participant, criterion, recorded_by=None):
    """(form, conflict, saved) for a posted answer. A stale one (another window saved
    first) is kept as typed, carrying the stored version, beside what is stored now."""
    form = ScoreForm(request.POST, **form_kwargs)
    try:
        saved = form.is_valid() and _save_answer(
            form, participant=participant, criterion=criterion, recorded_by=recorded_by
        )
    except Conflict as error:
        form = _after_conflict(ScoreForm, request, error.current, form_kwargs, CONFLICT_MESSAGE)
        return form, error.current, False
    return form, None, bool(saved)


def _shown_again(form, form_kwargs):
    """A posted ScoreForm rebuilt with the level hints, to be shown again: its field errors
    come again from the same data, and the refusals added after validation come along."""
    again = ScoreForm(form.data, **form_kwargs)
    again.is_valid()
    for error in form.non_field_errors():
        if error not in again.non_field_errors():
            again.add_error(None, error)
    return again


def _after_saving(request, pk, following, participant_pk=None):
    if participant_pk is not None:  # recording on someone's behalf: stay on their journey
        if "later" in request.POST or following is None:
            messages.success(request, "The answer is saved on their behalf.")
            return redirect("record_task_list", pk, participant_pk)
        return redirect("record_criterion", pk, participant_pk, following.pk)
    if "later" in request.POST or following is None:
        messages.success(request, "Your answer is saved. You can come back any time.")
        return redirect("task_list", pk)
    return redirect("score_criterion", pk, following.pk)


def _question_context(request, journey, scale, **context):
    assessment, criterion = context["assessment"], context["criterion"]
    position, of = journey.position(criterion)
    return {
        **context,
        "framework": criterion.framework,
        "previous": journey.previous(criterion),
        "following": journey.following(criterion),
        "position": position,
        "of": of,
        "levels": {level.pk: level for level in scale.levels},
        "read_only": assessment.is_submitted,
        "typed_evidence": request.POST.get("evidence", "") if request.method == "POST" else "",
        "autosave_url": request.path,
        "evidence_prompts": scale.evidence_prompts,
    }


@login_or_guest_required  # also checked by score_criterion; here too in case it is routed
def autosave_score(request, pk, criterion_pk, participant_pk=None):
    """The JSON answer autosave.js expects: {"saved", "message"}, with "version" once saved
    and "conflict" when another window saved first. Reads only what the save needs: the
    criterion and its levels (from pinned.py's store), not the journey or the stored score."""
    access, participant, recorded_by = _scorer(request, pk, participant_pk)
    if participant is None:
        return redirect("score_start", pk)
    criterion = pinned.criterion_of(access.assessment, criterion_pk)
    if criterion is None:
        raise Http404(NO_SUCH_QUESTION)
    if access.assessment.is_submitted:
        return JsonResponse({"saved": False, "message": SUBMITTED_MESSAGE}, status=409)
    # The descriptors are the radios' hints, which a JSON answer never shows.
    scale = Scale.pinned(criterion, descriptors=False)
    form = ScoreForm(request.POST, **scale.form_kwargs(criterion))
    # Autosaves of one sitting (this session, this question, today) keep one history row.
    sitting = history.sitting_key(
        session_key=request.session.session_key or "",
        participant_id=participant.pk,
        criterion_id=criterion.pk,
        day=timezone.localdate(),
    )
    try:
        score = form.is_valid() and _save_answer(
            form,
            participant=participant,
            criterion=criterion,
            sitting=sitting,
            recorded_by=recorded_by,
        )
    except Conflict:
        return JsonResponse(
            {"saved": False, "conflict": True, "message": AUTOSAVE_CONFLICT_MESSAGE}, status=409
        )
    if not score:
        errors = "; ".join(e for errors in form.errors.values() for e in errors)
        return JsonResponse({"saved": False, "message": f"Not saved yet: {errors}"}, status=422)
    now = time_format(timezone.localtime(), "H:i")
    return JsonResponse({"saved": True, "version": score.version, "message": f"Saved at {now}"})


@login_required
def consensus_overview(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    results = Results.load(access.assessment)
    context = {"assessment": access.assessment, "results": results, "last": last_time(results)}
    return render(request, "assessments/consensus_overview.html", context)


@login_required
def consensus_criterion(request, pk, criterion_pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    assessment = access.assessment
    results = Results.load(assessment)
    result = results.find(criterion_pk)
    if result is None:
        raise Http404(NO_SUCH_QUESTION)
    framework_result, following = results.framework_of(result), results.following(result)
    form_kwargs = {
        "criterion": result.criterion,
        "levels": framework_result.levels,
        "descriptors": result.descriptors,
    }
    form, conflict = ConsensusForm(initial=consensus_initial(result), **form_kwargs), None
    if request.method == "POST" and assessment.is_submitted:
        messages.info(request, SUBMITTED_MESSAGE)
    elif request.method == "POST":
        form, conflict, saved = _post_consensus(request, form_kwargs, assessment, result)
        if saved:
            messages.success(request, f"Agreed level saved for {result.criterion.title}.")
            if following and "next" in request.POST:
                return redirect("consensus_criterion", pk, following.criterion.pk)
            return redirect("consensus_overview", pk)
    if following:
        form.helper.add_input(
            Submit("next", "Save and go to the next one", css_class="nhsuk-button--secondary")
        )
    return render(
        request,
        "assessments/consensus_criterion.html",
        {
            "assessment": assessment,
            "framework": framework_result.framework,
            "result": result,
            "form": form,
            "conflict": conflict,
            "following": following,
            "read_only": assessment.is_submitted,
            "last": last_time(results).get(result.criterion.pk),
            # Only facilitators reach this page, and they see names (assessments.names).
            "history": criterion_history(assessment, result.criterion, can_see_names=True),
        },
    )


def _post_consensus(request, form_kwargs, assessment, result):
    """(form, conflict, saved) for a posted agreed level. When another facilitator saved
    first, ours is kept as chosen and `conflict` describes theirs."""
    form = ConsensusForm(request.POST, **form_kwargs)
    try:
        saved = form.is_valid() and _record_consensus(request, form, assessment, result)
    except Conflict as error:
        conflict = _describe_consensus(error.current, form_kwargs["levels"])
        form = _after_conflict(
            ConsensusForm, request, error.current, form_kwargs, CONSENSUS_CONFLICT_MESSAGE
        )
        return form, conflict, False
    return form, None, saved


def _record_consensus(request, form, assessment, result) -> bool:
    """Record a valid ConsensusForm. A refusal is added to the form (False is returned);
    Conflict is left to the caller."""
    answer, level = form.answer()
    try:
        services.record_consensus(
            assessment=assessment,
            criterion=result.criterion,
            answer=answer,
            level=level,
            target_level=form.target_level(),
            reason=form.cleaned_data["reason"],
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except Conflict:
        raise  # a ValidationError too, but answered with both versions by the caller
    except (ValidationError, AssessmentSubmitted) as error:
        form.add_error(None, error)
        return False
    return True


def _describe_consensus(consensus: Consensus | None, levels):
    if consensus is None:
        return None
    by_id = {level.pk: level for level in levels}
    level = by_id.get(consensus.level_id)
    return {
        "answer": f"{level.value}. {level.label}" if level else consensus.get_answer_display(),
        "reason": consensus.reason,
        "by": consensus.updated_by,
        "at": consensus.updated_at,
    }
