"""REST API for submissions: one view per operation, input and output serializers nested in the view."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import request_user
from submissions.metadata import (
    submission_collaborator_add,
    submission_collaborator_remove,
    submission_release_set,
    submission_template_summary,
    submission_update,
)
from submissions.models import ReleaseChange, ReleaseMode, Submission, SubmissionFile
from submissions.selectors import (
    submission_file_get_for_user,
    submission_get_for_user,
    submission_get_for_writer,
    submission_list_for_user,
    submission_with_relations,
)
from submissions.services import submission_create, submission_file_remove


class FileOutputSerializer(serializers.ModelSerializer[SubmissionFile]):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = SubmissionFile
        fields = ["id", "name", "kind", "size", "sha256", "uploaded_at"]


class LatestRunOutputSerializer(serializers.Serializer[Any]):
    """The submission's latest validation run, as a submission shows it. The runs are validation's (its API
    has them in full); this app only reads the ``runs`` relation and never imports validation."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    submit = serializers.BooleanField()
    progress = serializers.IntegerField()
    progress_note = serializers.CharField()
    summary = serializers.JSONField()
    failure = serializers.CharField()
    attempts = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class ReleaseChangeOutputSerializer(serializers.ModelSerializer[ReleaseChange]):
    changed_by = serializers.CharField(source="changed_by.username", default=None, allow_null=True)

    class Meta:
        model = ReleaseChange
        fields = ["changed_by", "changed_at", "from_mode", "from_date", "to_mode", "to_date"]


class ReleaseOutputSerializer(serializers.Serializer[Submission]):
    mode = serializers.CharField(source="release_mode")
    date = serializers.DateField(source="release_date", allow_null=True)
    changes = ReleaseChangeOutputSerializer(source="release_changes", many=True)


class BioProjectRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    accession = serializers.CharField()


class SubmissionOutputSerializer(serializers.ModelSerializer[Submission]):
    owner = serializers.CharField(source="owner.username")
    files = FileOutputSerializer(many=True)
    latest_run = serializers.SerializerMethodField()
    bioproject = BioProjectRefSerializer(allow_null=True)
    locus_tag_prefix = serializers.CharField(source="locus_tag_prefix.prefix", default=None, allow_null=True)
    collaborators: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="username"
    )
    release = ReleaseOutputSerializer(source="*")

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
            "source_modifiers",
            "assembly_method",
            "assembly_name",
            "genome_coverage",
            "sequencing_technology",
            "contact",
            "authors",
            "affiliation",
            "release",
            "collaborators",
            "files",
            "latest_run",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(LatestRunOutputSerializer(allow_null=True))
    def get_latest_run(self, obj: Submission) -> dict[str, Any] | None:
        # Prefetched by submission_with_relations; a submission fetched otherwise asks (one query).
        latest = getattr(obj, "latest_runs", None)
        if latest is None:
            latest = list(obj.runs.defer("overview", "inputs").order_by("-pk")[:1])
        return dict(LatestRunOutputSerializer(latest[0]).data) if latest else None


class TemplateSummarySerializer(serializers.Serializer[Any]):
    file = serializers.CharField()
    contact = serializers.CharField()
    email = serializers.CharField()
    authors = serializers.ListField(child=serializers.CharField())
    affiliation = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())


class SubmissionDetailOutputSerializer(SubmissionOutputSerializer):
    template = serializers.SerializerMethodField()

    class Meta(SubmissionOutputSerializer.Meta):
        fields = [*SubmissionOutputSerializer.Meta.fields, "template"]

    @extend_schema_field(TemplateSummarySerializer(allow_null=True))
    def get_template(self, obj: Submission) -> dict[str, Any] | None:
        """What the uploaded .sbt says, read by the engine (null when the .sbt is generated from the fields)."""
        summary = submission_template_summary(submission=obj)
        return dict(TemplateSummarySerializer(summary).data) if summary else None


class PersonSerializer(serializers.Serializer[Any]):
    first = serializers.CharField(required=False, allow_blank=True)
    middle = serializers.CharField(required=False, allow_blank=True)
    last = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)


class AffiliationSerializer(serializers.Serializer[Any]):
    institution = serializers.CharField(required=False, allow_blank=True)
    department = serializers.CharField(required=False, allow_blank=True)
    street = serializers.CharField(required=False, allow_blank=True)
    city = serializers.CharField(required=False, allow_blank=True)
    state = serializers.CharField(required=False, allow_blank=True)
    postal_code = serializers.CharField(required=False, allow_blank=True)
    country = serializers.CharField(required=False, allow_blank=True)


