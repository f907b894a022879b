"""The scoring journey and bringing views together (consensus). Thin views."""

from crispy_forms.layout import Submit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format

from ladder.models import Criterion, Descriptor, Level

from . import services
from .access import FACILITATE, SCORE, get_assessment_access, login_or_guest_required
from .forms import ConsensusForm, JoinForm, ScoreForm, answer_initial, rebind_after_conflict
from .models import Consensus, Membership, Participant, Perspective, Score
from .results import load_results
from .scoring import Progress
from .services import AssessmentSubmitted, Conflict

AUTOSAVE_HEADER = "X-Coprod-Autosave"
# A conflict is shown as a form error, so the error summary (which takes focus) and the
# "Error:" page title tell screen reader users straight away; the callout shows both values.
CONFLICT_MESSAGE = (
    "This answer was changed in another window or on another device. "
    "Check what is saved now, then save again to replace it with yours."
)
SUBMITTED_MESSAGE = (
    "This assessment was submitted while you were answering, so answers can no longer change."
)
CONSENSUS_CONFLICT_MESSAGE = (
    "Someone else saved an agreed level while you were deciding. "
    "Check their level and reason, then save again to replace them with yours."
)


def _criteria(assessment):
    """Every criterion (and ladder stage) of the pinned frameworks, in journey order."""
    return list(
        Criterion.objects.filter(framework__assessments=assessment)
        .select_related("framework")
        .order_by("framework__order", "framework__slug", "order")
    )


def _participant(request, access):
    if access.guest:
        return access.guest
    return Participant.objects.filter(assessment=access.assessment, user=request.user).first()


def _criterion_context(criteria, criterion_pk):
    """The criterion, its neighbours in the journey, and its position within its framework."""
    for index, criterion in enumerate(criteria):
        if criterion.pk == criterion_pk:
            previous = criteria[index - 1] if index else None
            following = criteria[index + 1] if index + 1 < len(criteria) else None
            siblings = [c for c in criteria if c.framework_id == criterion.framework_id]
            return criterion, previous, following, siblings.index(criterion) + 1, len(siblings)
    raise Http404("No such question in this assessment")


def _after_conflict(form_class, request, current, form_kwargs, message):
    return rebind_after_conflict(
        form_class,
        request.POST,
        version=current.version if current else 0,
        message=message,
        **form_kwargs,
    )


def _scale(criterion):
    levels = list(Level.objects.filter(framework_id=criterion.framework_id).order_by("value"))
    by_id = {level.pk: level for level in levels}
    descriptors = {}
    for d in Descriptor.objects.filter(criterion=criterion):
        descriptors[by_id[d.level_id].value] = d
    return levels, descriptors


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
def task_list(request, pk):
    access = get_assessment_access(request, pk, need=SCORE)
    assessment = access.assessment
    participant = _participant(request, access)
    if participant is None:
        if assessment.is_submitted:
            # score_start would send them back here: there is nothing left to score.
            messages.info(request, "This assessment has been submitted, so scoring has closed.")
            return redirect(assessment)
        return redirect("score_start", pk)
    criteria = _criteria(assessment)
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(participant=participant).only(
            "criterion_id", "answer", "level_id"
        )
    }
    frameworks = []
    for criterion in criteria:
        if not frameworks or frameworks[-1]["framework"].pk != criterion.framework_id:
            frameworks.append({"framework": criterion.framework, "items": []})
        frameworks[-1]["items"].append((criterion, scores.get(criterion.pk)))
    for group in frameworks:
        group["progress"] = Progress(sum(1 for _, s in group["items"] if s), len(group["items"]))
    # Resume at the first unanswered question after the one last saved, else the first.
    last = next((i for i, c in enumerate(criteria) if c.pk == participant.last_criterion_id), -1)
    unanswered = [c for c in criteria if c.pk not in scores]
    resume = next((c for c in criteria[last + 1 :] if c.pk not in scores), None) or next(
        iter(unanswered), None
    )
    return render(
        request,
        "assessments/task_list.html",
        {
            "assessment": assessment,
            "access": access,
            "participant": participant,
            "frameworks": frameworks,
            "progress": Progress(len(scores), len(criteria)),
            "next_criterion": resume,
        },
    )


