from django.urls import path

from bioprojects import apis

bioproject_urls = [
    path("", apis.BioProjectListApi.as_view(), name="api-bioproject-list"),
    path("<int:bioproject_id>/", apis.BioProjectDetailApi.as_view(), name="api-bioproject-detail"),
]
prefix_urls = [
    path("", apis.LocusTagPrefixListApi.as_view(), name="api-prefix-list"),
    path("check/", apis.LocusTagPrefixCheckApi.as_view(), name="api-prefix-check"),
]
