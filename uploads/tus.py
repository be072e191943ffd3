"""The tus 1.0 protocol over HTTP (https://tus.io/protocols/resumable-upload): core, creation, termination
and checksum extensions. Headers in, headers out; the work is in ``uploads.services``.

* ``POST /api/v1/submissions/{id}/files/`` with ``Tus-Resumable: 1.0.0``, ``Upload-Length`` and
  ``Upload-Metadata: filename <b64>,sha256 <b64 of hex>,md5 <b64 of hex>`` creates an upload (201, Location).
* ``HEAD`` on the location says how far it got (``Upload-Offset``); ``PATCH`` with
  ``Content-Type: application/offset+octet-stream`` and ``Upload-Offset`` adds bytes; ``DELETE`` cancels.
* ``GET`` on the location (our addition) answers JSON: the upload's status, and the file once it is whole.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import request_user
from portal.apis import error_responses
from portal.errors import ApplicationError
from portal.text import ascii_int
from submissions.models import Submission
from submissions.selectors import submission_get_for_user
from uploads.models import Upload
from uploads.selectors import upload_get_for_user
from uploads.services import (
    CHECKSUM_ALGORITHMS,
    parse_checksum,
    upload_append,
    upload_cancel,
    upload_content_check,
    upload_create,
)
from uploads.status import UploadStatus

TUS_VERSION = "1.0.0"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"


def _tus_headers(response: Response) -> Response:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def tus_options(request: Request) -> Response:
    response = Response(status=status.HTTP_204_NO_CONTENT)
    response["Tus-Version"] = TUS_VERSION
    response["Tus-Extension"] = "creation,termination,checksum"
    response["Tus-Max-Size"] = str(settings.PORTAL_MAX_UPLOAD_BYTES)
    response["Tus-Checksum-Algorithm"] = ",".join(CHECKSUM_ALGORITHMS)
    return _tus_headers(response)


def _require_version(request: Request) -> None:
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        raise ApplicationError(
            f"Send 'Tus-Resumable: {TUS_VERSION}'.", code="tus_version", field="Tus-Resumable", status=412
        )


def _int_header(request: Request, name: str) -> int:
    number = ascii_int(request.headers.get(name, ""))
    if number is None:
        raise ApplicationError(f"Send the {name} header as a whole number of bytes (digits 0-9).", field=name)
    return number


def parse_metadata(header: str) -> dict[str, str]:
    """``key base64,key base64`` -> {key: text}; a key may come without a value."""
    metadata: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in header.split(","))):
        key, _, encoded = item.partition(" ")
        try:
            metadata[key] = base64.b64decode(encoded, validate=True).decode("utf-8") if encoded else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise ApplicationError(
                f"Upload-Metadata '{key}' is not base64 of UTF-8 text.", field="Upload-Metadata"
            ) from exc
    return metadata


def upload_location(upload: Upload) -> str:
    return reverse("api-upload-detail", args=[upload.submission_id, upload.pk])


def tus_create(request: Request, submission: Submission) -> Response:
    _require_version(request)
    if request.headers.get("Upload-Defer-Length"):
        raise ApplicationError(
            "Give Upload-Length at creation; deferred lengths are not supported.", status=400
        )
    upload = upload_create(
        submission=submission,
        by=request_user(request),
        length=_int_header(request, "Upload-Length"),
        metadata=parse_metadata(request.headers.get("Upload-Metadata", "")),
    )
    response = Response(
        {"id": str(upload.pk), "location": upload_location(upload)}, status=status.HTTP_201_CREATED
    )
    response["Location"] = request.build_absolute_uri(upload_location(upload))
    response["Upload-Offset"] = "0"
    return _tus_headers(response)


class UploadOutputSerializer(serializers.ModelSerializer[Upload]):
    file_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Upload
        fields = [
            "id",
            "filename",
            "length",
            "offset",
            "status",
            "failure",
            "file_id",
            "created_at",
            "updated_at",
        ]


class UploadListApi(APIView):
    @extend_schema(responses=UploadOutputSerializer(many=True))
    def get(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        return Response(UploadOutputSerializer(submission.uploads.all(), many=True).data)


class TusUploadApi(APIView):
    """One tus upload: HEAD (offset), PATCH (bytes), DELETE (cancel), GET (status as JSON)."""

    # The body is read as a stream by the service, never parsed into memory.
    parser_classes: list[Any] = []

    @extend_schema(responses=UploadOutputSerializer)
    def get(self, request: Request, submission_id: int, upload_id: uuid.UUID) -> Response:
        upload = upload_get_for_user(
            user=request_user(request), submission_id=submission_id, upload_id=upload_id
        )
        return _tus_headers(Response(UploadOutputSerializer(upload).data))

    @extend_schema(exclude=True)
    def head(self, request: Request, submission_id: int, upload_id: uuid.UUID) -> Response:
        upload = upload_get_for_user(
            user=request_user(request), submission_id=submission_id, upload_id=upload_id
        )
        response = Response(status=status.HTTP_200_OK)
        response["Upload-Offset"] = str(upload.offset)
        response["Upload-Length"] = str(upload.length)
        response["Upload-Status"] = str(upload.status)
        return _tus_headers(response)

    @extend_schema(
        request={OFFSET_CONTENT_TYPE: {"type": "string", "format": "binary"}},
        parameters=[
            OpenApiParameter("Tus-Resumable", str, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("Upload-Offset", int, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("Upload-Checksum", str, OpenApiParameter.HEADER),
            OpenApiParameter(
                "Upload-File-Id",
                int,
                OpenApiParameter.HEADER,
                response=[204],
                description="on the PATCH that completes the upload: the id of the file it made",
            ),
        ],
        responses={
            204: None,
            **error_responses(
                _409="Upload-Offset is not where the upload is, or the upload is complete or closed",
                _412="Tus-Resumable is missing or not 1.0.0",
                _422="the file was refused (empty, not what its name says, too large once decompressed)",
                _460="the chunk does not match its Upload-Checksum",
            ),
        },
    )
    def patch(self, request: Request, submission_id: int, upload_id: uuid.UUID) -> Response:
        _require_version(request)
        upload = upload_get_for_user(
            user=request_user(request), submission_id=submission_id, upload_id=upload_id, write=True
        )
        if request.content_type.split(";")[0].strip() != OFFSET_CONTENT_TYPE:
            raise ApplicationError(
                f"Send chunks as Content-Type: {OFFSET_CONTENT_TYPE}.",
                code="unsupported_media_type",
                status=415,
            )
        checksum_header = request.headers.get("Upload-Checksum")
        first_chunk = upload.offset == 0
        upload = upload_append(
            upload=upload,
            offset=_int_header(request, "Upload-Offset"),
            read=request._request.read,
            content_length=_int_header(request, "Content-Length"),
            checksum=parse_checksum(checksum_header) if checksum_header else None,
        )
        if first_chunk:
            upload_content_check(upload=upload)  # a .docx named .fsa is refused now, not gigabytes later
        if upload.status == UploadStatus.FAILED:
            # The file was joined in this request and refused (not what its name says, a digest that differs):
            # the client hears why now, as it would from a multipart upload.
            raise ApplicationError(upload.failure, code="upload_failed", field="file", status=422)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        response["Upload-Offset"] = str(upload.offset)
        response["Upload-Status"] = str(upload.status)
        if upload.file_id is not None:
            # The last PATCH says which file it made, so a client needs no second request to find it.
            response["Upload-File-Id"] = str(upload.file_id)
        return _tus_headers(response)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, submission_id: int, upload_id: uuid.UUID) -> Response:
        upload = upload_get_for_user(
            user=request_user(request), submission_id=submission_id, upload_id=upload_id, write=True
        )
        upload_cancel(upload=upload)
        return _tus_headers(Response(status=status.HTTP_204_NO_CONTENT))
