from django.apps import AppConfig


class AccessionsConfig(AppConfig):
    name = "accessions"
    verbose_name = "Accessions and release"

    def ready(self) -> None:
        # The release page's request section: submissions shows what is registered and never imports us.
        from accessions.views import release_requests_panel
        from submissions.panels import RELEASE, panel_register

        panel_register(release_requests_panel, page=RELEASE)
