"""Under /api/v1/submissions/ (see portal/urls.py): the files collection's uploads, multipart and tus."""

from django.urls import path

from uploads import apis, tus

urlpatterns = [
    path("<int:submission_id>/files/", apis.SubmissionFileUploadApi.as_view(), name="api-submission-files"),
    path("<int:submission_id>/files/uploads/", tus.UploadListApi.as_view(), name="api-upload-list"),
    path(
        "<int:submission_id>/files/uploads/<uuid:upload_id>/",
        tus.TusUploadApi.as_view(),
        name="api-upload-detail",
    ),
]
