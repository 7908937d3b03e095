"""The simulator as an ASGI app: the API routes, the trace pages, the admin API, and the layers
in front of them (traffic: counting, faults, latency; then idempotency). Every route reads its body
strictly (:mod:`codegen_sim._strict_json`)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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
