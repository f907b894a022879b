"""The demo assessment (assessments.demo) with its action plan, suggested from the rubric."""

from django.db import transaction

from assessments import demo
from assessments.models import Assessment, Programme

from .scenarios import suggest_actions


@transaction.atomic
def build_demo():
    """Create the demo organisation, people, assessment and action plan (once)."""
    first_time = not Programme.objects.filter(organisation__slug="demo-valley").exists()
    organisation = demo.build_demo()
    if first_time:
        for assessment in Assessment.objects.filter(programme__organisation=organisation):
            suggest_actions(assessment=assessment)
    return organisation
