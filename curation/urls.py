"""Curation's pages: the curators' queue and review under /review/, the message thread beside the submission's
own pages (portal/urls.py includes this module at the root)."""

from django.urls import path

from curation import views

app_name = "curation"

urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/landing/", views.landing, name="landing"),
    path("review/<int:submission_id>/", views.review, name="review"),
    path("review/<int:submission_id>/diff/", views.run_diff, name="diff"),
    path("review/<int:submission_id>/assign/", views.assign, name="assign"),
    path("review/<int:submission_id>/decision/", views.decide, name="decide"),
    path("review/<int:submission_id>/waivers/", views.waive, name="waive"),
    path("review/<int:submission_id>/waivers/<int:waiver_id>/revoke/", views.revoke, name="revoke"),
    path("submissions/<int:submission_id>/messages/", views.thread, name="thread"),
]
