"""Organisations, programmes, assessments, participants, scores and consensus.

An assessment pins published rubric versions (ladder.Framework rows, which never change),
so a later version of a rubric never alters its results.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ladder.models import Criterion, Framework, Level

from .history import Attributed, AttributedScore
from .versioning import Versioned


class OrganisationKind(models.TextChoices):
    ICB = "icb", "Integrated care board"
    """An NHS integrated care board (ICB)."""
    PARTNER = "partner", "Partner organisation"
    """A provider, local authority, Healthwatch or VCSE partner."""
    REVIEWING_BODY = "reviewing_body", "Clinical senate or reviewing body"
    """Reviews programmes shared with it (e.g. a clinical senate); owns no programmes."""


class Role(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    """Creates programmes and assessments, invites people, agrees consensus levels."""
    CONTRIBUTOR = "contributor", "Contributor"
    """Scores assessments."""
    VIEWER = "viewer", "Viewer"
    """Reads results and reports only (e.g. a clinical senate panel member)."""


class Perspective(models.TextChoices):
    NHS_STAFF = "nhs_staff", "NHS staff"
    """Works for the NHS in a non-clinical role (commissioning, engagement, management)."""
    CLINICIAN = "clinician", "Clinician"
    """A doctor, nurse, therapist or other health professional."""
    LIVED_EXPERIENCE = "lived_experience", "Person with lived experience"
    """Uses, or has used, the services in question."""
    CARER = "carer", "Carer"
    """Looks after someone who uses the services."""
    VCSE = "vcse", "Voluntary or community sector partner"
    """Voluntary, community or social enterprise (VCSE) organisation, including Healthwatch."""
    OTHER = "other", "Other"
    """Anyone else."""


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    """People are scoring; consensus can be recorded."""
    SUBMITTED = "submitted", "Submitted"
    """Finished and read-only."""


class Answer(models.TextChoices):
    LEVEL = "level", "A level"
    """A level of the framework's scale was chosen."""
    NOT_APPLICABLE = "not_applicable", "Not applicable"
    """Does not apply to this programme; excluded from medians and shown as such."""
    DONT_KNOW = "dont_know", "Don't know yet"
    """Not enough known yet; excluded from medians and shown as such."""


class Confidence(models.TextChoices):
    LOW = "low", "Not very sure"
    MEDIUM = "medium", "Fairly sure"
    HIGH = "high", "Very sure"


