"""The simulator as an ASGI app: the API routes, the trace pages, the admin API, and the layers
in front of them (traffic: counting, faults, latency; then idempotency). Every route reads its body
strictly (:mod:`codegen_sim._strict_json`)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pydantic.warnings
from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from ._admin import add_admin_routes
from ._components import Components
from ._config import SimConfig
from ._directives import DirectiveError
from ._errors import ApiError
from ._idempotency import IdempotencyMiddleware
from ._routes import add_api_routes
from ._strict_json import StrictJSONRoute, validation_error
from ._trace_page import add_trace_page
from ._traffic import TrafficMiddleware

if TYPE_CHECKING:
    from fastapi._compat import ModelField  # what FastAPI's Dependant lists


def create_app(config: SimConfig | None = None) -> FastAPI:
    """A new simulator with its own state (a fresh one, or the one in ``config.state_file``)."""
    config = config or SimConfig()
    components = Components.start(config)
    app = FastAPI(
        title="Codegen API simulator",
        version="1.0.0",
        description="A local, stateful stand-in for the Codegen Agent API (codegen-sim).",
    )
    app.state.components = components
    app.router.route_class = StrictJSONRoute  # every route below reads its body strictly
    add_api_routes(app, alpha_logs=config.alpha_logs)
    add_trace_page(app)
    if config.admin:
        add_admin_routes(app)
    _build_validators(app)

    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse(error.body.model_dump(), error.status_code, headers=error.headers)

    @app.exception_handler(DirectiveError)
    async def directive_error(request: Request, error: DirectiveError) -> JSONResponse:
        field = {"type": "value_error", "loc": ["body", "prompt"], "msg": str(error)}
        return JSONResponse({"detail": [field]}, 422)

    # Added last = outermost: traffic sees every request first, then idempotency.
    app.add_middleware(IdempotencyMiddleware, components=components)
    app.add_middleware(
        TrafficMiddleware,
        stats=components.stats,
        faults=components.faults,
        routes=app.router.routes,
        latency=config.latency,
        slow_seconds=config.slow_seconds,
    )
    return app


def _build_validators(app: FastAPI) -> None:
    """Build every route's parameter and body validators now, quietly.

    codegen-models defers building its validators (importing them stays cheap), so FastAPI builds a
    query model's or a body's validator on the first request, outside the guard with which it
    silences pydantic's warning about the alias it gives them; that warning reached the simulator's
    stderr, which ``codegen-sim exec`` shares with its command. Built here, under the same guard,
    stderr stays quiet, and the first request of each kind does not pay for the build.
    """
    unused_attribute = getattr(pydantic.warnings, "UnsupportedFieldAttributeWarning", None)
    with warnings.catch_warnings():
        if unused_attribute is not None:  # pydantic >= 2.12
            warnings.simplefilter("ignore", unused_attribute)
        for route in app.routes:
            if isinstance(route, APIRoute):
                for field in _fields_of(route.dependant):
                    field.validate(None)


def _fields_of(dependant: Dependant) -> Iterator[ModelField]:
    """The parameters and body fields of a route's dependant and its sub-dependencies."""
    yield from dependant.path_params
    yield from dependant.query_params
    yield from dependant.header_params
    yield from dependant.cookie_params
    yield from dependant.body_params
    for sub_dependant in dependant.dependencies:
        yield from _fields_of(sub_dependant)
