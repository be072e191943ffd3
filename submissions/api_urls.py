"""Under /api/v1/submissions/ (see portal/urls.py). Files are added through uploads' ``files/`` and runs are
validation's; each app routes its own APIs under the same prefix."""

from django.urls import path

from submissions import apis

urlpatterns = [
    path("", apis.SubmissionListApi.as_view(), name="api-submission-list"),
    path("<int:submission_id>/", apis.SubmissionDetailApi.as_view(), name="api-submission-detail"),
    path(
        "<int:submission_id>/files/<int:file_id>/",
        apis.SubmissionFileDetailApi.as_view(),
        name="api-submission-file-detail",
    ),
    path("<int:submission_id>/release/", apis.SubmissionReleaseApi.as_view(), name="api-submission-release"),
    path(
        "<int:submission_id>/collaborators/",
        apis.SubmissionCollaboratorListApi.as_view(),
        name="api-submission-collaborators",
    ),
    path(
        "<int:submission_id>/collaborators/<int:user_id>/",
        apis.SubmissionCollaboratorDetailApi.as_view(),
        name="api-submission-collaborator-detail",
    ),
]
