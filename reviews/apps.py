from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Senate reviews"

    def ready(self):
        # assessments.access asks this app (after it in the flow) who sits on a panel.
        from assessments.access import register_panel_lookup

        from .access import seat_for

        register_panel_lookup(seat_for)
