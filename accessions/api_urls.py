"""Under /api/v1/submissions/ (see portal/urls.py), beside submissions' own routes."""

from django.urls import path

from accessions import apis

urlpatterns = [
    path(
        "<int:submission_id>/accessions/", apis.AccessionTableApi.as_view(), name="api-submission-accessions"
    ),
    path(
        "<int:submission_id>/publication/", apis.PublicationApi.as_view(), name="api-submission-publication"
    ),
    path("<int:submission_id>/fates/", apis.FatesApi.as_view(), name="api-submission-fates"),
    path("<int:submission_id>/updates/", apis.UpdateStartApi.as_view(), name="api-submission-updates"),
    path(
        "<int:submission_id>/release-requests/",
        apis.ReleaseRequestListApi.as_view(),
        name="api-submission-release-requests",
    ),
]
