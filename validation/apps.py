from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "validation"
    verbose_name = "Validation runs"

    def ready(self) -> None:
        # The runs' section of a submission's page: submissions shows what is registered and never imports us.
        from submissions.panels import panel_register
        from validation.views import run_panel

        panel_register(run_panel)
