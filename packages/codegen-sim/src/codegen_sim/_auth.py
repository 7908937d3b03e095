"""Who is calling, and whether they may call again yet: bearer auth and rate limits as dependencies.

Auth runs first (a missing or unknown token is a 401 before anything else), then the rate limit of
the route's class for that token, then FastAPI's validation and the handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request

from codegen_models import APIRateLimitErrorResponse

from ._errors import ApiError
from ._runtime import runtime_of
from ._state import Simulator
from ._world import Account


@dataclass(frozen=True)
class Caller:
    """The account behind the request's token, and what a handler needs to answer it."""

    account: Account
    token: str
    simulator: Simulator
    base_url: str
    """The simulator's own URL, for ``web_url`` links to its trace pages."""


async def authenticate(
    request: Request,
    # Typed `Any`, as in the spec (which declares the header with no schema at all).
    authorization: Annotated[Any, Header()] = None,
) -> Caller:
    """The caller of a ``Authorization: Bearer <token>`` request; 401 if there is none."""
    runtime = runtime_of(request)
    scheme, _, token = str(authorization or "").partition(" ")
    if authorization is None or scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("Missing API token: send 'Authorization: Bearer <token>'.")
    account = runtime.simulator.account(token.strip())
    if account is None:
        raise _unauthorized("Invalid API token.")
    return Caller(account, token.strip(), runtime.simulator, str(request.base_url))


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


CallerDep = Annotated[Caller, Depends(authenticate)]


class RateLimit:
    """Dependency enforcing one rate-limit class (``create``, ``standard``, ...) per token."""

    def __init__(self, rate_class: str) -> None:
        self.rate_class = rate_class

    async def __call__(self, request: Request, caller: CallerDep) -> None:
        limiter = runtime_of(request).limiter
        if limiter is None:
            return
        retry_after = limiter.acquire(caller.token, self.rate_class)
        if retry_after is not None:
            raise ApiError(APIRateLimitErrorResponse(), headers={"Retry-After": str(retry_after)})


def limited(rate_class: str) -> list[Any]:
    """``dependencies=`` of a route in ``rate_class``."""
    return [Depends(RateLimit(rate_class))]
