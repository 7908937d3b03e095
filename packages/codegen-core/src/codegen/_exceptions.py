"""Everything the client raises derives from :class:`CodegenError`.

HTTP failures are :class:`APIStatusError` subclasses chosen by status code; failures to get any
response are :class:`APIConnectionError` (and its :class:`APITimeoutError`). An exception carries the
method, URL, status, headers and decoded body of the failed exchange, never the request's headers:
the token must not be reachable from an exception, its text, or its repr. What came from the server
is scrubbed of the token in every form too (``_secrets``), so an error body that echoes it back
shows ``***`` in the message, ``.body`` and ``.headers``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._secrets import redact, redact_value

if TYPE_CHECKING:
    from codegen_models import AgentRun, FieldError


class CodegenError(Exception):
    """Base of every error raised by this package."""


class ConfigError(CodegenError, ValueError):
    """The configuration is missing something or holds a bad value (raised before any request)."""


class InvalidArgumentError(CodegenError, ValueError):
    """An argument has a value the API cannot take; raised before any request is sent.

    Also a ``ValueError``. :attr:`argument` names it (``"limit"``, ``"metadata"``,
    ``"settings.check_retry_count"``) when known.
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument is missing or of the wrong type; also a ``TypeError`` (and a ``ValueError``, as
    an :class:`InvalidArgumentError`)."""


class ImageError(InvalidArgumentError):
    """An image given to create or resume a run is missing, of an unsupported type, or too big."""

    def __init__(self, message: str, *, argument: str | None = "images") -> None:
        super().__init__(message, argument=argument)


class APIError(CodegenError):
    """A request to the API failed.

    Attributes:
        message: the human-readable reason (from the body's ``message``, else ``detail``, else text).
        method, url: the request that failed (the URL carries no secret; headers are not kept).
        body: the decoded JSON body of the response, its text if not JSON, or ``None``.
    """

    def __init__(self, message: str, *, method: str, url: str, body: Any = None) -> None:
        message = redact(message)
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = redact(url)
        self.body = redact_value(body)


class APIConnectionError(APIError):
    """No response was received: the connection failed or broke (after any retries)."""


class APITimeoutError(APIConnectionError):
    """The request timed out (after any retries)."""


class APIResponseValidationError(APIError):
    """The response did not have the shape the spec promises."""


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status (after any retries), or a 3xx it did not follow."""

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        status_code: int,
        headers: dict[str, str] | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message, method=method, url=url, body=body)
        self.status_code = status_code
        self.headers = {name: redact(value) for name, value in (headers or {}).items()}
        self.request_id = self.headers.get("x-request-id")

    def __str__(self) -> str:
        return f"{self.status_code}: {self.message}"


class RedirectError(APIStatusError):
    """A redirect the client does not follow: to another origin (scheme, host or port — the token
    is never sent there), one hop too many, or without a usable ``Location``. :attr:`location` is
    where it pointed, if anywhere."""

    def __init__(self, *args: Any, location: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.location = None if location is None else redact(location)


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, wrong or revoked."""


class PaymentRequiredError(APIStatusError):
    """402: the plan's allotment of agent runs is used up."""


class PermissionDeniedError(APIStatusError):
    """403: the token's user may not act on this organization or resource."""


class NotFoundError(APIStatusError):
    """404: no such run, user, repository or route."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422: the request failed validation; :attr:`field_errors` says where."""

    def __init__(
        self, *args: Any, field_errors: list[FieldError] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.field_errors: list[FieldError] = list(field_errors or [])


class RateLimitError(APIStatusError):
    """429: too many requests; :attr:`retry_after` is the server's hint in seconds, if any."""

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the server or a proxy in front of it failed."""


class UnconfirmedRunError(CodegenError):
    """A request that starts an agent run may or may not have started it, and it could not be
    found out which: its answer was lost, and looking for the run failed too.

    Do not simply send it again: look for the run first (``codegen list``, ``iter_agent_runs``) —
    a create carries :attr:`request_id` in its ``metadata`` (key ``codegen_client_request_id``).
    """

    def __init__(
        self, operation: str, request_id: str, *, sent: BaseException, search: BaseException
    ) -> None:
        what = "agent run" if operation == "create_agent_run" else f"{operation} request"
        super().__init__(
            f"the {what} may have started: its answer was lost ({_brief(sent)}) and looking for "
            f"it failed ({_brief(search)}); request id {request_id}; check `codegen list` "
            "before trying again"
        )
        self.operation = operation
        self.request_id = request_id


def _brief(error: BaseException) -> str:
    return str(error) or type(error).__name__


class RunFailedError(CodegenError):
    """A waited-for run ended unsuccessfully (raised only with ``raise_on_failure=True``)."""

    def __init__(self, run: AgentRun) -> None:
        super().__init__(f"agent run {run.id} ended with status {run.status}")
        self.run = run


class WaitTimeoutError(CodegenError, TimeoutError):
    """A wait reached its deadline; :attr:`run` is the last state seen (``None`` if none was)."""

    def __init__(self, agent_run_id: int, timeout: float, run: AgentRun | None) -> None:
        status = f", last status {run.status}" if run is not None else ""
        super().__init__(f"agent run {agent_run_id} still running after {timeout:g} s{status}")
        self.agent_run_id = agent_run_id
        self.timeout = timeout
        self.run = run


class UnknownStatusError(WaitTimeoutError):
    """A wait gave up on a run whose status this version does not know (a status added to the API
    since), after it stayed the same for ``unknown_status_timeout`` seconds: the run may have ended
    or may still be running. A :class:`WaitTimeoutError`, so code that handles a wait running out
    handles this too; :attr:`status` is the status."""

    def __init__(self, agent_run_id: int, waited: float, run: AgentRun) -> None:
        super().__init__(agent_run_id, waited, run)
        self.status = run.status
        self.args = (
            f"agent run {agent_run_id} has had status {run.status!r}, which this version of "
            f"codegen does not know, for {waited:g} s; stopped waiting (it may have ended)",
        )


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}
"""The exception class of each mapped status; other 5xx are :class:`InternalServerError`."""
