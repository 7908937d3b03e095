"""The service's own error answers: ``{message, status_code}`` bodies raised from anywhere."""

from __future__ import annotations

from collections.abc import Mapping

from codegen_models import ErrorBody


class ApiError(Exception):
    """An error answer; the app turns it into a JSON response with the body's ``status_code``."""

    def __init__(self, body: ErrorBody, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(body.message)
        self.body = body
        self.headers = dict(headers or {})

    @classmethod
    def of(cls, status_code: int, message: str) -> ApiError:
        """An error the spec gives no schema for (e.g. "Repository not found.")."""
        return cls(ErrorBody(message=message, status_code=status_code))

    @property
    def status_code(self) -> int:
        return self.body.status_code
