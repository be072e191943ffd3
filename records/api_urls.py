"""Under /api/v1/ (see portal/urls.py)."""

from django.urls import path

from records import apis

urlpatterns = [
    path("records/", apis.RecordSearchApi.as_view(), name="api-records"),
    path("records/<str:accession>/", apis.RecordDetailApi.as_view(), name="api-record"),
    path("records/<str:accession>/promote/", apis.RecordPromoteApi.as_view(), name="api-record-promote"),
    path("blast/", apis.BlastCreateApi.as_view(), name="api-blast"),
    path("blast/<uuid:job_id>/", apis.BlastDetailApi.as_view(), name="api-blast-job"),
    path("releases/", apis.ReleaseListApi.as_view(), name="api-releases"),
]
