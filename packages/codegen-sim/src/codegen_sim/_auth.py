"""Who is calling: bearer authentication as a route dependency.

It runs before anything else of a route (a missing or unknown token is a 401 first), and gives the
handler the caller's account and the service that answers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request

from ._components import components_of
from ._seeded_world import Account
from ._service import SimulatedService


@dataclass(frozen=True)
class Caller:
    """The account behind the request's token, and what a handler needs to answer it."""

    account: Account
    token: str
    service: SimulatedService
    base_url: str
    """The simulator's own URL, for ``web_url`` links to its trace pages."""


async def authenticate(
    request: Request,
    # Typed `Any`, as in the spec (which declares the header with no schema at all).
    authorization: Annotated[Any, Header()] = None,
) -> Caller:
    """The caller of a ``Authorization: Bearer <token>`` request; 401 if there is none."""
    service = components_of(request).service
    scheme, _, token = str(authorization or "").partition(" ")
    if authorization is None or scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("Missing API token: send 'Authorization: Bearer <token>'.")
    account = service.account(token.strip())
    if account is None:
        raise _unauthorized("Invalid API token.")
    return Caller(account, token.strip(), service, str(request.base_url))


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


CallerDep = Annotated[Caller, Depends(authenticate)]
