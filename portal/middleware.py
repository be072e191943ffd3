"""Two doors every request passes.

``RefuseControlCharactersMiddleware``: a NUL in the path or the query string is refused at once (400), before
any view passes it to PostgreSQL, which cannot hold it (psycopg's DataError was a 500 on every filter).

``ApiErrorMiddleware``: every response under ``/api/`` is JSON, errors included. DRF's views answer JSON
through ``portal.api_errors``; this catches what never reaches a DRF view (an unknown path: Django's 404; a
body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: Django's 400; CSRF's 403; an unexpected exception: the 500 page)
and answers the same ``{"code", "message", "fields"}``. No traceback ever reaches a client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from portal.text import NUL

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
# Pages under /api/ that are not JSON by design: the schema (YAML) and its docs page (HTML).
_NOT_JSON = ("/api/schema/", "/api/docs/")

# The stable codes of statuses a response may carry without a body of ours.
_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
}


def api_error(status: int, message: str, code: str | None = None) -> JsonResponse:
    """The one error body: ``{"code", "message", "fields"}``."""
    return JsonResponse(
        {"code": code or _CODES.get(status, "error"), "message": message, "fields": {}}, status=status
    )


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX) and not request.path.startswith(_NOT_JSON)


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path or NUL in request.META.get("QUERY_STRING", "") or self._nul_in_query(request):
            message = "The address holds a NUL character; remove it."
            if is_api(request):
                return api_error(400, message, "nul_character")
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _nul_in_query(request: HttpRequest) -> bool:
        # %00 arrives percent-encoded in QUERY_STRING; GET is the decoded form.
        try:
            return any(NUL in k or any(NUL in v for v in values) for k, values in request.GET.lists())
        except TooManyFieldsSent:
            return False


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api(request) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        message = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        if status == 404:
            message = "There is nothing at this address."
        elif status >= 500:
            message = "The server could not answer this request; it has been logged."
        replaced = api_error(status, message)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replaced[header] = response[header]
        return replaced

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_api(request):
            return None
        if isinstance(exc, RequestDataTooBig):
            return api_error(413, "The request body is larger than the server takes.", "too_large")
        if isinstance(exc, SuspiciousOperation):
            return api_error(400, "The request could not be read.", "bad_request")
        log.exception("unhandled error on %s %s", request.method, request.path)
        return api_error(500, "The server could not answer this request; it has been logged.")
