"""The layer every API request passes first: counted, perhaps failed, perhaps slowed.

It sits outside the API (and outside idempotency), as a proxy and the network sit outside the real
service: a fault *before* the handler means the API never saw the request; a fault *after* it means
the API answered (and committed) and the answer was then lost or delayed. Only ``/v1/...`` requests
pass through it; the admin API and the trace page are never counted, failed or slowed.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from typing import Any

from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from codegen_models.api import OPERATIONS

from ._faults import ABORT_EXTENSION, FaultInjector, fault_response

MAX_UNKNOWN_PATH = 200

STARTS_WORK = frozenset(f"{op.method} {op.spec_path}" for op in OPERATIONS if op.starts_work)
"""The routes (as :meth:`TrafficMiddleware.route_key` names them) of requests that start work."""


class TrafficStats:
    """Requests per route (``"GET /v1/..."``) that reached the simulator, and that the API handled.

    A request is *handled* when it got past the fault layer to the API, whatever the API answered;
    the difference between the two counts is the requests that failed before the handler.
    """

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.handled: Counter[str] = Counter()

    def reset(self) -> None:
        self.requests.clear()
        self.handled.clear()


class TrafficMiddleware:
    """ASGI middleware: counts API requests, injects faults, adds latency."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        stats: TrafficStats,
        faults: FaultInjector,
        routes: Sequence[BaseRoute],
        latency: float,
        slow_seconds: float,
    ) -> None:
        self.app = app
        self.stats = stats
        self.faults = faults
        self.routes = routes
        self.latency = latency
        self.slow_seconds = slow_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        route = self.route_key(scope)
        self.stats.requests[route] += 1
        fault = self.faults.draw(starts_work=route in STARTS_WORK)
        delay = self.latency
        if fault is not None and fault.kind == "slow":
            if fault.side == "before":
                await asyncio.sleep(self.slow_seconds)
            else:
                delay += self.slow_seconds
        elif fault is not None and fault.side == "before":
            await self._fail(fault.answer, scope, receive, send)
            return
        self.stats.handled[route] += 1
        if fault is not None and fault.side == "after" and fault.kind != "slow":
            await self.app(scope, receive, _discard)
            await self._fail(fault.answer, scope, receive, send)
            return
        await self.app(scope, receive, _delayed(send, delay) if delay else send)

    def route_key(self, scope: Scope) -> str:
        """``"METHOD /path/{template}"`` of the route the request is for (if none, its path, cut
        to :data:`MAX_UNKNOWN_PATH` characters: a counter's name is not an echo of any input)."""
        partial = None
        for route in self.routes:
            match, _ = route.matches(scope)
            path = getattr(route, "path", None)
            if match is Match.FULL and path is not None:
                return f"{scope['method']} {path}"
            if match is Match.PARTIAL and partial is None:
                partial = path
        return f"{scope['method']} {partial or scope['path'][:MAX_UNKNOWN_PATH]}"

    async def _fail(self, answer: str, scope: Scope, receive: Receive, send: Send) -> None:
        if answer == "reset":
            abort = scope.get("extensions", {}).get(ABORT_EXTENSION)
            if abort is None:
                raise ConnectionResetError("codegen-sim: injected connection reset")
            abort()
            return
        if self.latency:
            await asyncio.sleep(self.latency)
        await fault_response(answer)(scope, receive, send)


async def _discard(message: Message) -> None:
    """The send of a request whose answer is lost after the handler ran."""


def _delayed(send: Send, seconds: float) -> Send:
    """``send``, holding the start of the response back by ``seconds``."""

    async def delayed_send(message: Message) -> Any:
        if message["type"] == "http.response.start":
            await asyncio.sleep(seconds)
        await send(message)

    return delayed_send
