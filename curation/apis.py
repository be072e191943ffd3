"""REST API for curation: one view per operation, with this API's own serializers.

Errors are the portal's JSON ({"code", "message", "fields"}); each operation documents the ones it gives.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import request_user
from curation.models import Decision, DecisionAction, Message
from curation.selectors import (
    QueueFilters,
    decision_list,
    message_list,
    review_finding_get,
    review_queue,
    review_queue_counts,
    review_run_diff,
    review_run_get,
    review_submission_get,
    waiver_get,
    waiver_list,
)
from curation.services import message_post, review_assign, review_decide, waiver_create, waiver_revoke
from portal.apis import error_responses
from portal.text import ascii_int
from submissions.models import Submission
from submissions.selectors import submission_get_for_user
from validation.models import RunFinding, Waiver, WaiverScope


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    what = {
        400: "invalid input (fields says which)",
        401: "not signed in",
        403: "a submitter of this submission, not a curator",
        404: "no such submission, or not one you may see",
        409: "the submission's state does not allow it (e.g. an illegal transition)",
    }
    return error_responses(**{f"_{c}": what[c] for c in codes})


class ReviewQueueItemSerializer(serializers.ModelSerializer[Submission]):
    owner = serializers.CharField(source="owner.username")
    bioproject = serializers.CharField(source="bioproject.accession", default=None, allow_null=True)
    locus_tag_prefix = serializers.CharField(source="locus_tag_prefix.prefix", default=None, allow_null=True)
    curator = serializers.CharField(source="assignment.curator.username", default=None, allow_null=True)
    since = serializers.DateTimeField()
    latest_run = serializers.IntegerField(source="latest_run_id", allow_null=True)
    has_errors = serializers.BooleanField()
    has_fatal = serializers.BooleanField()
    has_waivers = serializers.BooleanField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "title",
            "organism",
            "status",
            "owner",
            "bioproject",
            "locus_tag_prefix",
            "curator",
            "since",
            "latest_run",
            "has_errors",
            "has_fatal",
            "has_waivers",
            "created_at",
        ]


class ReviewQueuePagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["counts"] = self.counts
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paged = super().get_paginated_response_schema(schema)
        paged["properties"]["counts"] = {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "description": "submissions per state, whatever the filters",
        }
        return paged

    counts: dict[str, int] = {}


class ReviewQueueApi(APIView):
    # Read by drf-spectacular: the schema gives the queue as pages with their counts.
    pagination_class = ReviewQueuePagination

    @extend_schema(
        operation_id="review_queue",
        parameters=[
            OpenApiParameter("state", str, description="a state, or empty for all (default in_review)"),
            OpenApiParameter("organism", str),
            OpenApiParameter("older_than_days", int, description="waiting in its state at least this long"),
            OpenApiParameter("curator", str, description="a username, 'me' or 'none'"),
            OpenApiParameter("has_errors", bool),
            OpenApiParameter("has_fatal", bool),
            OpenApiParameter("has_waivers", bool),
            OpenApiParameter("sort", str, enum=["oldest", "newest"]),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: ReviewQueueItemSerializer(many=True), **_errors(401, 404)},
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        qs = review_queue(user=user, filters=QueueFilters.from_query(request.query_params))
        paginator = ReviewQueuePagination()
        paginator.counts = review_queue_counts(user=user)
        page = paginator.paginate_queryset(qs, request, view=self) or []
        return paginator.get_paginated_response(ReviewQueueItemSerializer(page, many=True).data)


class ReviewAssignmentSerializer(serializers.Serializer[Any]):
    submission = serializers.IntegerField(source="submission_id")
    curator = serializers.CharField(source="curator.username")
    assigned_at = serializers.DateTimeField()


class ReviewAssignApi(APIView):
    @extend_schema(
        operation_id="review_assign",
        request=None,
        responses={200: ReviewAssignmentSerializer, **_errors(401, 403, 404, 409)},
    )
    def post(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        submission = review_submission_get(user=user, submission_id=submission_id)
        assignment = review_assign(submission=submission, curator=user)
        return Response(ReviewAssignmentSerializer(assignment).data)


class ReviewDecisionSerializer(serializers.ModelSerializer[Decision]):
    decided_by = serializers.CharField(source="decided_by.username")
    from_status = serializers.CharField(source="event.from_status")
    to_status = serializers.CharField(source="event.to_status")

    class Meta:
        model = Decision
        fields = ["id", "action", "message", "decided_by", "decided_at", "from_status", "to_status"]


class ReviewDecisionInputSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=DecisionAction.choices)
    message = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewDecisionApi(APIView):
    @extend_schema(
        operation_id="review_decisions_list",
        responses={200: ReviewDecisionSerializer(many=True), **_errors(401, 404)},
    )
    def get(self, request: Request, submission_id: int) -> Response:
        decisions = decision_list(user=request_user(request), submission_id=submission_id)
        return Response(ReviewDecisionSerializer(decisions.select_related("event"), many=True).data)

    @extend_schema(
        operation_id="review_decide",
        request=ReviewDecisionInputSerializer,
        responses={201: ReviewDecisionSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        submission = review_submission_get(user=user, submission_id=submission_id)
        data = ReviewDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = review_decide(
            submission=submission,
            by=user,
            action=data.validated_data["action"],
            message=data.validated_data["message"],
        )
        return Response(ReviewDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class ReviewWaiverSerializer(serializers.ModelSerializer[Waiver]):
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True)
    revoked_by = serializers.CharField(source="revoked_by.username", default=None, allow_null=True)
    active = serializers.BooleanField()

    class Meta:
        model = Waiver
        fields = [
            "id",
            "scope",
            "code",
            "seq_id",
            "feature",
            "location",
            "finding",
            "reason",
            "active",
            "created_by",
            "created_at",
            "revoked_by",
            "revoked_at",
            "revoke_reason",
        ]


class ReviewWaiverInputSerializer(serializers.Serializer[Any]):
    finding = serializers.IntegerField(help_text="id of a finding of one of this submission's runs")
    scope = serializers.ChoiceField(choices=WaiverScope.choices, default=WaiverScope.FINDING)
    reason = serializers.CharField()


class ReviewWaiverListApi(APIView):
    @extend_schema(
        operation_id="review_waivers_list",
        responses={200: ReviewWaiverSerializer(many=True), **_errors(401, 404)},
    )
    def get(self, request: Request, submission_id: int) -> Response:
        waivers = waiver_list(user=request_user(request), submission_id=submission_id)
        return Response(ReviewWaiverSerializer(waivers, many=True).data)

    @extend_schema(
        operation_id="review_waiver_create",
        request=ReviewWaiverInputSerializer,
        responses={201: ReviewWaiverSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        submission = review_submission_get(user=user, submission_id=submission_id)
        data = ReviewWaiverInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        waiver = waiver_create(
            submission=submission,
            by=user,
            finding=review_finding_get(submission=submission, finding_id=data.validated_data["finding"]),
            reason=data.validated_data["reason"],
            scope=data.validated_data["scope"],
        )
        return Response(ReviewWaiverSerializer(waiver).data, status=status.HTTP_201_CREATED)


class ReviewWaiverRevokeInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class ReviewWaiverRevokeApi(APIView):
    @extend_schema(
        operation_id="review_waiver_revoke",
        request=ReviewWaiverRevokeInputSerializer,
        responses={200: ReviewWaiverSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, submission_id: int, waiver_id: int) -> Response:
        user = request_user(request)
        submission = review_submission_get(user=user, submission_id=submission_id)
        data = ReviewWaiverRevokeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        waiver = waiver_revoke(
            waiver=waiver_get(submission=submission, waiver_id=waiver_id),
            by=user,
            reason=data.validated_data["reason"],
        )
        return Response(ReviewWaiverSerializer(waiver).data)


class ReviewFindingSerializer(serializers.ModelSerializer[RunFinding]):
    class Meta:
        model = RunFinding
        fields = ["id", "code", "severity", "message", "file", "line", "seq_id", "feature"]


class ReviewRunDiffSerializer(serializers.Serializer[Any]):
    since = serializers.IntegerField(source="since.pk")
    to = serializers.IntegerField(source="to.pk")
    fixed = ReviewFindingSerializer(many=True)
    new = ReviewFindingSerializer(many=True)
    unchanged = ReviewFindingSerializer(many=True)


class ReviewRunDiffApi(APIView):
    @extend_schema(
        operation_id="review_run_diff",
        parameters=[
            OpenApiParameter("since", int, required=True, description="the earlier run"),
            OpenApiParameter("to", int, required=True, description="the later run"),
        ],
        responses={200: ReviewRunDiffSerializer, **_errors(400, 401, 403, 404)},
    )
    def get(self, request: Request, submission_id: int) -> Response:
        submission = review_submission_get(user=request_user(request), submission_id=submission_id)
        ids = {k: request.query_params.get(k, "") for k in ("since", "to")}
        bad = {k: ["Give a run id."] for k, v in ids.items() if ascii_int(v) is None}
        if bad:
            return Response(
                {"code": "invalid", "message": "Give the two runs to compare.", "fields": bad},
                status=status.HTTP_400_BAD_REQUEST,
            )
        diff = review_run_diff(
            since=review_run_get(submission=submission, run_id=int(ids["since"])),
            to=review_run_get(submission=submission, run_id=int(ids["to"])),
        )
        return Response(ReviewRunDiffSerializer(diff).data)


class SubmissionMessageSerializer(serializers.ModelSerializer[Message]):
    author = serializers.CharField(source="author.username")
    decision = serializers.CharField(source="decision.action", default=None, allow_null=True)

    class Meta:
        model = Message
        fields = ["id", "author", "from_curator", "body", "decision", "created_at"]


class SubmissionMessageInputSerializer(serializers.Serializer[Any]):
    body = serializers.CharField()


class SubmissionMessageListApi(APIView):
    @extend_schema(
        operation_id="submission_messages_list",
        responses={200: SubmissionMessageSerializer(many=True), **_errors(401, 404)},
    )
    def get(self, request: Request, submission_id: int) -> Response:
        messages = message_list(user=request_user(request), submission_id=submission_id)
        return Response(SubmissionMessageSerializer(messages, many=True).data)

    @extend_schema(
        operation_id="submission_message_post",
        request=SubmissionMessageInputSerializer,
        responses={201: SubmissionMessageSerializer, **_errors(400, 401, 404)},
    )
    def post(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        submission = submission_get_for_user(user=user, submission_id=submission_id)
        data = SubmissionMessageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = message_post(submission=submission, by=user, body=data.validated_data["body"])
        return Response(SubmissionMessageSerializer(message).data, status=status.HTTP_201_CREATED)
