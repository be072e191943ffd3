"""Under /api/v1/submissions/ (see portal/urls.py): starting runs, and the runs with their findings and outputs."""

from django.urls import path

from validation import apis

urlpatterns = [
    path(
        "<int:submission_id>/validate/", apis.SubmissionValidateApi.as_view(), name="api-submission-validate"
    ),
    path("<int:submission_id>/submit/", apis.SubmissionSubmitApi.as_view(), name="api-submission-submit"),
    path("<int:submission_id>/runs/", apis.RunListApi.as_view(), name="api-run-list"),
    path("<int:submission_id>/runs/<int:run_id>/", apis.RunDetailApi.as_view(), name="api-run-detail"),
    path(
        "<int:submission_id>/runs/<int:run_id>/artifacts/",
        apis.RunArtifactListApi.as_view(),
        name="api-run-artifacts",
    ),
    path(
        "<int:submission_id>/runs/<int:run_id>/artifacts/<str:name>",
        apis.RunArtifactDownloadApi.as_view(),
        name="api-run-artifact",
    ),
    path(
        "<int:submission_id>/runs/<int:run_id>/context/",
        apis.RunContextApi.as_view(),
        name="api-run-context",
    ),
    path(
        "<int:submission_id>/runs/<int:run_id>/findings/",
        apis.RunFindingListApi.as_view(),
        name="api-run-findings",
    ),
]
