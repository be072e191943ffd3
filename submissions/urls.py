from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.submission_list, name="list"),
    path("new/", views.submission_new, name="new"),
    path("<int:submission_id>/", views.submission_detail, name="detail"),
    path("<int:submission_id>/edit/", views.submission_edit, name="edit"),
    path("<int:submission_id>/release/", views.submission_release, name="release"),
    path("<int:submission_id>/collaborators/", views.submission_collaborators, name="collaborators"),
    path("<int:submission_id>/files/<int:file_id>/delete/", views.submission_file_delete, name="file_delete"),
    path("<int:submission_id>/submit/", views.submission_submit, name="submit"),
    path("<int:submission_id>/status.json", views.submission_status, name="status"),
    path("<int:submission_id>/runs/<int:run_id>/", views.run_report, name="run"),
    path("<int:submission_id>/runs/<int:run_id>/context/", views.run_context, name="run_context"),
    path(
        "<int:submission_id>/runs/<int:run_id>/artifacts/<str:name>", views.run_artifact, name="run_artifact"
    ),
]
