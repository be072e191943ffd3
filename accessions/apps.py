from django.apps import AppConfig


class AccessionsConfig(AppConfig):
    name = "accessions"
    verbose_name = "Accessions and release"

    def ready(self) -> None:
        # The release page's request section, and the update check in every validation run: submissions and
        # validation call what is registered and never import us.
        from accessions.checks import update_accessions_check
        from accessions.views import release_requests_panel
        from submissions.panels import RELEASE, panel_register
        from validation.checks import run_check_register

        panel_register(release_requests_panel, page=RELEASE)
        run_check_register(update_accessions_check)
