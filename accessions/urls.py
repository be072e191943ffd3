"""Pages under /submissions/ (see portal/urls.py), beside submissions' own pages."""

from django.urls import path

from accessions import views

app_name = "accessions"

urlpatterns = [
    path("<int:submission_id>/accessions/", views.accession_table, name="table"),
    path("<int:submission_id>/publication/", views.publication, name="publication"),
    path("<int:submission_id>/fates/", views.fates, name="fates"),
    path("<int:submission_id>/updates/", views.update_start, name="update-start"),
    path("<int:submission_id>/release-requests/", views.release_request_create, name="release-requests"),
]
