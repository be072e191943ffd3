"""REST API for accessions, publication, release requests and updates: one view per operation, each with its
own serializers.

Errors are the portal's JSON ({"code", "message", "fields"}); each operation documents the ones it gives.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accessions.models import AccessionStyle, ApprovedRecord, ReleaseRequest
from accessions.release import release_request_record, submission_publication_set
from accessions.selectors import (
    TABLE_COLUMNS,
    accession_table_for_user,
    approved_record_for_user,
    release_requests_for_user,
)
from accessions.services import submission_accession_style_set, submission_fates, submission_update_start
from accounts.models import request_user
from portal.apis import error_responses
from submissions.selectors import submission_get_for_user, submission_get_for_writer


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    what = {
        400: "invalid input (fields says which)",
        401: "not signed in",
        403: "may see the submission but not do this (e.g. a curator, or a collaborator where only the owner may)",
        404: "no such submission, or not one you may see",
        409: "the submission's state does not allow it (e.g. accessions already given, or released)",
    }
    return error_responses(**{f"_{c}": what[c] for c in codes})


class TsvRenderer(renderers.BaseRenderer):
    """``?format=tsv``: the accession table as tab-separated text with a header line, as NCBI's .accs."""

    media_type = "text/tab-separated-values"
    format = "tsv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        rows = data.get("rows", []) if isinstance(data, dict) else []
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(TABLE_COLUMNS)
        for row in rows:
            writer.writerow([row[c] for c in TABLE_COLUMNS])
        return out.getvalue().encode("utf-8")


class AccessionRowSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    local_id = serializers.CharField(
        help_text="the FASTA SeqID, or the protein's protein_id (<SeqID>_<n> when none)"
    )
    protein_id = serializers.CharField()
    transcript_id = serializers.CharField()
    seq_id = serializers.CharField()
    locus_tag = serializers.CharField()
    accession = serializers.CharField(help_text="accession.version")


class AccessionTableOutputSerializer(serializers.Serializer[Any]):
    submission = serializers.IntegerField()
    style = serializers.CharField()  # type: ignore[assignment]  # DRF keeps a `style` dict on fields; ours is the API name
    assigned_at = serializers.DateTimeField(allow_null=True)
    outputs = serializers.CharField(
        help_text="state of the approved .sqn and flatfile with the accessions in"
    )
    rows = AccessionRowSerializer(many=True)


def _table(submission_id: int, record: ApprovedRecord | None, rows: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "submission": submission_id,
        "style": record.style if record else AccessionStyle.WGS,
        "assigned_at": record.assigned_at if record else None,
        "outputs": record.outputs_state if record and record.assigned_at else "none",
        "rows": rows,
    }


