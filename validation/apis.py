"""REST API for validation runs and their findings (nested under a submission)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import request_user
from submissions.apis import RunOutputSerializer
from validation.models import RunFinding
from validation.selectors import findings_for_run, run_get_for_user, run_list_for_submission


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

    @extend_schema(
        parameters=[
            OpenApiParameter("severity", str),
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
