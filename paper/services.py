"""Entering a returned paper form: one new participant and their answers, in one transaction
(a refused form leaves nothing half-entered)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import Answer, Assessment, AssessmentStatus, Participant, Score

PAPER_NAME = "Paper form"


@transaction.atomic
def enter_paper_form(*, assessment, name, perspective, answers, entered_by) -> Participant:
    """`answers`: (question, answer, level, evidence) tuples from PaperEntryForm.answers(),
    whose questions come from the assessment's own journey. The person is a new participant
    (a paper form has no account or email), so no score of theirs exists yet and none can be
    overwritten: the answers go in with one insert rather than one versioned save each."""
    status = (
        Assessment.objects.select_for_update()
        .filter(pk=assessment.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status == AssessmentStatus.SUBMITTED:
        raise ValidationError("This assessment has been submitted and can no longer change.")
    participant = Participant.objects.create(
        assessment=assessment, name=name.strip() or PAPER_NAME, perspective=perspective
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
    Score.objects.bulk_create(scores)
    return participant