class AccessionTableApi(APIView):
    """The accession table (JSON, or ``?format=tsv``); PUT chooses the numbering style before approval."""

    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer, TsvRenderer]

    def handle_exception(self, exc: Exception) -> Response:
        # Errors are the portal's JSON whatever format was asked for: a client reading ?format=tsv gets a 4xx
        # it can parse like every other, not a table with an error in it.
        # (finalize_response copies the request's renderer onto the response, so it is set there.)
        response = super().handle_exception(exc)
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return response

    class StyleInputSerializer(serializers.Serializer[Any]):
        style = serializers.ChoiceField(choices=AccessionStyle.choices)  # type: ignore[assignment]  # as above

    @extend_schema(
        operation_id="submission_accessions_get",
        responses={200: AccessionTableOutputSerializer, **_errors(401, 404)},
        parameters=[OpenApiParameter("format", str, enum=["json", "tsv"], required=False)],
    )
    def get(self, request: Request, submission_id: int) -> Response:
        submission, rows = accession_table_for_user(user=request_user(request), submission_id=submission_id)
        record = ApprovedRecord.objects.filter(submission=submission).first()
        response = Response(AccessionTableOutputSerializer(_table(submission.pk, record, rows)).data)
        if getattr(request, "accepted_renderer", None) and request.accepted_renderer.format == "tsv":
            response["Content-Disposition"] = f'attachment; filename="submission-{submission.pk}.accs.tsv"'
        return response

    @extend_schema(
        operation_id="submission_accessions_style_set",
        request=StyleInputSerializer,
        responses={200: AccessionTableOutputSerializer, **_errors(400, 401, 404, 409)},
    )
    def put(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        submission = submission_get_for_user(user=user, submission_id=submission_id)
        data = self.StyleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _writer_or_curator(user, submission_id)
        record = submission_accession_style_set(
            submission=submission, by=user, style=data.validated_data["style"]
        )
        _, rows = accession_table_for_user(user=user, submission_id=submission_id)
        return Response(AccessionTableOutputSerializer(_table(submission.pk, record, rows)).data)


def _writer_or_curator(user: Any, submission_id: int) -> None:
    from accounts.roles import user_can_review

    if not user_can_review(user):
        submission_get_for_writer(user=user, submission_id=submission_id)


class PublicationOutputSerializer(serializers.Serializer[Any]):
    pubmed_id = serializers.CharField()
    doi = serializers.CharField()
    reference = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    released_at = serializers.DateTimeField(allow_null=True)
    release_mode = serializers.CharField()
    release_date = serializers.DateField(allow_null=True)


def _publication(submission: Any, record: ApprovedRecord | None) -> dict[str, Any]:
    return {
        "pubmed_id": record.pubmed_id if record else "",
        "doi": record.doi if record else "",
        "reference": record.reference if record else "",
        "published_at": record.published_at if record else None,
        "released_at": record.released_at if record else None,
        "release_mode": submission.release_mode,
        "release_date": submission.release_date,
    }


class PublicationApi(APIView):
    """The citation (PubMed id, DOI or reference) that releases an on-publication submission."""

    class PublicationInputSerializer(serializers.Serializer[Any]):
        pubmed_id = serializers.CharField(required=False, allow_blank=True, default="")
        doi = serializers.CharField(required=False, allow_blank=True, default="")
        reference = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="submission_publication_get",
        responses={200: PublicationOutputSerializer, **_errors(401, 404)},
    )
    def get(self, request: Request, submission_id: int) -> Response:
        submission, record = approved_record_for_user(user=request_user(request), submission_id=submission_id)
        return Response(PublicationOutputSerializer(_publication(submission, record)).data)

    @extend_schema(
        operation_id="submission_publication_set",
        request=PublicationInputSerializer,
        responses={200: PublicationOutputSerializer, **_errors(400, 401, 404, 409)},
    )
    def put(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        submission = submission_get_for_user(user=user, submission_id=submission_id)
        data = self.PublicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = submission_publication_set(submission=submission, by=user, **data.validated_data)
        submission.refresh_from_db()
        return Response(PublicationOutputSerializer(_publication(submission, record)).data)


class FateRowSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    fate = serializers.ChoiceField(choices=["kept", "changed", "new", "removed"])
    accession = serializers.CharField()
    old_version = serializers.IntegerField(allow_null=True)
    new_version = serializers.IntegerField(allow_null=True)
    local_id = serializers.CharField()
    protein_id = serializers.CharField()
    locus_tag = serializers.CharField()
    retired = serializers.BooleanField()


class FateCountsSerializer(serializers.Serializer[Any]):
    """Proteins per fate (nucleotides are in the rows only)."""

    kept = serializers.IntegerField()
    changed = serializers.IntegerField()
    new = serializers.IntegerField()
    removed = serializers.IntegerField()


class FatesOutputSerializer(serializers.Serializer[Any]):
    submission = serializers.IntegerField()
    update_of = serializers.IntegerField(allow_null=True)
    counts = FateCountsSerializer()
    rows = FateRowSerializer(many=True)


def fates_data(submission: Any) -> dict[str, Any]:
    rows = submission_fates(submission=submission)
    record = ApprovedRecord.objects.filter(submission=submission).first()
    counts = {
        f: sum(1 for r in rows if r["fate"] == f and r["kind"] == "protein")
        for f in ("kept", "changed", "new", "removed")
    }
    return {
        "submission": submission.pk,
        "update_of": record.update_of_id if record else None,
        "counts": counts,
        "rows": rows,
    }


class FatesApi(APIView):
    """An update's fate report: kept, changed, new and removed proteins (and nucleotides)."""

    @extend_schema(
        operation_id="submission_fates_get", responses={200: FatesOutputSerializer, **_errors(401, 404)}
    )
    def get(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        return Response(FatesOutputSerializer(fates_data(submission)).data)


class UpdateStartOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="the new draft: replace the files that changed and submit it")
    update_of = serializers.IntegerField(help_text="the released submission it is a new version of")


class UpdateStartApi(APIView):
    """Start a new version of a released genome (a draft with its files and answers; the owner only)."""

    @extend_schema(
        operation_id="submission_update_start",
        request=None,
        responses={201: UpdateStartOutputSerializer, **_errors(401, 403, 404, 409)},
    )
    def post(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        released = submission_get_for_writer(user=user, submission_id=submission_id)
        draft = submission_update_start(released=released, by=user)
        return Response(
            UpdateStartOutputSerializer({"id": draft.pk, "update_of": released.pk}).data,
            status=status.HTTP_201_CREATED,
        )


class ReleaseRequestOutputSerializer(serializers.ModelSerializer[ReleaseRequest]):
    requested_by = serializers.CharField(source="requested_by.username", default=None, allow_null=True)

    class Meta:
        model = ReleaseRequest
        fields = ["id", "kind", "requested_by", "requested_at", "from_date", "to_date", "note"]


class ReleaseRequestListApi(APIView):
    """Extensions and early releases: the submitters ask (the plan changes at once, through the release
    plan's own limits), everyone who sees the submission reads the record of who asked what and when."""

    class ReleaseRequestInputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=ReleaseRequest.Kind.choices)
        date = serializers.DateField(
            required=False,
            allow_null=True,
            default=None,
            help_text="extend: the new, later date (required); early: an earlier date, or empty for now",
        )
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    @extend_schema(
        operation_id="submission_release_requests_list",
        responses={200: ReleaseRequestOutputSerializer(many=True), **_errors(401, 404)},
    )
    def get(self, request: Request, submission_id: int) -> Response:
        _, rows = release_requests_for_user(user=request_user(request), submission_id=submission_id)
        return Response(ReleaseRequestOutputSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="submission_release_requests_create",
        request=ReleaseRequestInputSerializer,
        responses={201: ReleaseRequestOutputSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        # Curators read the plan but do not change it (403), as on the release plan itself.
        submission = submission_get_for_writer(user=user, submission_id=submission_id)
        data = self.ReleaseRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recorded = release_request_record(submission=submission, by=user, **data.validated_data)
        return Response(ReleaseRequestOutputSerializer(recorded).data, status=status.HTTP_201_CREATED)
