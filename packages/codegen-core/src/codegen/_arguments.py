"""The caller's arguments, checked before anything is sent.

A bad argument is an :class:`InvalidArgumentError` (also a ``ValueError``), a missing or mistyped one
an :class:`ArgumentTypeError` (also a ``TypeError``), so code written against the builtins keeps
working; either way the message is one line that names the argument. Everything that turns
arguments into a request goes through here: request models (:func:`validated`), enum values
(:func:`choice`), numbers, and the final encoding of the body and the query (:func:`encode_body`,
:func:`encode_params`), where a lone surrogate, a value nested too deeply or an object JSON cannot
hold would otherwise escape as ``UnicodeEncodeError``, ``RecursionError`` or ``TypeError``.
:func:`build` is the net under all of it, for whatever builtin error an operation
raises while it builds its request (Python's own "unexpected keyword argument" included).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any, NoReturn, TypeVar

from pydantic import ValidationError

from codegen_models import MAX_PAGE_SIZE, CodegenModel

from ._exceptions import ArgumentTypeError, CodegenError, InvalidArgumentError

E = TypeVar("E", bound=Enum)
R = TypeVar("R")

SHOWN_CHARS = 40
MAX_NESTING = 64
"""The deepest nesting of objects and lists a request body may hold: beyond any real use, and far
short of Python's own recursion limits, which differ between versions (3.13's JSON encoder goes
deeper than 3.11's before it fails), so every version refuses the same bodies."""


def _too_deep(value: Any, limit: int = MAX_NESTING) -> bool:
    """Whether ``value`` nests objects and lists deeper than ``limit`` (without recursing)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(item, Mapping):
            children = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _refuse_deep(fields: Mapping[Any, Any], argument: str) -> None:
    for key, value in fields.items():
        if _too_deep(value, MAX_NESTING - 1):
            name = f"{argument}.{key}" if argument else str(key)
            raise InvalidArgumentError(f"{name} is nested too deeply to send", argument=name)


def shown(value: Any) -> str:
    """A short repr of a bad value for a message."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _pydantic_error(error: ValidationError, prefix: str) -> InvalidArgumentError:
    first = error.errors()[0]
    path = ".".join(str(part) for part in first["loc"])
    argument = f"{prefix}.{path}" if prefix and path else prefix or path or "argument"
    message = first["msg"]
    if message == "Field required":
        return ArgumentTypeError(f"missing required argument: {argument!r}", argument=argument)
    if message.startswith("Input should"):
        message = message.removeprefix("Input ")
    else:
        message = f"is not valid: {message}"
    got = f", got {shown(first['input'])}" if "input" in first else ""
    return InvalidArgumentError(f"{argument} {message}{got}", argument=argument)


def validated(schema: type[CodegenModel], prefix: str = "", /, **fields: Any) -> dict[str, Any]:
    """``fields`` validated by the request model ``schema``, as JSON without the ``None`` fields.

    ``prefix`` names the argument the fields came from (``settings``) in messages.
    """
    _refuse_deep(fields, prefix)
    try:
        model = schema.model_validate(fields)
    except ValidationError as error:
        raise _pydantic_error(error, prefix) from None
    try:
        return model.model_dump(mode="json", exclude_none=True)
    except (ValueError, TypeError, RecursionError) as error:  # nested too deeply, an odd type
        dump = lambda name: model.model_dump(mode="json", include={name})  # noqa: E731
        raise _encoding_error(error, _culprit(fields, dump, prefix)) from None


def choice(kind: type[E], value: Any, argument: str) -> E | None:
    """``value`` as a member of the enum ``kind`` (by value, as the enum looks it up)."""
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        options = ", ".join(str(member.value) for member in kind)
        cls = InvalidArgumentError if isinstance(value, str) else ArgumentTypeError
        raise cls(
            f"{argument} must be one of {options}; got {shown(value)}", argument=argument
        ) from None


def number(value: Any, argument: str, *, minimum: float = 0.0, inclusive: bool = False) -> float:
    """A finite number above ``minimum`` (or equal to it with ``inclusive``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ArgumentTypeError(
            f"{argument} must be a number, got {shown(value)}", argument=argument
        )
    if not math.isfinite(value) or value < minimum or (value == minimum and not inclusive):
        bound = f"{minimum:g} or more" if inclusive else f"more than {minimum:g}"
        raise InvalidArgumentError(
            f"{argument} must be a finite number {bound}, got {shown(value)}", argument=argument
        )
    return float(value)


def count(value: Any, argument: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """An integer in ``minimum..maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(
            f"{argument} must be an integer, got {shown(value)}", argument=argument
        )
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
        raise InvalidArgumentError(f"{argument} must be {bound}, got {value}", argument=argument)
    return value


def page_size(value: Any) -> int:
    return count(value, "page_size", minimum=1, maximum=MAX_PAGE_SIZE)


