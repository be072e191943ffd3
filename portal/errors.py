"""The one exception services raise for a request that cannot be honoured (shown to the user as is)."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        field: str | None = None,
        status: int = 400,
        extra: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status
        # More for the client than the message says, e.g. the free prefixes when the asked-for one is taken.
        self.extra = extra or {}
