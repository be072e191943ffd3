"""The API's shared kernel for the OpenAPI schema: the one error body and the errors every operation may give.

Every answer under ``/api/`` that is an error is ``{"code", "message", "fields"}`` (``portal.api_errors`` for
DRF's views, ``portal.middleware.ApiErrorMiddleware`` for the rest). ``PortalAutoSchema`` lists that body in the
schema for each operation under the statuses it can give, so no app declares its own copy: an operation that
documents a status itself (``error_responses``, with its own description) keeps it, the rest are filled in.

This module imports no app, so every app may use ``ErrorSerializer`` and ``error_responses``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import serializers


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer[Any]):
    """The one error body. Some errors add keys of their own (``suggestions``, ``retry_after``)."""

    code = serializers.CharField(help_text="stable, for programs (e.g. not_found, invalid, throttled)")
    message = serializers.CharField(help_text="for people, says what to do")
    # ``fields`` is a Serializer attribute, so the field is declared under another name and renamed below.
    # Values are lists of messages; input with nested parts (lists, objects) nests the same way, so the value
    # is left open rather than promise a shape nested input does not have.
    fields_ = serializers.DictField(
        child=serializers.JSONField(), help_text="the offending fields and their messages, or {}"
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        declared = super().get_fields()
        declared["fields"] = declared.pop("fields_")
        return declared


# What each status means when an operation does not say more.
GENERIC: dict[int, str] = {
    400: "invalid input (fields says which) or an unreadable request",
    401: "not signed in, or a token that is not valid",
    403: "signed in but not allowed to do this",
    404: "no such object, or not one you may see",
    409: "the object's state does not allow it",
    413: "the request body is larger than the server takes",
    415: "a request body in a media type this operation does not read",
    422: "the content was read and refused (message says why)",
    429: "too many requests (Retry-After says when to try again)",
    500: "the server could not answer; it has been logged",
}


def error_responses(*codes: int, **described: str) -> dict[int, OpenApiResponse]:
    """``responses=`` entries for an operation's own errors: ``error_responses(409, _404="...")``.

    A status given as ``_<status>="..."`` gets that description; a bare one gets the generic description.
    """
    out = {code: OpenApiResponse(ErrorSerializer, description=GENERIC[code]) for code in codes}
    for key, text in described.items():
        out[int(key.lstrip("_"))] = OpenApiResponse(ErrorSerializer, description=text)
    return out


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema that adds the errors any operation can give.

    400, 401, 403, 404, 429 and 500 can come from any request (a NUL in the address, a bad token, CSRF, an id
    in the address, query or body that names nothing the user may see, the throttles, a bug); 413 and 415 from
    any request with a body.
    405 is not listed: it is the answer for a method the path does not have, which no operation describes.
    """

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        # A private hook of drf-spectacular (pinned in pyproject.toml): it is where the status -> response map
        # is built, so the error component is registered like any other serializer's.
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = [400, 401, 403, 404, 429, 500]
        if self.method in ("POST", "PUT", "PATCH"):
            codes += [413, 415]
        for code in sorted(codes):
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    OpenApiResponse(ErrorSerializer, description=GENERIC[code]),
                    str(code),
                    direction=direction,
                )
        return responses
