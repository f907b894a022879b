from django.apps import AppConfig


class PaperConfig(AppConfig):
    """Scoring on paper: a large-print form to print, and a page to enter one returned."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "paper"
    verbose_name = "Paper scoring"