# NHS organisation data service (ODS) codes: 3 characters for an ICB (e.g. QWO), 5 for a
# trust site, 6 for a GP practice; 10 leaves room for the longer non-NHS ones.
ODS_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9]{3,10}$", "An ODS code is 3 to 10 capital letters or digits, for example QWO."
)
# Kinds that are NHS bodies and so always have an ODS code. Partners (VCSE groups,
# Healthwatch, councils) often have none, so theirs is optional.
NHS_KINDS = {OrganisationKind.ICB}


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    ods_code = models.CharField(
        "ODS code",
        max_length=10,
        blank=True,
        validators=[ODS_CODE_VALIDATOR],
        help_text="The NHS Organisation Data Service code, for example QWO. "
        "Required for an ICB; optional for partners.",
    )
    benchmark_opt_in = models.BooleanField(
        "share in the benchmark",
        default=False,
        help_text="A facilitator chose to add this organisation's latest agreed levels, "
        "without its name, to the benchmark across organisations. Off until chosen; can be "
        "withdrawn at any time.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # Unique when set: many partners have no code, so blank may repeat.
            models.UniqueConstraint(
                fields=["ods_code"],
                condition=~Q(ods_code=""),
                name="unique_ods_code",
                violation_error_message="Another organisation already has this ODS code.",
            )
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # People paste codes as "qwo " from ODS look-ups; store them the way ODS prints them.
        self.ods_code = (self.ods_code or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self):
        if self.kind in NHS_KINDS and not self.ods_code:
            raise ValidationError(
                {"ods_code": "Enter the ODS code: every NHS organisation has one."}
            )


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    perspective = models.CharField(
        max_length=30,
        choices=Perspective.choices,
        default=Perspective.NHS_STAFF,
        help_text="The perspective this person usually scores from.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class Programme(models.Model):
    """The work being assessed: a service change, a pathway redesign, a commissioning cycle."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme_detail", args=[self.pk])


class Assessment(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(max_length=200)
    date = models.DateField(default=timezone.localdate)
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS
    )
    frameworks = models.ManyToManyField(
        Framework,
        related_name="assessments",
        help_text="The published rubric versions this assessment uses (pinned).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The round this one was started from (its people were invited again).",
    )

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessment_detail", args=[self.pk])

    @property
    def is_submitted(self):
        return self.status == AssessmentStatus.SUBMITTED


class ParticipantQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Numbers the new rows too (bulk_create skips save()): see Participant.number."""
        objs = list(objs)
        _number(objs)
        return super().bulk_create(objs, *args, **kwargs)


def _number(participants):
    pending = [p for p in participants if p.number is None]
    by_assessment = {}
    for p in pending:
        if p.assessment_id not in by_assessment:
            top = Participant.objects.filter(assessment_id=p.assessment_id).aggregate(
                top=models.Max("number")
            )["top"]
            by_assessment[p.assessment_id] = top or 0
        by_assessment[p.assessment_id] += 1
        p.number = by_assessment[p.assessment_id]


class Participant(models.Model):
    """Someone scoring an assessment: a member of the organisation or an invited guest.

    Outside the organisation's facilitators a participant is "Participant 3 (lived
    experience)" unless they agreed to be named (names.participant_label); `number` is that
    3, given once and never reused within the assessment.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    perspective = models.CharField(max_length=30, choices=Perspective.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    last_criterion = models.ForeignKey(
        Criterion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where this person left off, so they can resume.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    number = models.PositiveIntegerField(
        null=True, editable=False, help_text="Stable within the assessment: Participant 3."
    )
    named = models.BooleanField(
        "agreed to be named",
        default=False,
        help_text="They agreed that their name may be shown outside the facilitators.",
    )
    anonymised_at = models.DateTimeField(
        null=True, blank=True, help_text="When their name and email were removed on request."
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user"],
                condition=Q(user__isnull=False),
                name="unique_member_participant",
            ),
            models.UniqueConstraint(
                fields=["assessment", "number"], name="unique_participant_number"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_perspective_display()})"

    def save(self, *args, **kwargs):
        if self.number is None:
            _number([self])
        super().save(*args, **kwargs)


class Invitation(models.Model):
    """A single-use, expiring link. Only a hash of the token is stored."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Invitation for {self.participant}"


class LevelAnswer(Versioned):
    """An answer that is a level of the scale or one of the non-levels, shared by a
    person's score and the group's consensus. The level is set exactly when the answer is
    "a level"; the database holds to that too."""

    answer = models.CharField(max_length=20, choices=Answer.choices)
    level = models.ForeignKey(
        Level, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        constraints = [
            # %(class)s keeps the names the constraints had before this model was shared:
            # score_level_matches_answer and consensus_level_matches_answer.
            models.CheckConstraint(
                condition=(Q(answer="level") & Q(level__isnull=False))
                | (~Q(answer="level") & Q(level__isnull=True)),
                name="%(class)s_level_matches_answer",
            ),
        ]


class Score(LevelAnswer):
    """One participant's answer for one criterion (or ladder stage)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    evidence = models.TextField(blank=True)
    links = models.TextField(blank=True, help_text="One web address per line.")
    confidence = models.CharField(max_length=10, choices=Confidence.choices, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The facilitator who recorded this answer on the participant's behalf "
        "(from a conversation or a phone call); blank when they gave it themselves.",
    )

    # Each explicit save, and the last autosave of a sitting (assessments.history).
    history = HistoricalRecords(bases=[AttributedScore])

    class Meta(LevelAnswer.Meta):
        constraints = [
            models.UniqueConstraint(fields=["participant", "criterion"], name="unique_score"),
            *LevelAnswer.Meta.constraints,
        ]

    def __str__(self):
        return f"{self.participant} on {self.criterion_id}"


class Consensus(LevelAnswer):
    """The level the group agreed for a criterion, with the reason. Guarded by `version`."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="consensus")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    target_level = models.ForeignKey(
        Level,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The level to aim for; blank means the framework's default target.",
    )
    reason = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[Attributed])

    class Meta(LevelAnswer.Meta):
        verbose_name_plural = "consensus levels"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_consensus"),
            *LevelAnswer.Meta.constraints,
        ]

    def __str__(self):
        return f"Consensus on {self.criterion_id} for {self.assessment_id}"


# Kept in its own module (this one is long enough); imported here so Django finds it.
from .models_links import FreshLinkTry  # noqa: E402, F401
