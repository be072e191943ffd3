from django.apps import AppConfig


class BioprojectsConfig(AppConfig):
    name = "bioprojects"
    verbose_name = "BioProjects and locus_tag prefixes"
