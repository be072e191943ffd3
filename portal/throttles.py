"""Rate limits, counted in Django's cache (Redis wherever Redis runs), so every gunicorn worker counts the same.

DRF's own throttles read their rates once, at import; these read ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``
at each request, so a deployment's (or a test's) settings are the ones in force.

* ``ClientThrottle``: every API request, per client address (anonymous or not).
* ``UserThrottle``: every API request of a signed-in user, per user.
* ``SignInThrottle``: the token endpoint, per client address, failures or not (django-axes adds the lockout
  after repeated failures, per user name and address, for the token endpoint and the login form alike).

Sign-in lockouts (django-axes) answer through ``lockout_response``: 429 with ``Retry-After``, JSON under
``/api/``, a short page elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from axes.backends import AxesStandaloneBackend  # type: ignore[import-untyped]
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:  # rest_framework.views loads these throttles: importing it here would be a cycle
    from rest_framework.views import APIView


class SignInBackend(AxesStandaloneBackend):  # type: ignore[misc]  # django-axes ships no types
    """django-axes' check, for sign-ins that come with a request (the form, the token endpoint).

    One without a request (a management command, the test client's ``login``) is no guess over the network;
    django-axes would refuse it outright, so it passes on to the next backend.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rates = cast(dict[str, str | None], settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}))
        return rates.get(self.scope or "")


class SignInLocked(exceptions.Throttled):
    """The token endpoint's answer for a locked-out account (the form's is ``lockout_response``)."""

    default_code = "locked_out"

    def __init__(self) -> None:
        super().__init__(
            wait=settings.AXES_COOLOFF_TIME.total_seconds(),
            detail="Too many failed sign-ins for this account from here; wait, or reset your password.",
        )


class ClientThrottle(_SettingsRateThrottle):
    scope = "client"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(_SettingsRateThrottle):
    scope = "user"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None  # the client throttle counts anonymous requests
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class SignInThrottle(ClientThrottle):
    scope = "signin"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer once an account is locked: 429, how long to wait, JSON for the API."""
    retry_after = int(settings.AXES_COOLOFF_TIME.total_seconds())
    message = (
        f"Too many failed sign-ins for this account from here; try again in {retry_after // 60} minutes, "
        "or reset your password."
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "locked_out", "message": message, "fields": {}}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response
