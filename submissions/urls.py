"""The submission's own pages. Validation's (submit, status, run reports) sit under the same prefix, in
validation.urls."""

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
]