def mapping(value: Any, argument: str) -> dict[str, Any]:
    """A mapping argument as a dict (``None`` as an empty one)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(
            f"{argument} must be a mapping (a dict), got {type(value).__name__}", argument=argument
        )
    return dict(value)


def text(value: Any, argument: str) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{argument} must be a string, got {type(value).__name__}", argument=argument
        )
    return value


# -- encoding ---------------------------------------------------------------------------------


def _to_json(value: Any) -> bytes:
    """JSON as httpx would send it (UTF-8, no NaN)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _encoding_error(error: BaseException, argument: str) -> InvalidArgumentError:
    if isinstance(error, UnicodeEncodeError):
        char = error.object[error.start : error.start + 1]
        return InvalidArgumentError(
            f"{argument} contains {char!r}, a lone surrogate that is not text "
            "(was it read with the wrong encoding?)",
            argument=argument,
        )
    if isinstance(error, RecursionError) or "depth" in str(error):
        return InvalidArgumentError(f"{argument} is nested too deeply to send", argument=argument)
    if isinstance(error, TypeError) or "serialize" in str(error):
        return ArgumentTypeError(
            f"{argument} holds a value that cannot be sent as JSON ({_first_line(error)})",
            argument=argument,
        )
    return InvalidArgumentError(
        f"{argument} cannot be sent: {_first_line(error)}", argument=argument
    )


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _culprit(keys: Iterable[Any], encode: Callable[[Any], object], argument: str) -> str:
    """The first of ``keys`` (fields, or a body's keys) that fails to ``encode``, for messages."""
    for key in keys:
        try:
            encode(key)
        except (ValueError, TypeError, RecursionError):
            return f"{argument}.{key}" if argument else str(key)
    return argument or "json"


def encode_body(body: Any, argument: str = "") -> bytes | None:
    """The request body as UTF-8 JSON; ``argument`` names it when it is not a model's fields."""
    if body is None:
        return None
    if isinstance(body, Mapping):
        _refuse_deep(body, argument)
    elif _too_deep(body):
        raise InvalidArgumentError(
            f"{argument or 'json'} is nested too deeply to send", argument=argument or "json"
        )
    try:
        return _to_json(body)
    except (ValueError, TypeError, RecursionError) as error:
        keys = body if isinstance(body, Mapping) else ()
        raise _encoding_error(
            error, _culprit(keys, lambda key: _to_json(body[key]), argument)
        ) from None


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return getattr(value, "value", value)


def encode_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Query parameters without the ``None`` ones, each one something a URL can carry."""
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise ArgumentTypeError(
            f"params must be a mapping, got {type(params).__name__}", argument="params"
        )
    query: dict[str, Any] = {}
    for name, value in params.items():
        if value is None:
            continue
        value = _query_value(value)
        if not isinstance(value, str | int | float | list | tuple):
            raise ArgumentTypeError(
                f"{name} cannot be sent in a URL: {type(value).__name__}", argument=str(name)
            )
        for part in (name, *(value if isinstance(value, list | tuple) else [value])):
            if isinstance(part, str):
                try:
                    part.encode()
                except UnicodeEncodeError as error:
                    raise _encoding_error(error, str(name)) from None
        query[name] = value
    return query


def idempotency_key(value: Any) -> str | None:
    """An ``Idempotency-Key`` header value: printable ASCII, at most 255 characters."""
    if value is None:
        return None
    key = text(value, "idempotency_key")
    if not key or len(key) > 255 or not all("!" <= char <= "~" for char in key):
        raise InvalidArgumentError(
            "idempotency_key must be 1 to 255 printable ASCII characters without spaces",
            argument="idempotency_key",
        )
    return key


# -- the net ------------------------------------------------------------------------------------


def as_argument_error(error: BaseException) -> BaseException:
    """``error`` as an argument error, if it is a builtin one raised while building a request."""
    if isinstance(error, CodegenError):
        return error
    if isinstance(error, ValidationError):
        return _pydantic_error(error, "")
    if isinstance(error, TypeError):
        return ArgumentTypeError(_first_line(error))
    if isinstance(error, UnicodeEncodeError | RecursionError):
        return _encoding_error(error, "an argument")
    if isinstance(error, ValueError):
        return InvalidArgumentError(_first_line(error))
    return error


def build(flow: Callable[..., R], /, *args: Any, **kwargs: Any) -> R:
    """``flow(*args, **kwargs)``: an operation building its flow (its request, checked), with any
    builtin error it raises turned into the matching argument error."""
    try:
        return flow(*args, **kwargs)
    except (TypeError, ValueError, RecursionError) as error:
        raise_argument_error(error, flow)


def raise_argument_error(error: BaseException, flow: Callable[..., Any]) -> NoReturn:
    """Raise ``error``, raised while ``flow`` built its request, as the matching argument error
    (the original kept as its cause); Python's own messages name the public method."""
    mapped = as_argument_error(error)
    if mapped is error:
        raise error
    public = flow.__name__.lstrip("_")
    mapped.args = (str(mapped).replace(f"{flow.__qualname__}()", f"{public}()"),)
    raise mapped from error
