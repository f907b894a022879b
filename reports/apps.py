from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        # Stored versions never change, and are cut at submission, sharing and sign-off
        # (signals sent by assessments and reviews, which never import this app).
        from . import signals

        signals.connect()