@login_or_guest_required
def score_criterion(request, pk, criterion_pk):
    access = get_assessment_access(request, pk, need=SCORE)
    assessment = access.assessment
    participant = _participant(request, access)
    if participant is None:
        return redirect("score_start", pk)
    criteria = _criteria(assessment)
    criterion, previous, following, position, of = _criterion_context(criteria, criterion_pk)
    levels, descriptors = _scale(criterion)
    score = Score.objects.filter(participant=participant, criterion=criterion).first()
    autosave = request.headers.get(AUTOSAVE_HEADER) == "1"
    conflict = None

    initial = {"version": score.version if score else 0}
    if score:
        initial.update(
            level=answer_initial(score.answer, score.level),
            evidence=score.evidence,
            links=score.links,
            confidence=score.confidence,
        )
    form_kwargs = {"criterion": criterion, "levels": levels, "descriptors": descriptors}

    if request.method == "POST" and assessment.is_submitted:
        # Submitted while this person was typing: say so, and show what they typed so it
        # can be copied, rather than dropping it silently.
        if autosave:
            return JsonResponse({"saved": False, "message": SUBMITTED_MESSAGE}, status=409)
        messages.info(request, SUBMITTED_MESSAGE)
        form = ScoreForm(initial=initial, **form_kwargs)
    elif request.method == "POST":
        form = ScoreForm(request.POST, **form_kwargs)
        if form.is_valid():
            answer, level = form.answer()
            try:
                score = services.save_score(
                    participant=participant,
                    criterion=criterion,
                    answer=answer,
                    level=level,
                    evidence=form.cleaned_data["evidence"],
                    links=form.cleaned_data["links"],
                    confidence=form.cleaned_data["confidence"],
                    expected_version=form.cleaned_data["version"],
                )
            except Conflict as error:
                conflict = error.current
                form = _after_conflict(ScoreForm, request, conflict, form_kwargs, CONFLICT_MESSAGE)
                if autosave:
                    return JsonResponse(
                        {
                            "saved": False,
                            "conflict": True,
                            "message": "This answer was changed in another window. "
                            "Choose Save and continue to see both answers side by side.",
                        },
                        status=409,
                    )
            except (ValidationError, AssessmentSubmitted) as error:
                form.add_error(None, error)
            else:
                if autosave:
                    now = time_format(timezone.localtime(), "H:i")
                    return JsonResponse(
                        {"saved": True, "version": score.version, "message": f"Saved at {now}"}
                    )
                if "later" in request.POST or following is None:
                    messages.success(request, "Your answer is saved. You can come back any time.")
                    return redirect("task_list", pk)
                return redirect("score_criterion", pk, following.pk)
        if autosave and conflict is None:
            return JsonResponse(
                {
                    "saved": False,
                    "message": "Not saved yet: "
                    + "; ".join(e for errors in form.errors.values() for e in errors),
                },
                status=422,
            )
    else:
        form = ScoreForm(initial=initial, **form_kwargs)

    return render(
        request,
        "assessments/score_criterion.html",
        {
            "assessment": assessment,
            "participant": participant,
            "criterion": criterion,
            "framework": criterion.framework,
            "form": form,
            "previous": previous,
            "following": following,
            "position": position,
            "of": of,
            "conflict": conflict,
            "levels": {level.pk: level for level in levels},
            "read_only": assessment.is_submitted,
            "typed_evidence": request.POST.get("evidence", "") if request.method == "POST" else "",
            "score": score,
            "autosave_url": reverse("score_criterion", args=[pk, criterion.pk]),
            "evidence_prompts": [
                (value, d.evidence_prompts) for value, d in sorted(descriptors.items())
            ],
        },
    )


@login_required
def consensus_overview(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    results = load_results(access.assessment)
    return render(
        request,
        "assessments/consensus_overview.html",
        {"assessment": access.assessment, "results": results, "perspectives": Perspective},
    )


@login_required
def consensus_criterion(request, pk, criterion_pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    assessment = access.assessment
    results = load_results(assessment)
    found = [
        (framework_result, c)
        for framework_result in results
        for c in framework_result.criteria
        if c.criterion.pk == criterion_pk
    ]
    if not found:
        raise Http404("No such question in this assessment")
    framework_result, result = found[0]
    ordered = [c.criterion for r in results for c in r.criteria]
    index = ordered.index(result.criterion)
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    levels = framework_result.levels
    form_kwargs = {
        "criterion": result.criterion,
        "levels": levels,
        "descriptors": result.descriptors,
    }
    current = result.consensus
    conflict = None
    if request.method == "POST" and assessment.is_submitted:
        messages.info(request, SUBMITTED_MESSAGE)
    if request.method == "POST" and not assessment.is_submitted:
        form = ConsensusForm(request.POST, **form_kwargs)
        if form.is_valid():
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
            except Conflict as error:
                conflict = error.current
                form = _after_conflict(
                    ConsensusForm, request, conflict, form_kwargs, CONSENSUS_CONFLICT_MESSAGE
                )
            except (ValidationError, AssessmentSubmitted) as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Agreed level saved for {result.criterion.title}.")
                if following and "next" in request.POST:
                    return redirect("consensus_criterion", pk, following.pk)
                return redirect("consensus_overview", pk)
    else:
        initial = {"version": current.version if current else 0}
        if current:
            initial.update(
                level=answer_initial(current.answer, current.level),
                reason=current.reason,
                target=str(current.target_level.value) if current.target_level else "",
            )
        else:
            median = result.overall.median
            if median is not None:
                initial["level"] = str(int(median))
        form = ConsensusForm(initial=initial, **form_kwargs)
    if conflict is not None:
        conflict = _describe_consensus(conflict, levels)
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
            "perspectives": Perspective,
            "read_only": assessment.is_submitted,
        },
    )


def _describe_consensus(consensus: Consensus, levels):
    by_id = {level.pk: level for level in levels}
    level = by_id.get(consensus.level_id)
    return {
        "answer": f"{level.value}. {level.label}" if level else consensus.get_answer_display(),
        "reason": consensus.reason,
        "by": consensus.updated_by,
        "at": consensus.updated_at,
    }
