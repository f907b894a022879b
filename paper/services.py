"""Entering a returned paper form: one new participant and their answers, in one transaction
(a refused form leaves nothing half-entered)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from assessments.models import Answer, Assessment, AssessmentStatus, Participant, Score

PAPER_NAME = "Paper form"


@transaction.atomic
def enter_paper_form(*, assessment, name, perspective, answers, entered_by) -> Participant:
    """`answers`: (question, answer, level, evidence) tuples from PaperEntryForm.answers(),
    whose questions come from the assessment's own journey. The person is a new participant
    (a paper form has no account or email), so no score of theirs exists yet and none can be
    overwritten: the answers go in with one insert (and one for their history) rather than
    one versioned save each."""
    # One query locks the assessment (a submit cannot slip in) and reads the next number.
    top = Participant.objects.filter(assessment=OuterRef("pk")).order_by("-number")
    status, top = (
        Assessment.objects.select_for_update(of=("self",))
        .filter(pk=assessment.pk)
        .annotate(top=Subquery(top.values("number")[:1]))
        .values_list("status", "top")
        .get()
    )
    if status == AssessmentStatus.SUBMITTED:
        raise ValidationError("This assessment has been submitted and can no longer change.")
    participant = Participant.objects.create(
        assessment=assessment,
        name=name.strip() or PAPER_NAME,
        perspective=perspective,
        number=(top or 0) + 1,
    )
    now = timezone.now()
    scores = []
    for question, answer, level, evidence in answers:
        if (answer == Answer.LEVEL) != (level is not None) or (
            level is not None and level.framework_id != question.criterion.framework_id
        ):
            raise ValidationError(f"{question.criterion.title}: choose one of the levels shown.")
        scores.append(
            Score(
                participant=participant,
                criterion=question.criterion,
                answer=answer,
                level=level,
                evidence=evidence,
                updated_at=now,
            )
        )
    # One insert for the scores and one for their history: each is an explicit answer,
    # recorded by the facilitator on the participant's behalf.
    bulk_create_with_history(
        scores,
        Score,
        default_user=entered_by,
        custom_historical_attrs={"recorded_by": entered_by},
    )
    return participant
