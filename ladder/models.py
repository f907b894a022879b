"""The rubric library: frameworks, their scales (levels and bands), criteria, descriptors.

A published framework version is immutable: assessments point at its rows, so changing
them would rewrite past results. Edits go into a new draft version (see services.py);
ladder/signals.py refuses any save or delete that would change a published version.
"""

from django.db import models


class Band(models.TextChoices):
    """The three bands of the ladder of participation, shared by every scale."""

    DOING_TO = "doing_to", "Doing to"
    """Decisions are made and people are told: coercing, educating, informing."""
    DOING_FOR = "doing_for", "Doing for"
    """People are asked and listened to, but the organisation decides: consulting, engaging."""
    DOING_WITH = "doing_with", "Doing with"
    """People share power and decisions as equal partners: co-designing, co-producing."""


BAND_ORDER = [Band.DOING_TO, Band.DOING_FOR, Band.DOING_WITH]


class FrameworkKind(models.TextChoices):
    LADDER = "ladder", "Ladder"
    """A programme is placed on a rung at each stage of its life (criteria are stages)."""
    PRINCIPLES = "principles", "Principles"
    """Each principle is given a maturity level (criteria are principles)."""
    CHECKLIST = "checklist", "Checklist"
    """Each check is answered no / partly / yes (levels 1-3), shown as a list, not a radar."""
    GRID = "grid", "Placement grid"
    """Two criteria are the grid's axes; the agreed pair of levels is the programme's cell."""


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    """Being edited; assessments cannot use it yet."""
    PUBLISHED = "published", "Published"
    """Frozen: assessments pin it and it never changes again."""


class PublishedFrameworkError(ValueError):
    """Raised on an attempt to change a published framework version (see ladder/signals.py).

    A ValueError so that ``loaddata`` names the fixture object it could not load.
    """


class FrameworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FrameworkStatus.PUBLISHED)

    def latest_published(self):
        """The newest published version of each framework slug."""
        latest = {}
        for framework in self.published().order_by("slug", "version"):
            latest[framework.slug] = framework
        return sorted(latest.values(), key=lambda f: (f.order, f.slug))


class FrameworkManager(models.Manager.from_queryset(FrameworkQuerySet)):
    def get_by_natural_key(self, slug, version):
        return self.get(slug=slug, version=version)


class Framework(models.Model):
    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, help_text="Used in charts and tables.")
    kind = models.CharField(max_length=20, choices=FrameworkKind.choices)
    status = models.CharField(
        max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    source = models.TextField(help_text="Citation for the framework and its official wording.")
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0, help_text="Where it appears among frameworks.")
    criterion_label = models.CharField(
        max_length=40,
        default="principle",
        help_text='What a criterion is called: "principle", "stage".',
    )
    target_level = models.PositiveIntegerField(
        help_text="The level value a programme should reach by default (action plans aim here)."
    )
    # coprod-rubric/2: a rubric beyond the core three is offered but not ticked by default.
    offered_by_default = models.BooleanField(
        default=True, help_text="Ticked by default when a facilitator creates an assessment."
    )
    # A grid's layout (kind "grid"): {"across": code, "down": code, "cells": [{"across": 1,
    # "down": 1, "name": ..., "meaning": ...}, ...]}, one cell per pair of level values.
    grid = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    format = models.PositiveSmallIntegerField(
        default=1,
        choices=[(1, "coprod-rubric/1"), (2, "coprod-rubric/2")],
        help_text="The rubric file format: version 2 adds summaries, guidance and review.",
    )
    # How to choose a level (coprod-rubric/2): shown on the scoring page and in the PDF.
    guidance_choosing = models.TextField(
        "how to choose a level", blank=True, help_text="The one tie-break rule."
    )
    guidance_not_applicable = models.TextField("when not applicable", blank=True)
    guidance_dont_know = models.TextField("when don't know yet", blank=True)
    guidance_placing = models.TextField(
        "what places a criterion",
        blank=True,
        help_text="Where an activity belongs, and which decision places a stage.",
    )
    # Who wrote and checked this version, and when it is due for review (as openprescribing
    # keeps for its measures). A blank checked_by means "not yet checked".
    written_by = models.CharField(max_length=200, blank=True)
    written_on = models.DateField(null=True, blank=True)
    checked_by = models.CharField(
        max_length=200, blank=True, help_text="A real reviewer's name; blank: not yet checked."
    )
    checked_on = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)

    objects = FrameworkManager()

    class Meta:
        ordering = ["order", "slug", "version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="unique_framework_version")
        ]

    def __str__(self):
        return f"{self.name} (version {self.version}, {self.get_status_display().lower()})"

    def natural_key(self):
        return (self.slug, self.version)

    @property
    def is_published(self):
        return self.status == FrameworkStatus.PUBLISHED

    @property
    def is_ladder(self):
        return self.kind == FrameworkKind.LADDER

    @property
    def is_checklist(self):
        return self.kind == FrameworkKind.CHECKLIST

    @property
    def is_grid(self):
        return self.kind == FrameworkKind.GRID

    @property
    def has_radar(self):
        """Principles are drawn as a radar; a ladder, a checklist and a grid have their own."""
        return self.kind == FrameworkKind.PRINCIPLES

    def grid_cell(self, across: int | None, down: int | None) -> dict | None:
        """The grid's cell for a pair of level values, or None."""
        for cell in self.grid.get("cells", []):
            if cell["across"] == across and cell["down"] == down:
                return cell
        return None

    @property
    def has_guidance(self):
        return bool(self.guidance_choosing)

    @property
    def checked_by_text(self):
        """The reviewer's name, or "not yet checked" (never an empty cell)."""
        return self.checked_by or "not yet checked"


