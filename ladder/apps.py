from django.apps import AppConfig


class LadderConfig(AppConfig):
    name = "ladder"
    verbose_name = "Rubric library"

    def ready(self):
        from ladder import signals

        signals.connect()
