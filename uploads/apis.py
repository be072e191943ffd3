"""REST API for adding files to a submission: ``files/`` takes one multipart POST, or starts a tus upload.

It lives here, not in submissions, because the same URL also creates resumable uploads (tus needs creation at
the collection's URL): uploads sits above submissions and calls its services; submissions never calls uploads.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import request_user
from portal.apis import error_responses
from portal.errors import ApplicationError
from submissions.models import SubmissionFile
from submissions.selectors import submission_get_for_user, submission_get_for_writer
from submissions.services import submission_file_add
from uploads.tus import tus_create, tus_options


class SubmissionFileOutputSerializer(serializers.ModelSerializer[SubmissionFile]):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = SubmissionFile
        fields = ["id", "name", "kind", "size", "sha256", "uploaded_at"]


class SubmissionFileUploadApi(APIView):
    """Upload a file: multipart (form field ``file``), or start a resumable tus 1.0 upload.

    A POST carrying ``Tus-Resumable: 1.0.0`` and ``Upload-Length`` creates a tus upload (201, ``Location``);
    the bytes then go by PATCH to that location (see the uploads endpoints). A file with the name of an
    earlier one replaces it.
    """

    parser_classes = [MultiPartParser, FormParser]

    class FileUploadInputSerializer(serializers.Serializer[Any]):
        file = serializers.FileField()

    @extend_schema(responses=SubmissionFileOutputSerializer(many=True))
    def get(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        return Response(SubmissionFileOutputSerializer(submission.files.all(), many=True).data)

    @extend_schema(
        request=FileUploadInputSerializer,
        responses={
            201: SubmissionFileOutputSerializer,
            **error_responses(
                _409="the submission cannot take files in its state",
                _422="the file was refused (empty, not what its name says, too large once decompressed)",
            ),
        },
    )
    def post(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_writer(user=request_user(request), submission_id=submission_id)
        if request.headers.get("Tus-Resumable"):
            return tus_create(request, submission)
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError("Send the file in the form field 'file'.", field="file")
        record = submission_file_add(
            submission=submission, by=request_user(request), name=upload.name or "", content=upload
        )
        return Response(SubmissionFileOutputSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(exclude=True)
    def options(self, request: Request, *args: Any, **kwargs: Any) -> Response:  # type: ignore[override]
        # tus discovery: which versions, extensions and sizes this server takes.
        return tus_options(request)
