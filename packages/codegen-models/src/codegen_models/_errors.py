"""Error bodies the API documents.

Two shapes reach a client: the service's own ``{message, status_code}`` (402, 403, 404, 429) and
FastAPI's ``{detail: ...}``, where ``detail`` is a list of field errors for a 422 and a plain string for
framework errors such as an unknown route (``{"detail": "Not Found"}``).
"""

from __future__ import annotations

from pydantic import Field

from ._base import CodegenModel


class ErrorBody(CodegenModel):
    """The service's error shape: ``{message, status_code}``."""

    message: str = ""
    status_code: int = 0


class APIRateLimitErrorResponse(ErrorBody):
    """429: too many requests in the operation's rate-limit class."""

    message: str = "Rate limit exceeded. Please try again later."
    status_code: int = 429


class AgentRunLimitReachedErrorResponse(ErrorBody):
    """402: the billing plan's allotment of agent runs is used up."""

    message: str = (
        "Alloted agent runs for the current billing plan have been reached. "
        "Please upgrade your plan to continue."
    )
    status_code: int = 402


class PermissionsErrorResponse(ErrorBody):
    """403: the token's user is not a member of the organization."""

    message: str = "You do not have access to this organization."
    status_code: int = 403


class AgentRunNotFoundErrorResponse(ErrorBody):
    """404: no agent run with that id in the organization."""

    message: str = "Agent run not found."
    status_code: int = 404


class UserNotFoundErrorResponse(ErrorBody):
    """404: no user with that id in the organization."""

    message: str = "User not found."
    status_code: int = 404


class NoReposFoundInOrgErrorResponse(ErrorBody):
    """404: a run needs a repository, and the organization has none."""

    message: str = "No repos found in the organization. Please add some repos and try again."
    status_code: int = 404


class FieldError(CodegenModel):
    """One entry of a 422's ``detail`` (the spec's ``ValidationError``)."""

    loc: list[str | int] = Field(default_factory=list)
    msg: str
    type: str

    @property
    def field(self) -> str:
        """The dotted location without the leading ``body`` / ``query`` / ``path`` part."""
        parts = [str(p) for p in self.loc]
        if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
            parts = parts[1:]
        return ".".join(parts)


class HTTPValidationError(CodegenModel):
    """A 422 body: the list of field errors."""

    detail: list[FieldError] = Field(default_factory=list)
