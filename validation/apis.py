"""REST API for validation runs and their findings (nested under a submission), and starting a run: ``validate/``
and ``submit/`` live here because what they make is a run, and validation sits above submissions."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import request_user
from portal.apis import error_responses
from portal.errors import ApplicationError
from portal.text import ascii_int
from submissions.selectors import submission_get_for_writer
from validation.models import RunArtifact, RunFinding, ValidationRun
from validation.selectors import (
    SEVERITIES,
    artifact_get_for_user,
    findings_for_run,
    run_get_for_user,
    run_input_context,
    run_list_for_submission,
)
from validation.services import validation_run_start


class RunOutputSerializer(serializers.ModelSerializer[ValidationRun]):
    class Meta:
        model = ValidationRun
        fields = [
            "id",
            "status",
            "submit",
            "progress",
            "progress_note",
            "summary",
            "failure",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
        ]


class RunListApi(APIView):
    @extend_schema(responses=RunOutputSerializer(many=True))
    def get(self, request: Request, submission_id: int) -> Response:
        runs = run_list_for_submission(user=request_user(request), submission_id=submission_id)
        return Response(RunOutputSerializer(runs, many=True).data)


class RunDetailApi(APIView):
    @extend_schema(responses=RunOutputSerializer)
    def get(self, request: Request, submission_id: int, run_id: int) -> Response:
        run = run_get_for_user(user=request_user(request), submission_id=submission_id, run_id=run_id)
        return Response(RunOutputSerializer(run).data)


class RunFindingListApi(APIView):
    class FindingOutputSerializer(serializers.ModelSerializer[RunFinding]):
        class Meta:
            model = RunFinding
            fields = [
                "id",
                "code",
                "severity",
                "message",
                "fix",
                "file",
                "line",
                "column",
                "seq_id",
                "feature",
                "ncbi",
            ]

    class Pagination(PageNumberPagination):
        page_size = 200
        page_size_query_param = "page_size"
        max_page_size = 5000

    # Read by drf-spectacular: the schema gives the findings as pages (count, next, previous, results).
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("severity", str, enum=SEVERITIES),
            OpenApiParameter("code", str),
            OpenApiParameter("file", str),
        ],
        responses=FindingOutputSerializer(many=True),
    )
    def get(self, request: Request, submission_id: int, run_id: int) -> Response:
        run = run_get_for_user(user=request_user(request), submission_id=submission_id, run_id=run_id)
        params: dict[str, Any] = {k: request.query_params.get(k) for k in ("severity", "code", "file")}
        qs = findings_for_run(run=run, **params)
        paginator = self.Pagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        return paginator.get_paginated_response(self.FindingOutputSerializer(page, many=True).data)


class ArtifactOutputSerializer(serializers.ModelSerializer[RunArtifact]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = RunArtifact
        fields = ["name", "size", "url", "created_at"]

    def get_url(self, obj: RunArtifact) -> str:
        return reverse("api-run-artifact", args=[self.context["submission_id"], obj.run_id, obj.name])


class RunArtifactListApi(APIView):
    @extend_schema(responses=ArtifactOutputSerializer(many=True))
    def get(self, request: Request, submission_id: int, run_id: int) -> Response:
        run = run_get_for_user(user=request_user(request), submission_id=submission_id, run_id=run_id)
        # The submission comes from the run already read: joining each artifact to its run decoded the run's
        # overview once per artifact.
        context = {"submission_id": run.submission_id}
        return Response(ArtifactOutputSerializer(run.artifacts.all(), many=True, context=context).data)


def artifact_media_type(name: str) -> str:
    """What a run's output is: report.json is JSON (a browser or client parses it as such); the rest (.sqn,
    .gbf, .val, .tbl, .txt) are text."""
    return "application/json" if name.endswith(".json") else "text/plain; charset=utf-8"


def artifact_response(artifact: RunArtifact) -> FileResponse:
    """The stored file, streamed (never read into memory), as a download under its own name."""
    return FileResponse(
        artifact.stored.open("rb"),
        as_attachment=True,
        filename=artifact.name,
        content_type=artifact_media_type(artifact.name),
    )


class RunArtifactDownloadApi(APIView):
    """One output of the run: ``<base>.sqn``, ``<base>.gbf``, ``<base>.val``, ``errorsummary.val``,
    ``discrepancy.txt``, ``report.json`` (which exist depends on the engine's version)."""

    @extend_schema(
        responses={
            (200, "text/plain"): OpenApiTypes.BINARY,
            (200, "application/json"): OpenApiTypes.OBJECT,
            **error_responses(_404="no such run or output, or not one you may see"),
        }
    )
    def get(self, request: Request, submission_id: int, run_id: int, name: str) -> FileResponse:
        artifact = artifact_get_for_user(
            user=request_user(request), submission_id=submission_id, run_id=run_id, name=name
        )
        return artifact_response(artifact)


class RunContextApi(APIView):
    """Lines around ``line`` of ``file`` (the user's file name), as the run read it; gzip is read through."""

    class ContextOutputSerializer(serializers.Serializer[Any]):
        file = serializers.CharField()
        line = serializers.IntegerField()
        lines = serializers.ListField(child=serializers.ListField())
        truncated = serializers.BooleanField()

    @extend_schema(
        parameters=[
            OpenApiParameter("file", str, required=True),
            OpenApiParameter("line", int, required=True),
            OpenApiParameter("around", int),
        ],
        responses=ContextOutputSerializer,
    )
    def get(self, request: Request, submission_id: int, run_id: int) -> Response:
        run = run_get_for_user(user=request_user(request), submission_id=submission_id, run_id=run_id)
        line = ascii_int(request.query_params.get("line", ""))
        around = ascii_int(request.query_params.get("around", "4"))
        if line is None or line < 1:
            raise ApplicationError("Give the line as a positive whole number.", field="line")
        if around is None or around > 50:
            raise ApplicationError("Give 'around' as a whole number up to 50.", field="around")
        context = run_input_context(
            run=run, file=request.query_params.get("file", ""), line=line, around=around
        )
        return Response(self.ContextOutputSerializer(context).data)


_RUN_START_RESPONSES = {
    202: RunOutputSerializer,
    **error_responses(
        _409="the submission is not a draft or in need of fixes, or has no files",
        _429="too many validation runs lately (Retry-After says when to try again)",
    ),
}


class _RunStartApi(APIView):
    """Start a validation run; ``submit`` says whether a clean run sends the submission to curators."""

    submit: ClassVar[bool]

    def post(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        submission = submission_get_for_writer(user=user, submission_id=submission_id)
        run = validation_run_start(submission=submission, by=user, submit=self.submit)
        return Response(RunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(post=extend_schema(request=None, responses=_RUN_START_RESPONSES))
class SubmissionValidateApi(_RunStartApi):
    """Validate the draft now, without sending it to curators."""

    submit = False


@extend_schema_view(post=extend_schema(request=None, responses=_RUN_START_RESPONSES))
class SubmissionSubmitApi(_RunStartApi):
    """Validate and, when no blocking error remains, send the submission to curator review."""

    submit = True
