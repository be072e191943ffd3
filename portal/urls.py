"""The project's URLs: every app's pages and APIs, each from the app's own url modules.

Several apps route under the same prefix (a submission's files are uploads', its runs validation's); their
paths do not overlap. Apps never import this module (reverse by name instead).
"""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from bioprojects.api_urls import bioproject_urls, prefix_urls
from portal import views

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("bioprojects/", include("bioprojects.urls")),
    path("submissions/", include("submissions.urls")),
    path("submissions/", include("validation.urls")),
    path("submissions/", include("accessions.urls")),
    path("", include("curation.urls")),
    path("", include("records.urls")),
    path("api/v1/auth/", include("accounts.api_urls")),
    path("api/v1/bioprojects/", include(bioproject_urls)),
    path("api/v1/locus-tag-prefixes/", include(prefix_urls)),
    path("api/v1/submissions/", include("submissions.api_urls")),
    path("api/v1/submissions/", include("uploads.api_urls")),
    path("api/v1/submissions/", include("validation.api_urls")),
    path("api/v1/submissions/", include("accessions.api_urls")),
    path("api/v1/", include("curation.api_urls")),
    path("api/v1/", include("records.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
