"""REST API for submissions: one view per operation, input and output serializers nested in the view."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import request_user
from portal.errors import ApplicationError
from submissions.models import Submission, SubmissionFile
from submissions.selectors import submission_get_for_user, submission_list_for_user
from submissions.services import submission_create, submission_file_add
from validation.models import ValidationRun
from validation.services import validation_run_start


class FileOutputSerializer(serializers.ModelSerializer[SubmissionFile]):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = SubmissionFile
        fields = ["id", "name", "kind", "size", "sha256", "uploaded_at"]


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


class SubmissionOutputSerializer(serializers.ModelSerializer[Submission]):
    owner = serializers.CharField(source="owner.username")
    files = FileOutputSerializer(many=True)
    latest_run = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "title",
            "organism",
            "status",
            "owner",
            "files",
            "latest_run",
            "created_at",
            "updated_at",
        ]

    def get_latest_run(self, obj: Submission) -> dict[str, Any] | None:
        run = obj.runs.order_by("-pk").first()
        return dict(RunOutputSerializer(run).data) if run else None


class SubmissionListApi(APIView):
    class SubmissionCreateInputSerializer(serializers.Serializer[Any]):
        title = serializers.CharField(max_length=200)
        organism = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Pagination(PageNumberPagination):
        page_size = 50

    @extend_schema(responses=SubmissionOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        qs: QuerySet[Submission] = submission_list_for_user(user=request_user(request)).prefetch_related(
            "files", "runs"
        )
        paginator = self.Pagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        return paginator.get_paginated_response(SubmissionOutputSerializer(page, many=True).data)

    @extend_schema(request=SubmissionCreateInputSerializer, responses={201: SubmissionOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.SubmissionCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = submission_create(owner=request_user(request), **data.validated_data)
        return Response(SubmissionOutputSerializer(submission).data, status=status.HTTP_201_CREATED)


class SubmissionDetailApi(APIView):
    @extend_schema(responses=SubmissionOutputSerializer)
    def get(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        return Response(SubmissionOutputSerializer(submission).data)


class SubmissionFileUploadApi(APIView):
    """Multipart upload of one file (form field ``file``). Resumable uploads come with the upload service."""

    parser_classes = [MultiPartParser, FormParser]

    class FileUploadInputSerializer(serializers.Serializer[Any]):
        file = serializers.FileField()

    @extend_schema(responses=FileOutputSerializer(many=True))
    def get(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        return Response(FileOutputSerializer(submission.files.all(), many=True).data)

    @extend_schema(request=FileUploadInputSerializer, responses={201: FileOutputSerializer})
    def post(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError("Send the file in the form field 'file'.", field="file")
        record = submission_file_add(
            submission=submission, by=request_user(request), name=upload.name or "", content=upload
        )
        return Response(FileOutputSerializer(record).data, status=status.HTTP_201_CREATED)


class SubmissionValidateApi(APIView):
    """Validate the draft now, without sending it to curators."""

    @extend_schema(request=None, responses={202: RunOutputSerializer})
    def post(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        run = validation_run_start(submission=submission, by=request_user(request), submit=False)
        return Response(RunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class SubmissionSubmitApi(APIView):
    """Validate and, when no blocking error remains, send the submission to curator review."""

    @extend_schema(request=None, responses={202: RunOutputSerializer})
    def post(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        run = validation_run_start(submission=submission, by=request_user(request), submit=True)
        return Response(RunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)
