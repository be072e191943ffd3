from django.apps import AppConfig


class AccessionsConfig(AppConfig):
    name = "accessions"
    verbose_name = "Accessions and release"
