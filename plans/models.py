"""The action plan: steps to move a criterion from its agreed level to its target level.

Data flows one way: plans reads an assessment's results (assessments) and stores actions;
reports reads them. Nothing in assessments knows of plans.
"""

from django.db import models
from django.utils import timezone

from assessments.models import Assessment
from assessments.versioning import Versioned
from ladder.models import Criterion, Level


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    """Agreed but not begun."""
    IN_PROGRESS = "in_progress", "In progress"
    """Someone is working on it."""
    DONE = "done", "Done"
    """Finished; stays on the plan as a record ("you said, we did")."""


class Action(Versioned):
    """A step in the action plan, to move a criterion towards its target level."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    what = models.TextField()
    owner = models.CharField(max_length=120, blank=True)
    due_date = models.DateField(null=True, blank=True)
    target_level = models.ForeignKey(
        Level, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion__framework__order", "criterion__order", "created_at", "pk"]

    def __str__(self):
        return self.what[:60]
