from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from portal.throttles import SignInLocked, SignInThrottle


class TokenOutputSerializer(serializers.Serializer[object]):
    token = serializers.CharField()


class TokenObtainApi(ObtainAuthToken):
    """POST username and password; get the token REST clients send as ``Authorization: Token <key>``."""

    # DRF's view names its own parsers (plain JSON, no depth limit); ours are the project's.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # type: ignore[assignment]  # classes once loaded
    # DRF's view has no throttle at all; guesses are counted per client (and django-axes locks the account).
    throttle_classes = [SignInThrottle]

    @extend_schema(responses={200: TokenOutputSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes refused the pair before the password was checked (it marks the request); Django's
            # authenticate() turns that into a plain failure, which must not read as "wrong password".
            if getattr(request, "axes_locked_out", False):
                raise SignInLocked() from None
            raise


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    class MeOutputSerializer(serializers.Serializer[object]):
        id = serializers.IntegerField()
        username = serializers.CharField()
        email = serializers.EmailField()
        is_curator = serializers.BooleanField()

    @extend_schema(responses=MeOutputSerializer)
    def get(self, request: Request) -> Response:
        return Response(self.MeOutputSerializer(request.user).data)
