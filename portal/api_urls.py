from django.urls import include, path

from bioprojects.api_urls import bioproject_urls, prefix_urls

urlpatterns = [
    path("auth/", include("accounts.api_urls")),
    path("bioprojects/", include(bioproject_urls)),
    path("locus-tag-prefixes/", include(prefix_urls)),
    path("submissions/", include("submissions.api_urls")),
]
