"""A clinical senate's review of one submitted assessment: the panel, its comments per
criterion, the chair's numbered recommendations, the ICB's responses, the sign-off.

After plans in the flow: a response can become a plans.Action (the link is held here, so
plans never imports reviews). One review per assessment; a re-assessment (a new
assessment) gets a new review. A signed-off review is read-only (services refuse).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from assessments.models import Assessment, Organisation
from assessments.versioning import Versioned
from ladder.models import Criterion, Level
from plans.models import Action


class PanelRole(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    """A doctor, nurse, therapist or other health professional on the panel."""
    PUBLIC_PARTNER = "public_partner", "Patient and public partner"
    """A patient, carer or member of the public; a senate panel needs at least two."""
    OTHER = "other", "Other"
    """Anyone else on the panel (a manager, an academic, a lay member)."""


class CommentKind(models.TextChoices):
    AGREE = "agree", "Agree with the agreed level"
    """The panel member would give the same level."""
    CHALLENGE = "challenge", "Challenge the agreed level"
    """They would give another level, and say why."""
    ASK_EVIDENCE = "ask_evidence", "Ask for evidence"
    """They cannot judge the level without more evidence."""


class Heading(models.TextChoices):
    ENGAGEMENT = "engagement", "Engagement and involvement"
    """How people and communities were engaged and involved."""
    PATHWAY = "pathway", "The end-to-end pathway"
    """The whole pathway, from first contact to after care."""
    CLINICAL_MODEL = "clinical_model", "The clinical model"
    """The proposed model of care."""
    OTHER = "other", "Other"
    """Anything else."""


class ResponseAnswer(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    """The ICB will do what the panel recommends."""
    PARTLY = "partly", "Partly accepted"
    """The ICB will do some of it, and says which part and why."""
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    """The ICB will not do it, and says why."""


class Outcome(models.TextChoices):
    ASSURED = "assured", "Assured"
    """The panel is assured the programme co-produces as it says."""
    ASSURED_WITH_RECOMMENDATIONS = "assured_with_recommendations", "Assured with recommendations"
    """Assured, provided the recommendations are acted on."""
    NOT_ASSURED = "not_assured", "Not assured"
    """The panel is not assured."""


class Review(models.Model):
    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="review")
    reviewing_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reviews"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(
        null=True, blank=True, help_text="When the chair released comments and recommendations."
    )
    outcome = models.CharField(max_length=40, choices=Outcome.choices, blank=True)
    signed_off_on = models.DateField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the results' canonical JSON the panel signed (assessments.digest).",
    )
    panel_record = models.JSONField(
        default=list, blank=True, help_text="The panel's names and roles at sign-off."
    )

    def __str__(self):
        return f"Review of {self.assessment}"

    @property
    def is_released(self):
        return self.released_at is not None

    @property
    def is_signed_off(self):
        return self.signed_off_at is not None


class PanelMember(models.Model):
    """A seat on the panel. `user` is set once the person has an account; until then the
    seat waits for whoever signs up with `email` through their one-use link."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="panel_seats",
    )
    name = models.CharField(max_length=120)
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=PanelRole.choices)
    is_chair = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_chair", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "email"], name="one_seat_per_email"),
            models.UniqueConstraint(
                fields=["review"], condition=Q(is_chair=True), name="one_chair_per_review"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class Comment(Versioned):
    """One panel member's view of one criterion's agreed level."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="comments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=CommentKind.choices)
    level = models.ForeignKey(
        Level, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion__framework__order", "criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "criterion"], name="one_comment_per_member_and_criterion"
            ),
        ]


class Recommendation(Versioned):
    """R1, R2 …: the chair's, under a heading, tied to criteria of the assessment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField()
    heading = models.CharField(max_length=20, choices=Heading.choices)
    text = models.TextField()
    criteria = models.ManyToManyField(Criterion, related_name="+")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="unique_recommendation"),
        ]

    def __str__(self):
        return self.code

    @property
    def code(self):
        return f"R{self.number}"


class Response(Versioned):
    """The ICB's answer to one released recommendation; it may become an action."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="response"
    )
    answer = models.CharField(max_length=20, choices=ResponseAnswer.choices)
    reason = models.TextField(blank=True)
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_responses"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
