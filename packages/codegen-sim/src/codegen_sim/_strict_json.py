"""JSON request bodies held to what every part of the simulator can store and send back.

Python's ``json`` accepts more than JSON: ``NaN`` and ``Infinity``, numbers that overflow to
infinity, ``"\\ud800"`` (a lone UTF-16 surrogate, which is no Unicode text), and nesting as deep as
the interpreter's stack. Each of those got past validation into the state and then failed as a 500
when the answer was encoded, often after the handler had committed (a run created that no client
could be told about). So every route of the app parses its body here first, and such a body is a 422
naming the field, before any handler runs: the rule is written once for the API and the admin API.

A body that is not JSON at all (another content type) fails FastAPI's validation with the raw bytes
as its ``input``, which FastAPI's own 422 cannot encode when they are not UTF-8: :func:`validation_error`
answers those 422s instead, the bytes shown as text with replacement characters.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

MAX_DEPTH = 64
"""How deeply arrays and objects may nest in a body (``metadata`` is free-form)."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def _field_error(kind: str, location: list[str | int], message: str) -> HTTPException:
    """A 422 in FastAPI's own shape, so clients read it like any other validation error."""
    return HTTPException(422, detail=[{"type": kind, "loc": ["body", *location], "msg": message}])


def _check(value: Any, location: list[str | int]) -> None:
    """Raise a 422 for the first value under ``value`` that is not storable JSON text."""
    if len(location) > MAX_DEPTH:
        raise _field_error("json_invalid", location[:1], f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        if _SURROGATE.search(value):
            message = "not valid Unicode text: a lone surrogate (\\ud800-\\udfff)"
            raise _field_error("string_unicode", location, message)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _field_error("finite_number", location, "should be a finite number")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, location)
            _check(item, [*location, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, [*location, index])


def parse_strict_json(body: bytes) -> Any:
    """``body`` as JSON, or a 422 for what the simulator cannot keep and answer with.

    Invalid JSON raises :class:`json.JSONDecodeError`, which FastAPI answers as its usual 422.
    """
    try:
        value = json.loads(body, parse_constant=float)  # NaN and Infinity, reported by _check
    except json.JSONDecodeError:
        raise
    except UnicodeDecodeError as error:
        raise json.JSONDecodeError("the body is not UTF-8", "", error.start) from None
    except RecursionError:
        raise _field_error("json_invalid", [], f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:  # an integer of more digits than Python converts
        raise _field_error("json_invalid", [], "a number with too many digits") from None
    _check(value, [])
    return value


class StrictJSONRequest(Request):
    """A request whose ``json()`` is :func:`parse_strict_json`."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_strict_json(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """A FastAPI route that reads its body with :class:`StrictJSONRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler


async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 for a request that failed validation, able to show any ``input`` it quotes."""
    readable = {bytes: lambda raw: raw.decode("utf-8", "replace")}
    return JSONResponse({"detail": jsonable_encoder(error.errors(), custom_encoder=readable)}, 422)
