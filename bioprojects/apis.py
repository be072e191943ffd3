"""REST API for BioProjects and locus_tag prefixes: one view per operation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import request_user
from bioprojects.models import BioProject, DataType, LocusTagPrefix, Relevance
from bioprojects.selectors import (
    bioproject_get_for_user,
    bioproject_list_for_user,
    bioproject_owned_by,
    locus_tag_prefix_list_for_user,
)
from bioprojects.services import bioproject_register, locus_tag_prefix_check, locus_tag_prefix_register


class PrefixOutputSerializer(serializers.ModelSerializer[LocusTagPrefix]):
    bioproject = serializers.CharField(source="bioproject.accession")
    bioproject_id = serializers.IntegerField()

    class Meta:
        model = LocusTagPrefix
        fields = ["id", "prefix", "bioproject", "bioproject_id", "created_at"]


class BioProjectOutputSerializer(serializers.ModelSerializer[BioProject]):
    owner = serializers.CharField(source="owner.username")
    locus_tag_prefixes: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="prefix"
    )

    class Meta:
        model = BioProject
        fields = [
            "id",
            "accession",
            "title",
            "description",
            "organism",
            "data_type",
            "relevance",
            "organisation",
            "owner",
            "locus_tag_prefixes",
            "created_at",
        ]


class BioProjectListApi(APIView):
    class BioProjectInputSerializer(serializers.Serializer[Any]):
        title = serializers.CharField(max_length=300)
        description = serializers.CharField(max_length=10_000)
        organism = serializers.CharField(max_length=200)
        data_type = serializers.ChoiceField(choices=DataType.choices)
        relevance = serializers.ChoiceField(choices=Relevance.choices)
        organisation = serializers.CharField(max_length=300)

    @extend_schema(responses=BioProjectOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        projects = bioproject_list_for_user(user=request_user(request))
        return Response(BioProjectOutputSerializer(projects, many=True).data)

    @extend_schema(request=BioProjectInputSerializer, responses={201: BioProjectOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.BioProjectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = bioproject_register(owner=request_user(request), **data.validated_data)
        return Response(BioProjectOutputSerializer(project).data, status=status.HTTP_201_CREATED)


class BioProjectDetailApi(APIView):
    @extend_schema(responses=BioProjectOutputSerializer)
    def get(self, request: Request, bioproject_id: int) -> Response:
        project = bioproject_get_for_user(user=request_user(request), bioproject_id=bioproject_id)
        return Response(BioProjectOutputSerializer(project).data)


class LocusTagPrefixListApi(APIView):
    class PrefixInputSerializer(serializers.Serializer[Any]):
        bioproject = serializers.IntegerField(help_text="The BioProject's id (yours).")
        prefix = serializers.CharField(max_length=40)

    @extend_schema(responses=PrefixOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        prefixes = locus_tag_prefix_list_for_user(user=request_user(request))
        return Response(PrefixOutputSerializer(prefixes, many=True).data)

    @extend_schema(
        request=PrefixInputSerializer,
        responses={201: PrefixOutputSerializer},
        description="Reserve a prefix at once. When it is taken the 409 error carries `suggestions`.",
    )
    def post(self, request: Request) -> Response:
        data = self.PrefixInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request_user(request)
        project = bioproject_owned_by(user=user, bioproject_id=data.validated_data["bioproject"])
        prefix = locus_tag_prefix_register(by=user, bioproject=project, prefix=data.validated_data["prefix"])
        return Response(PrefixOutputSerializer(prefix).data, status=status.HTTP_201_CREATED)


class LocusTagPrefixCheckApi(APIView):
    class CheckOutputSerializer(serializers.Serializer[Any]):
        prefix = serializers.CharField()
        available = serializers.BooleanField()
        problems = serializers.ListField(child=serializers.CharField())
        suggestions = serializers.ListField(child=serializers.CharField())

    @extend_schema(
        parameters=[OpenApiParameter("prefix", str, required=True)], responses=CheckOutputSerializer
    )
    def get(self, request: Request) -> Response:
        prefix = request.query_params.get("prefix", "").strip()
        problems, suggestions = locus_tag_prefix_check(prefix=prefix)
        body = {"prefix": prefix, "available": not problems, "problems": problems, "suggestions": suggestions}
        return Response(self.CheckOutputSerializer(body).data)
