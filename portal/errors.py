"""The one exception services raise for a request that cannot be honoured (shown to the user as is)."""

from __future__ import annotations


class ApplicationError(Exception):
    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status
