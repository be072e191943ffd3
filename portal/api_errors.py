"""Every API error is JSON: a stable ``code``, a ``message`` and ``fields`` (the offending fields, or ``{}``).

Errors that never reach a DRF view (unknown paths, oversized bodies) get the same body from
``portal.middleware.ApiErrorMiddleware``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portal.errors import ApplicationError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        body: dict[str, Any] = {
            "code": exc.code,
            "message": exc.message,
            "fields": {exc.field: [exc.message]} if exc.field else {},
        }
        body.update(exc.extra)
        answer = Response(body, status=exc.status)
        if "retry_after" in exc.extra:
            answer["Retry-After"] = str(exc.extra["retry_after"])
        return answer
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": "Some fields are not valid.",
            "fields": response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data},
        }
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {
            "code": exc.get_codes() if isinstance(exc.get_codes(), str) else "error",
            "message": str(detail),
            "fields": {},
        }
    return response


__all__ = ["exception_handler", "status"]
