from django.urls import path

from submissions import apis
from uploads import tus
from validation import apis as run_apis

urlpatterns = [
    path("", apis.SubmissionListApi.as_view(), name="api-submission-list"),
    path("<int:submission_id>/", apis.SubmissionDetailApi.as_view(), name="api-submission-detail"),
    path("<int:submission_id>/files/", apis.SubmissionFileUploadApi.as_view(), name="api-submission-files"),
    path(
        "<int:submission_id>/files/<int:file_id>/",
        apis.SubmissionFileDetailApi.as_view(),
        name="api-submission-file-detail",
    ),
    path("<int:submission_id>/files/uploads/", tus.UploadListApi.as_view(), name="api-upload-list"),
    path(
        "<int:submission_id>/files/uploads/<uuid:upload_id>/",
        tus.TusUploadApi.as_view(),
        name="api-upload-detail",
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
    path(
        "<int:submission_id>/validate/", apis.SubmissionValidateApi.as_view(), name="api-submission-validate"
    ),
    path("<int:submission_id>/submit/", apis.SubmissionSubmitApi.as_view(), name="api-submission-submit"),
    path("<int:submission_id>/runs/", run_apis.RunListApi.as_view(), name="api-run-list"),
    path("<int:submission_id>/runs/<int:run_id>/", run_apis.RunDetailApi.as_view(), name="api-run-detail"),
    path(
        "<int:submission_id>/runs/<int:run_id>/artifacts/",
        run_apis.RunArtifactListApi.as_view(),
        name="api-run-artifacts",
    ),
    path(
        "<int:submission_id>/runs/<int:run_id>/artifacts/<str:name>",
        run_apis.RunArtifactDownloadApi.as_view(),
        name="api-run-artifact",
    ),
    path(
        "<int:submission_id>/runs/<int:run_id>/context/",
        run_apis.RunContextApi.as_view(),
        name="api-run-context",
    ),
    path(
        "<int:submission_id>/runs/<int:run_id>/findings/",
        run_apis.RunFindingListApi.as_view(),
        name="api-run-findings",
    ),
]
