"""Curation's API, included at /api/v1/ (portal/urls.py): the review operations, and a submission's messages
beside the submission's other resources."""

from django.urls import path

from curation import apis

urlpatterns = [
    path("review/queue/", apis.ReviewQueueApi.as_view(), name="api-review-queue"),
    path("review/<int:submission_id>/assign/", apis.ReviewAssignApi.as_view(), name="api-review-assign"),
    path(
        "review/<int:submission_id>/decision/", apis.ReviewDecisionApi.as_view(), name="api-review-decision"
    ),
    path(
        "review/<int:submission_id>/waivers/", apis.ReviewWaiverListApi.as_view(), name="api-review-waivers"
    ),
    path(
        "review/<int:submission_id>/waivers/<int:waiver_id>/revoke/",
        apis.ReviewWaiverRevokeApi.as_view(),
        name="api-review-waiver-revoke",
    ),
    path("review/<int:submission_id>/diff/", apis.ReviewRunDiffApi.as_view(), name="api-review-diff"),
    path(
        "submissions/<int:submission_id>/messages/",
        apis.SubmissionMessageListApi.as_view(),
        name="api-submission-messages",
    ),
]
