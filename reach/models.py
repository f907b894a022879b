"""Who a programme's engagement reached, per assessment: counts by group beside each
group's share of the local population. Aggregates only: nothing here is about a person."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .categories import BY_CODE, Dimension


class Reach(models.Model):
    """The assessment's totals and where its population shares come from."""

    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="reach"
    )
    people_reached = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Everyone the engagement reached: the base for your own groups.",
    )
    population_source = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Who was involved in {self.assessment}"


class ReachGroup(models.Model):
    """One group: an ONS category (by code) or one the team names (dimension OWN, label)."""

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="reach_groups"
    )
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    code = models.CharField(max_length=40, blank=True)  # blank for the team's own groups
    own_label = models.CharField(max_length=120, blank=True)
    reached = models.PositiveIntegerField(null=True, blank=True)
    population_share = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Per cent of the local population",
    )

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "code"],
                condition=~models.Q(code=""),
                name="reach_one_row_per_category",
            ),
            models.UniqueConstraint(
                fields=["assessment", "own_label"],
                condition=models.Q(code=""),
                name="reach_own_group_names_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(population_share__gte=0, population_share__lte=100)
                | models.Q(population_share__isnull=True),
                name="reach_share_is_a_percentage",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return BY_CODE[self.code].label if self.code else self.own_label
