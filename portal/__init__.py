"""Project wiring: settings, URLs and the Celery app. No domain logic lives here."""

from portal.celery import app as celery_app

__all__ = ["celery_app"]
