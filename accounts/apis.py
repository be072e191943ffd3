from __future__ import annotations

from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class TokenObtainApi(ObtainAuthToken):
    """POST username and password; get the token REST clients send as ``Authorization: Token <key>``."""


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer[object]):
        id = serializers.IntegerField()
        username = serializers.CharField()
        email = serializers.EmailField()
        is_curator = serializers.BooleanField()

    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(request.user).data)
