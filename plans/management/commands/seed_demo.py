from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.demo import DEMO_PASSWORD, DEMO_USERS
from plans.demo import build_demo


class Command(BaseCommand):
    help = "Create the demo ICB, its people, a scored assessment and its action plan (idempotent)."

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
        self.stdout.write("Open http://127.0.0.1:8000/ and log in as 'facilitator'.")