class SubmissionDetailsInputSerializer(serializers.Serializer[Any]):
    """The wizard's fields; all optional on update. Deeper checks live in ``submission_update``."""

    title = serializers.CharField(max_length=200, required=False)
    organism = serializers.CharField(max_length=200, required=False, allow_blank=True)
    bioproject = serializers.IntegerField(
        required=False, allow_null=True, help_text="id of one of your BioProjects"
    )
    locus_tag_prefix = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text="a prefix registered to that BioProject"
    )
    source_modifiers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    assembly_method = serializers.CharField(max_length=200, required=False, allow_blank=True)
    assembly_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    genome_coverage = serializers.CharField(max_length=50, required=False, allow_blank=True)
    sequencing_technology = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact = PersonSerializer(required=False)
    authors = PersonSerializer(many=True, required=False)
    affiliation = AffiliationSerializer(required=False)


class SubmissionListApi(APIView):
    class SubmissionCreateInputSerializer(SubmissionDetailsInputSerializer):
        title = serializers.CharField(max_length=200)

    class Pagination(PageNumberPagination):
        page_size = 50

    # Read by drf-spectacular: the schema gives the list as pages (count, next, previous, results).
    pagination_class = Pagination

    @extend_schema(responses=SubmissionOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        qs: QuerySet[Submission] = submission_with_relations(
            submission_list_for_user(user=request_user(request))
        )
        paginator = self.Pagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        return paginator.get_paginated_response(SubmissionOutputSerializer(page, many=True).data)

    @extend_schema(request=SubmissionCreateInputSerializer, responses={201: SubmissionDetailOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.SubmissionCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        details = dict(data.validated_data)
        submission = submission_create(
            owner=request_user(request),
            title=details.pop("title"),
            organism=details.pop("organism", ""),
            details=details,
        )
        return Response(SubmissionDetailOutputSerializer(submission).data, status=status.HTTP_201_CREATED)


class SubmissionDetailApi(APIView):
    @extend_schema(responses=SubmissionDetailOutputSerializer)
    def get(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(
            user=request_user(request), submission_id=submission_id, shape=submission_with_relations
        )
        return Response(SubmissionDetailOutputSerializer(submission).data)

    @extend_schema(request=SubmissionDetailsInputSerializer, responses=SubmissionDetailOutputSerializer)
    def patch(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_writer(user=request_user(request), submission_id=submission_id)
        data = SubmissionDetailsInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        submission_update(submission=submission, by=request_user(request), data=dict(data.validated_data))
        return Response(SubmissionDetailOutputSerializer(submission).data)


class SubmissionReleaseApi(APIView):
    """When the records go public: now, on a date, or when published (with a latest date)."""

    class ReleaseInputSerializer(serializers.Serializer[Any]):
        mode = serializers.ChoiceField(choices=ReleaseMode.choices)
        date = serializers.DateField(required=False, allow_null=True)

    @extend_schema(responses=ReleaseOutputSerializer)
    def get(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        return Response(ReleaseOutputSerializer(submission).data)

    @extend_schema(request=ReleaseInputSerializer, responses=ReleaseOutputSerializer)
    def put(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_writer(user=request_user(request), submission_id=submission_id)
        data = self.ReleaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission_release_set(
            submission=submission,
            by=request_user(request),
            mode=data.validated_data["mode"],
            date=data.validated_data.get("date"),
        )
        return Response(ReleaseOutputSerializer(submission).data)


class CollaboratorOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()


class SubmissionCollaboratorListApi(APIView):
    class CollaboratorInputSerializer(serializers.Serializer[Any]):
        user = serializers.CharField(help_text="username or e-mail address of an existing account")

    @extend_schema(responses=CollaboratorOutputSerializer(many=True))
    def get(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
        return Response(CollaboratorOutputSerializer(submission.collaborators.all(), many=True).data)

    @extend_schema(request=CollaboratorInputSerializer, responses={201: CollaboratorOutputSerializer})
    def post(self, request: Request, submission_id: int) -> Response:
        submission = submission_get_for_writer(user=request_user(request), submission_id=submission_id)
        data = self.CollaboratorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = submission_collaborator_add(
            submission=submission, by=request_user(request), who=data.validated_data["user"]
        )
        return Response(CollaboratorOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class SubmissionCollaboratorDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, submission_id: int, user_id: int) -> Response:
        submission = submission_get_for_writer(user=request_user(request), submission_id=submission_id)
        submission_collaborator_remove(submission=submission, by=request_user(request), user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubmissionFileDetailApi(APIView):
    @extend_schema(responses=FileOutputSerializer)
    def get(self, request: Request, submission_id: int, file_id: int) -> Response:
        record = submission_file_get_for_user(
            user=request_user(request), submission_id=submission_id, file_id=file_id
        )
        return Response(FileOutputSerializer(record).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, submission_id: int, file_id: int) -> Response:
        submission = submission_get_for_writer(user=request_user(request), submission_id=submission_id)
        record = submission_file_get_for_user(
            user=request_user(request), submission_id=submission.pk, file_id=file_id
        )
        submission_file_remove(submission=submission, file=record)
        return Response(status=status.HTTP_204_NO_CONTENT)
