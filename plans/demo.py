"""The demo assessment (assessments.demo) with its action plan, suggested from the rubric,
and a programme assessed in three rounds with "you said, we did" (demo_rounds)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from assessments import demo
from assessments.models import Assessment, Programme

from .demo_rounds import build_rounds
from .scenarios import suggest_actions


@transaction.atomic
def build_demo():
    """Create the demo organisation, people, assessments and action plans (once)."""
    first_time = not Programme.objects.filter(organisation__slug="demo-valley").exists()
    organisation = demo.build_demo()
    if first_time:
        for assessment in Assessment.objects.filter(programme__organisation=organisation):
            suggest_actions(assessment=assessment)
    usernames = [username for username, *_ in demo.DEMO_USERS]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    build_rounds(organisation=organisation, users=users)
    return organisation
