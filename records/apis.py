"""Public REST API (anonymous, rate-limited per client): records, search, BLAST, releases.

One view per operation, each with its own serializers. ``?format=gb|fasta|json`` on a record is DRF's format
override, served by the renderers below; errors are JSON ``{"code", "message", "fields"}`` as everywhere.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, renderers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.models import request_user
from records.blast import blast_job_create, blast_job_for_viewer
from records.models import BlastJob, BlastProgram, ReviewStatus
from records.reference import reference_records_promote
from records.render import fasta_text
from records.search import records_search
from records.selectors import public_records, record_lookup, releases_public


class PublicThrottle(AnonRateThrottle):
    """Anonymous clients, per address: ``RECORDS_ANON_RATE`` (default 120/minute)."""

    scope = "records_anon"

    def get_rate(self) -> str:
        return str(getattr(settings, "RECORDS_ANON_RATE", "120/minute"))


class BlastThrottle(AnonRateThrottle):
    """Starting a BLAST costs a worker: ``RECORDS_BLAST_ANON_RATE`` (default 10/minute) per anonymous client."""

    scope = "records_blast_anon"

    def get_rate(self) -> str:
        return str(getattr(settings, "RECORDS_BLAST_ANON_RATE", "10/minute"))


class PublicApi(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [PublicThrottle]


class _RecordTextRenderer(renderers.BaseRenderer):
    """A record as plain text in one format; an error body shows its message as text."""

    charset = "utf-8"

    def text(self, data: dict[str, Any]) -> str | None:
        """The record in this format, or None when ``data`` is not a record (an error body)."""
        return None

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if not isinstance(data, dict):
            return b""
        text = self.text(data)
        return (text if text is not None else str(data.get("message", ""))).encode()


class GenBankRenderer(_RecordTextRenderer):
    media_type = "text/x-genbank"
    format = "gb"

    def text(self, data: dict[str, Any]) -> str | None:
        return str(data["flatfile"]) if "flatfile" in data else None


class FastaRenderer(_RecordTextRenderer):
    media_type = "text/x-fasta"
    format = "fasta"

    def text(self, data: dict[str, Any]) -> str | None:
        if "sequence" not in data:
            return None
        return fasta_text(f"{data['accession_version']} {data['definition']}", data["sequence"])


class RecordSummarySerializer(serializers.Serializer[Any]):
    accession_version = serializers.CharField()
    accession = serializers.CharField()
    version = serializers.IntegerField()
    kind = serializers.CharField()
    record_type = serializers.CharField()
    node = serializers.CharField()
    organism = serializers.CharField()
    definition = serializers.CharField()
    gene = serializers.CharField()
    product = serializers.CharField()
    locus_tag = serializers.CharField()
    molecule = serializers.CharField()
    length = serializers.IntegerField()
    bioproject = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Any) -> str:
        return reverse("records:detail", args=[obj.accession_version])


class FacetValueSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    count = serializers.IntegerField()


class RecordSearchOutputSerializer(serializers.Serializer[Any]):
    query = serializers.CharField()
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = RecordSummarySerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))


class RecordSearchInputSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    page = serializers.IntegerField(required=False, default=1, min_value=1)
    page_size = serializers.IntegerField(required=False, default=20, min_value=1, max_value=200)
    organism = serializers.CharField(required=False, default="")
    node = serializers.CharField(required=False, default="")
    kind = serializers.CharField(required=False, default="")
    type = serializers.CharField(required=False, default="")


class RecordSearchApi(PublicApi):
    @extend_schema(
        parameters=[RecordSearchInputSerializer],
        responses=RecordSearchOutputSerializer,
        summary="Search public records",
        operation_id="records_search",
    )
    def get(self, request: Request) -> Response:
        params = RecordSearchInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = {k: data[k] for k in ("organism", "node", "kind", "type")}
        result = records_search(
            query=data["q"], filters=filters, page=data["page"], page_size=data["page_size"]
        )
        body = {
            "query": result.query,
            "total": result.total,
            "page": result.page,
            "pages": result.pages,
            "page_size": result.page_size,
            "results": result.records,
            "facets": {k: [{"value": v, "count": n} for v, n in rows] for k, rows in result.facets.items()},
        }
        return Response(RecordSearchOutputSerializer(body).data)


class RecordDetailOutputSerializer(RecordSummarySerializer):
    is_current = serializers.BooleanField()
    review_status = serializers.CharField()
    source_accession = serializers.CharField()
    lineage = serializers.CharField()
    taxon_id = serializers.CharField()
    released_at = serializers.DateTimeField()
    parent_accession = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    flatfile = serializers.CharField()
    sequence = serializers.CharField()

    def get_parent_accession(self, obj: Any) -> str | None:
        return obj.parent.accession_version if obj.parent_id else None

    def get_versions(self, obj: Any) -> list[str]:
        return list(
            public_records(current=False)
            .filter(accession=obj.accession)
            .order_by("version")
            .values_list("accession_version", flat=True)
        )


class RecordDetailApi(PublicApi):
    renderer_classes = [renderers.JSONRenderer, GenBankRenderer, FastaRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format", str, enum=["json", "gb", "fasta"], description="json (default), gb or fasta"
            )
        ],
        responses=RecordDetailOutputSerializer,
        operation_id="records_retrieve",
        summary="One public record (an alias or unversioned accession redirects to the current version)",
    )
    def get(self, request: Request, accession: str) -> Any:
        record, target = record_lookup(accession)
        if target is not None:
            query = request.META.get("QUERY_STRING", "")
            return redirect(reverse("api-record", args=[target]) + (f"?{query}" if query else ""))
        return Response(RecordDetailOutputSerializer(record).data)


class BlastInputSerializer(serializers.Serializer[Any]):
    program = serializers.ChoiceField(choices=BlastProgram.choices)
    query = serializers.CharField(max_length=200_000)
    evalue = serializers.FloatField(required=False, default=10.0)
    max_hits = serializers.IntegerField(required=False, default=50)


class BlastHspSerializer(serializers.Serializer[Any]):
    evalue = serializers.FloatField()
    bit_score = serializers.FloatField()
    identity = serializers.IntegerField()
    align_len = serializers.IntegerField()
    gaps = serializers.IntegerField()
    query_from = serializers.IntegerField()
    query_to = serializers.IntegerField()
    hit_from = serializers.IntegerField()
    hit_to = serializers.IntegerField()
    qseq = serializers.CharField()
    hseq = serializers.CharField()
    midline = serializers.CharField()


class BlastHitSerializer(serializers.Serializer[Any]):
    accession = serializers.CharField()
    definition = serializers.CharField()
    length = serializers.IntegerField()
    url = serializers.CharField()
    hsps = BlastHspSerializer(many=True)


class BlastJobOutputSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    program = serializers.CharField()
    state = serializers.CharField()
    message = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    database_generation = serializers.IntegerField(allow_null=True)
    hits = BlastHitSerializer(many=True)
    url = serializers.CharField()


def _job_body(job: BlastJob) -> dict[str, Any]:
    hits = [{**h, "url": reverse("records:detail", args=[h["accession"]])} for h in blast_job_for_viewer(job)]
    return {
        "id": job.pk,
        "program": job.program,
        "state": job.state,
        "message": job.message,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "database_generation": job.database.generation if job.database else None,
        "hits": hits,
        "url": reverse("api-blast-job", args=[job.pk]),
    }


class BlastCreateApi(PublicApi):
    throttle_classes = [PublicThrottle, BlastThrottle]

    @extend_schema(
        request=BlastInputSerializer,
        responses={202: BlastJobOutputSerializer},
        summary="Start a BLAST search",
    )
    def post(self, request: Request) -> Response:
        data = BlastInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = blast_job_create(
            **data.validated_data, owner=request_user(request) if request.user.is_authenticated else None
        )
        return Response(BlastJobOutputSerializer(_job_body(job)).data, status=status.HTTP_202_ACCEPTED)


class BlastDetailApi(PublicApi):
    @extend_schema(
        responses=BlastJobOutputSerializer, summary="A BLAST search: state, then hits with alignments"
    )
    def get(self, request: Request, job_id: str) -> Response:
        job = get_object_or_404(BlastJob.objects.select_related("database"), pk=job_id)
        return Response(BlastJobOutputSerializer(_job_body(job)).data)


class PublicReleaseFileSerializer(serializers.Serializer[Any]):
    node = serializers.CharField()
    kind = serializers.CharField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    records = serializers.IntegerField()
    sha256 = serializers.CharField()
    md5 = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Any) -> str:
        return reverse("records:release-file", args=[obj.release.number, obj.node, obj.name])


class PublicReleaseSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    cutoff = serializers.DateTimeField()
    finished_at = serializers.DateTimeField()
    statistics = serializers.JSONField()
    files = PublicReleaseFileSerializer(many=True)


class ReleaseListApi(PublicApi):
    @extend_schema(
        responses=PublicReleaseSerializer(many=True), summary="Releases, newest first, with their files"
    )
    def get(self, request: Request) -> Response:
        releases = releases_public().prefetch_related("files")[:50]
        return Response(PublicReleaseSerializer(releases, many=True).data)


class PromoteInputSerializer(serializers.Serializer[Any]):
    review_status = serializers.ChoiceField(choices=ReviewStatus.choices)


class PromoteOutputSerializer(serializers.Serializer[Any]):
    created = RecordSummarySerializer(many=True)


class RecordPromoteApi(APIView):
    """Curators only: derive reference records (NC_/NW_, NM_/XM_, NP_/XP_, WP_) from a released genome."""

    @extend_schema(
        request=PromoteInputSerializer,
        responses={201: PromoteOutputSerializer},
        summary="Promote to reference records",
    )
    def post(self, request: Request, accession: str) -> Response:
        data = PromoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record, target = record_lookup(accession)
        if record is None:
            record = public_records().get(accession_version=target)
        created = reference_records_promote(
            record=record, by=request_user(request), review_status=data.validated_data["review_status"]
        )
        return Response(PromoteOutputSerializer({"created": created}).data, status=status.HTTP_201_CREATED)