class FrameworkPartManager(models.Manager):
    """Natural keys hang off the framework's (slug, version)."""

    key_field = None

    def get_by_natural_key(self, slug, version, key):
        return self.get(framework__slug=slug, framework__version=version, **{self.key_field: key})


class LevelManager(FrameworkPartManager):
    key_field = "value"


class Level(models.Model):
    """One step of a framework's scale: a rung of the ladder, or a maturity level."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveIntegerField(
        help_text="1 is the lowest; values run 1, 2, 3 … with no gaps."
    )
    label = models.CharField(max_length=80)
    meaning = models.TextField(help_text="What this level means, in one or two plain sentences.")
    band = models.CharField(max_length=20, choices=Band.choices)

    objects = LevelManager()

    class Meta:
        ordering = ["framework", "value"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "value"], name="unique_level_value")
        ]

    def __str__(self):
        return f"{self.value}. {self.label}"

    def natural_key(self):
        return (*self.framework.natural_key(), self.value)

    natural_key.dependencies = ["ladder.framework"]


class CriterionManager(FrameworkPartManager):
    key_field = "code"


class Criterion(models.Model):
    """A principle to be given a level, or (for the ladder) a stage of a programme's life."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=20)
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    statement = models.TextField(help_text="The official statement, quoted.")
    statement_source = models.TextField(blank=True)
    question = models.TextField(
        blank=True, help_text="The question put to assessors, in plain English."
    )
    guidance = models.TextField(
        blank=True, help_text="What counts for this criterion (e.g. what “equal” means)."
    )
    replaces = models.JSONField(
        default=list,
        blank=True,
        help_text="Codes of the previous version this criterion replaces, so rounds compare.",
    )

    objects = CriterionManager()

    class Meta:
        ordering = ["framework", "order"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_criterion_code")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def natural_key(self):
        return (*self.framework.natural_key(), self.code)

    natural_key.dependencies = ["ladder.framework"]


class DescriptorManager(models.Manager):
    def get_by_natural_key(self, slug, version, code, value):
        return self.get(
            criterion__framework__slug=slug,
            criterion__framework__version=version,
            criterion__code=code,
            level__value=value,
        )


class Descriptor(models.Model):
    """What a criterion looks like at one level, what to show for it, how to move up."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="descriptors")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="descriptors")
    summary = models.TextField(
        blank=True, help_text="Plain English, at most 25 words: what a scorer chooses from."
    )
    descriptor = models.TextField(help_text="Concrete and observable: what you would see.")
    evidence_prompts = models.JSONField(default=list, help_text="A list of things to show.")
    next_steps = models.JSONField(
        default=list, help_text="A list of steps to reach the next level."
    )

    objects = DescriptorManager()

    class Meta:
        ordering = ["criterion", "level__value"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="unique_descriptor")
        ]

    def __str__(self):
        return f"{self.criterion.code} at level {self.level.value}"

    def natural_key(self):
        return (*self.criterion.natural_key(), self.level.value)

    natural_key.dependencies = ["ladder.criterion", "ladder.level"]
