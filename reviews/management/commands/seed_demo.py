# Here, not in plans/, because the demo ends with the senate's review (reviews), and data
# flows one way: plans knows nothing of reviews.
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.demo import DEMO_PASSWORD, DEMO_USERS
from reviews.demo import SENATE_USERS, build_demo


class Command(BaseCommand):
    help = (
        "Create the demo ICB, its people, a scored assessment and its action plan, a "
        "programme in three rounds with its feedback page, and a senate review (idempotent)."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # The demo's logins (a superuser among them) share one published password.
            raise CommandError(
                "seed_demo refuses to run with production settings (COPROD_ENV=production): "
                "its logins use a published password. Create the first admin with "
                "'manage.py createsuperuser'."
            )
        organisation = build_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {organisation.name}"))
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        roles = {
            "facilitator": "facilitator: creates assessments, invites, agrees levels",
            "clinician": "contributor: scores",
            "senate": "viewer: reads reports (a senate panel member)",
            "admin": "rubric admin: /admin/",
        }
        for username, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {roles[username]}")
        for username, *_, does in SENATE_USERS:
            self.stdout.write(f"  {username:<12} Demo Valley Clinical Senate: {does}")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in as 'facilitator'.")
