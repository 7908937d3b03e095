"""Turning a response into a model, or into the right exception with a one-line message.

Everything decoded from a response passes through ``_secrets`` first: a body or header that echoes
the token back (in any escaped form) comes out with ``***`` in its place, in results and errors
alike. A body that cannot hold it is parsed straight from its bytes, as before.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import TypeAdapter, ValidationError

from codegen_models import FieldError

from ._exceptions import (
    STATUS_ERRORS,
    APIResponseValidationError,
    APIStatusError,
    InternalServerError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._retry import parse_retry_after
from ._secrets import holds_secret, redact, redact_value

MAX_MESSAGE_CHARS = 200


@dataclass(frozen=True)
class RawResponse:
    """An answer of :meth:`~codegen.CodegenClient.request`: the status, the headers and the body
    (decoded JSON, else the text, else ``None``), for requests no typed method covers."""

    status_code: int
    headers: dict[str, str]
    body: Any

    @classmethod
    def of(cls, response: httpx.Response) -> RawResponse:
        """The status, headers and decoded body of an httpx response, the token scrubbed."""
        return cls(response.status_code, decode_headers(response), decode_body(response))


def decode_headers(response: httpx.Response) -> dict[str, str]:
    return {name: redact(value) for name, value in response.headers.items()}


def decode_body(response: httpx.Response) -> Any:
    """The JSON body, else the text, else ``None`` for an empty body; redacted."""
    if not response.content:
        return None
    try:
        body = response.json()
    except (ValueError, RecursionError):  # not JSON, or nested beyond what json can read
        return redact(response.text)
    return redact_value(body) if holds_secret(response.content) else body


def error_message(body: Any, reason: str) -> str:
    """One line for humans: ``message``, else ``detail`` (a string or a list), else the text."""
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, str) and message.strip():
            return _one_line(message)
        detail = body.get("detail")
        if isinstance(detail, str) and detail.strip():
            return _one_line(detail)
        if isinstance(detail, list) and detail:
            return _one_line("; ".join(_describe_field_error(item) for item in detail))
    if isinstance(body, str) and body.strip():
        return _text_excerpt(body)
    return reason or "no details given"


def _describe_field_error(item: Any) -> str:
    if isinstance(item, dict):
        try:
            error = FieldError.model_validate(item)
        except ValidationError:
            return str(item)
        return f"{error.field}: {error.msg}" if error.field else error.msg
    return str(item)


def _text_excerpt(text: str) -> str:
    """A short plain-text excerpt; an HTML page becomes its title (or its first words)."""
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if title and title.group(1).strip():
        text = title.group(1)
    else:
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.IGNORECASE | re.DOTALL)
        text = re.sub(r"<[^>]+>", " ", text)
    import html  # an error page's excerpt is the only user

    return _one_line(html.unescape(text))


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_MESSAGE_CHARS:
        text = text[: MAX_MESSAGE_CHARS - 1].rstrip() + "…"
    return text


def status_error(response: httpx.Response) -> APIStatusError:
    """The exception for a 4xx/5xx response."""
    body = decode_body(response)
    status = response.status_code
    cls = STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)
    message = error_message(body, response.reason_phrase)
    common: dict[str, Any] = {
        "method": response.request.method,
        "url": str(response.request.url),
        "status_code": status,
        "headers": decode_headers(response),
        "body": body,
    }
    if cls is RateLimitError:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        return RateLimitError(message, retry_after=retry_after, **common)
    if cls is UnprocessableEntityError:
        return UnprocessableEntityError(message, field_errors=_field_errors(body), **common)
    return cls(message, **common)


def _field_errors(body: Any) -> list[FieldError]:
    detail = body.get("detail") if isinstance(body, dict) else None
    if not isinstance(detail, list):
        return []
    errors = []
    for item in detail:
        try:
            errors.append(FieldError.model_validate(item))
        except ValidationError:
            continue
    return errors


def is_route_missing(error: APIStatusError) -> bool:
    """A 404 from the framework for an unknown path, as opposed to a missing resource.

    FastAPI answers an unknown route with exactly ``{"detail": "Not Found"}``; the service's own
    404s (a missing run, user or repository) carry ``{"message": ..., "status_code": 404}``.
    """
    return error.status_code == 404 and error.body == {"detail": "Not Found"}


@functools.cache
def _adapter(response_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(response_type)


def parse(response_type: Any, response: httpx.Response) -> Any:
    """The response body validated into ``response_type`` (plain JSON when it is ``None``)."""
    if response_type is None:
        return decode_body(response)
    if response_type is RawResponse:
        return RawResponse.of(response)
    adapter = _adapter(response_type)
    try:
        if holds_secret(response.content):
            return adapter.validate_python(redact_value(json.loads(response.content)))
        return adapter.validate_json(response.content)
    except (ValidationError, ValueError, RecursionError) as error:
        first = error.errors()[0] if isinstance(error, ValidationError) else None
        where = ".".join(str(p) for p in first["loc"]) if first else ""
        what = (
            first["msg"]
            if first
            else "nested too deeply"
            if isinstance(error, RecursionError)
            else str(error)
        )
        raise APIResponseValidationError(
            f"unexpected response shape{' at ' + where if where else ''}: {what}",
            method=response.request.method,
            url=str(response.request.url),
            body=decode_body(response),
        ) from None
