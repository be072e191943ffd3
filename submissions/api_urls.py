from django.urls import path

from submissions import apis
from validation import apis as run_apis

urlpatterns = [
    path("", apis.SubmissionListApi.as_view(), name="api-submission-list"),
    path("<int:submission_id>/", apis.SubmissionDetailApi.as_view(), name="api-submission-detail"),
    path("<int:submission_id>/files/", apis.SubmissionFileUploadApi.as_view(), name="api-submission-files"),
    path(
        "<int:submission_id>/validate/", apis.SubmissionValidateApi.as_view(), name="api-submission-validate"
    ),
    path("<int:submission_id>/submit/", apis.SubmissionSubmitApi.as_view(), name="api-submission-submit"),
    path("<int:submission_id>/runs/", run_apis.RunListApi.as_view(), name="api-run-list"),
    path("<int:submission_id>/runs/<int:run_id>/", run_apis.RunDetailApi.as_view(), name="api-run-detail"),
    path(
        "<int:submission_id>/runs/<int:run_id>/findings/",
        run_apis.RunFindingListApi.as_view(),
        name="api-run-findings",
    ),
]
