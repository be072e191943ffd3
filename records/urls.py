"""Public pages at the site's root (see portal/urls.py): /records/, /search/, /blast/, /downloads/, /releases/."""

from django.urls import path

from records import views

app_name = "records"

urlpatterns = [
    path("records/", views.records_index, name="index"),
    path("records/<str:identifier>", views.record_detail, name="detail"),
    path("records/<str:identifier>/graphic.svg", views.record_graphic, name="graphic"),
    path("records/<str:identifier>/download", views.record_download, name="download"),
    path("records/<str:identifier>/history", views.record_history, name="history"),
    path("records/<str:identifier>/diff", views.record_diff, name="diff"),
    path("records/<str:identifier>/promote", views.record_promote, name="promote"),
    path("search/", views.search, name="search"),
    path("blast/", views.blast_form, name="blast"),
    path("blast/<uuid:job_id>/", views.blast_job, name="blast-job"),
    path("downloads/", views.downloads, name="downloads"),
    path("releases/", views.release_list, name="releases"),
    path("releases/<int:number>/", views.release_detail, name="release"),
    path("releases/<int:number>/stats/", views.release_stats, name="release-stats"),
    path("releases/<int:number>/release-notes.txt", views.release_notes, name="release-notes"),
    path(
        "releases/<int:number>/checksums.<str:algorithm>", views.release_checksums, name="release-checksums"
    ),
    path("releases/<int:number>/<str:node>/<str:name>", views.release_file, name="release-file"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
