"""The action plan: steps to move a criterion from its agreed level to its target level.

Data flows one way: plans reads an assessment's results (assessments) and stores actions;
reports reads them. Nothing in assessments knows of plans.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessments.history import Attributed
from assessments.models import Assessment, Programme, Score
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
    # "You said, we did": what was done, and what changed for the people it was for.
    done_what = models.TextField("What was done", blank=True, max_length=3000)
    outcome = models.TextField("What changed for people", blank=True, max_length=3000)
    done_on = models.DateField("When it was done", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[Attributed])

    class Meta:
        ordering = ["criterion__framework__order", "criterion__order", "created_at", "pk"]

    def __str__(self):
        return self.what[:60]


class FeedbackPage(models.Model):
    """ "You said, we did": a public page telling the people who took part what happened.

    Anyone with its link may read it while it is published, without signing in; the token
    is long and random, so the address cannot be guessed. It shows only what a facilitator
    wrote or chose: never a participant's name, email or evidence as they typed it.
    """

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="feedback_page"
    )
    token = models.CharField(max_length=64, unique=True)
    introduction = models.TextField(blank=True, max_length=3000)
    next_steps = models.TextField("What comes next", blank=True, max_length=3000)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Feedback page for {self.programme}"

    def get_absolute_url(self):
        return reverse("feedback_public", args=[self.token])

    @property
    def is_published(self):
        return self.published_at is not None


class Theme(models.Model):
    """Something people told us, in the facilitator's words, drawn from chosen evidence.

    `evidence` records which scores it was drawn from (for the facilitator); the public
    page shows the title and summary only.
    """

    page = models.ForeignKey(FeedbackPage, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=3000)
    evidence = models.ManyToManyField(Score, blank=True, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title
