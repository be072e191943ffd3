"""Validation's pages, under /submissions/ beside the submission's own (see portal/urls.py)."""

from django.urls import path

from validation import views

app_name = "validation"

urlpatterns = [
    path("<int:submission_id>/submit/", views.submission_submit, name="submit"),
    path("<int:submission_id>/status.json", views.submission_status, name="status"),
    path("<int:submission_id>/runs/<int:run_id>/", views.run_report, name="run"),
    path("<int:submission_id>/runs/<int:run_id>/context/", views.run_context, name="run_context"),
    path(
        "<int:submission_id>/runs/<int:run_id>/artifacts/<str:name>", views.run_artifact, name="run_artifact"
    ),
]
