"""Every failure as one line on stderr, with a hint where one helps, and the right exit code.

Exit codes (documented in the README, as ``gh`` uses them):

====  ==============================================================================
0     success (a run that paused for input after ``--wait`` too)
1     an error, or a run that ended unsuccessfully
2     usage: a bad flag or argument, bad input (empty prompt, missing image, ...)
4     authentication: no token, or the API rejected it (401)
8     still running when a wait timed out
130   interrupted (Ctrl-C)
====  ==============================================================================

The client's exceptions are mapped here, and only here, so every command fails the same way. A
traceback is shown only with ``--debug``. Nothing here can print the token: the client's exceptions
never carry it, and the messages are built from their message and status alone.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from enum import IntEnum
from typing import TextIO

from ._sanitize import one_line

LOGIN_HINT = "run `codegen login` or set CODEGEN_API_TOKEN"
ORG_HINT = "pass --org-id or set CODEGEN_ORG_ID (`codegen orgs` lists yours)"


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    AUTH = 4
    PENDING = 8
    INTERRUPTED = 130


class CliError(Exception):
    """A failure the CLI explains itself: what went wrong, what to do, and the exit code."""

    def __init__(self, message: str, *, hint: str | None = None, code: int = ExitCode.ERROR):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code


def usage_error(message: str, hint: str | None = None) -> CliError:
    """Bad input from the user (exit 2)."""
    return CliError(message, hint=hint, code=ExitCode.USAGE)


def explain(error: BaseException, *, token_source: str | None = None) -> CliError:
    """The message, hint and exit code for any exception a command let through.

    ``token_source`` says where the token in use came from (``CODEGEN_API_TOKEN``, a profile),
    so that a rejected token is explained as rejected, and where to replace it.
    """
    if isinstance(error, CliError):
        return error
    from codegen import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BatchInputError,
        CodegenError,
        ConfigError,
        InternalServerError,
        InvalidArgumentError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        UnknownStatusError,
        UnprocessableEntityError,
        WaitTimeoutError,
    )
    from codegen_models.api import TOKEN_URL

    if isinstance(error, UnknownStatusError):
        return CliError(
            str(error),
            hint=f"check it with `codegen show {error.agent_run_id}`",
            code=ExitCode.PENDING,
        )
    if isinstance(error, WaitTimeoutError):
        return CliError(
            str(error),
            hint=f"keep waiting with `codegen wait {error.agent_run_id}`",
            code=ExitCode.PENDING,
        )
    if isinstance(error, ConfigError | InvalidArgumentError | BatchInputError):
        return usage_error(str(error))
    if isinstance(error, APIStatusError):
        said = f"{error.message} (HTTP {error.status_code})"
        if isinstance(error, AuthenticationError):
            source = f" from {token_source}" if token_source else ""
            return CliError(
                f"the API rejected the token{source}: {said}",
                hint=f"it may be mistyped or revoked: get a new one at {TOKEN_URL}, then run "
                "`codegen login`" + (f" or set {token_source}" if token_source and
                                     token_source.startswith("CODEGEN_") else ""),
                code=ExitCode.AUTH,
            )  # fmt: skip
        if isinstance(error, PermissionDeniedError):
            return CliError(f"permission denied: {said}", hint=ORG_HINT)
        if isinstance(error, NotFoundError):
            return CliError(f"not found: {said}", hint=_not_found_hint(error.method, error.url))
        if isinstance(error, UnprocessableEntityError):
            return usage_error(f"the API rejected the request: {said}")
        if isinstance(error, RateLimitError):
            wait = (
                f"try again in {error.retry_after:g} s"
                if error.retry_after is not None
                else "try again in a minute"
            )
            return CliError(f"rate limited by the API even after retrying: {said}", hint=wait)
        if isinstance(error, InternalServerError):
            return CliError(f"the API failed: {said}", hint="try again later")
        return CliError(said)
    if isinstance(error, APITimeoutError):
        return CliError(
            f"the API at {_origin(error.url)} did not answer in time: {error.message}",
            hint="try again, or raise CODEGEN_TIMEOUT",
        )
    if isinstance(error, APIConnectionError):
        return CliError(
            f"cannot reach the API at {_origin(error.url)}: {error.message}",
            hint="check your connection, and --api-url / CODEGEN_API_URL",
        )
    if isinstance(error, CodegenError):
        return CliError(str(error))
    return _bad_input(error) or CliError(
        f"unexpected {type(error).__name__}: {error}", hint="run with --debug for the traceback"
    )


def _bad_input(error: BaseException) -> CliError | None:
    """Input the client could not send, as a usage error (exit 2); never showing the input,
    which may hold a token."""
    if isinstance(error, RecursionError):
        return usage_error("the input is nested too deeply to send", hint="flatten --metadata")
    if isinstance(error, UnicodeError):
        reason = getattr(error, "reason", "")
        return usage_error(
            f"the input holds text that cannot be sent ({reason})",
            hint="check the encoding of the prompt, the token and other values",
        )
    if type(error).__module__.startswith("pydantic") and hasattr(error, "errors"):
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return usage_error(f"invalid input: {where + ': ' if where else ''}{first.get('msg', '')}")
    return None


def _origin(url: str) -> str:
    """``https://host[:port]`` of a URL: where the client tried to connect."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else url


def _not_found_hint(method: str, url: str) -> str:
    """What to check after a 404, by what was asked for."""
    if method == "POST" and url.rstrip("/").endswith("/agent/run"):
        return (
            "a run needs a repository of the organization: `codegen repos` lists them "
            "(add one in Codegen if there are none), or pass --org-id for another organization"
        )
    if "/agent/run" in url:
        return "check the run id (`codegen list` shows recent runs) and the organization (--org-id)"
    if "/repos" in url:
        return "check the repository id (`codegen repos` lists them)"
    if "/users/" in url:
        return "check the user id (`codegen users` lists them)"
    return "check the id, and the organization (--org-id)"


def report(
    error: BaseException,
    *,
    debug: bool,
    stderr: TextIO,
    secrets: Iterable[str] = (),
    token_source: str | None = None,
) -> int:
    """Print ``error`` as one line (after its traceback with ``debug``); return the exit code.

    ``secrets`` (the token) are blanked out of everything printed, in case a server echoed one
    back into its error message.
    """
    explained = explain(error, token_source=token_source)
    text = "".join(traceback.format_exception(error)) if debug else ""
    text += f"error: {one_line(explained.message)}"
    if explained.hint:
        text += f"; {one_line(explained.hint)}"
    from codegen import redact, register_secret

    for secret in secrets:  # the token in use, in every form a server may echo it back
        register_secret(secret)
    text = redact(text)
    stderr.write(text + "\n")
    stderr.flush()
    return explained.code
