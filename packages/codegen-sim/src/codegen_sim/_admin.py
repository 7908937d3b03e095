"""The admin API under ``/_sim``, for tests: counters, reset, the clock, the fault dice, and whether
``Idempotency-Key`` is honoured.

Off unless ``SimConfig(admin=True)`` / ``--admin``. Never counted, failed, slowed, rate limited or
authenticated, and absent from the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from ._components import components_of
from ._config import FAULT_KINDS
from ._runs import timestamp


class ClockAdvance(BaseModel):
    model_config = ConfigDict(strict=True)  # a number is a number, not `true` or "5"

    seconds: float
    """Checked by the clock, which refuses what it cannot show (a 422, and no change)."""


class FaultSettings(BaseModel):
    model_config = ConfigDict(strict=True)

    rate: float
    """Checked with the faults, as ``SimConfig`` checks them."""
    faults: list[str] = Field(default_factory=lambda: list(FAULT_KINDS))
    seed: int | None = None


class IdempotencySetting(BaseModel):
    model_config = ConfigDict(strict=True)

    honour: bool


def add_admin_routes(app: FastAPI) -> None:
    @app.get("/_sim/stats", include_in_schema=False)
    async def stats(request: Request) -> dict[str, Any]:
        return components_of(request).snapshot()

    @app.post("/_sim/reset", include_in_schema=False)
    async def reset(request: Request) -> dict[str, Any]:
        components = components_of(request)
        components.reset()
        return components.snapshot()

    @app.post("/_sim/clock/advance", include_in_schema=False)
    async def advance_clock(request: Request, body: ClockAdvance) -> dict[str, Any]:
        service = components_of(request).service
        try:
            service.advance(body.seconds)
        except ValueError as error:
            raise HTTPException(422, detail=str(error)) from None
        return {"now": timestamp(service.clock.now())}

    @app.post("/_sim/faults", include_in_schema=False)
    async def set_faults(request: Request, body: FaultSettings) -> dict[str, Any]:
        faults = components_of(request).faults
        try:
            faults.configure(body.rate, tuple(body.faults), body.seed)
        except ValueError as error:
            raise HTTPException(422, detail=str(error)) from None
        return {"rate": faults.rate, "faults": list(faults.kinds), "seed": body.seed}

    @app.post("/_sim/idempotency", include_in_schema=False)
    async def set_idempotency(request: Request, body: IdempotencySetting) -> dict[str, Any]:
        components = components_of(request)
        components.honour_idempotency_keys = body.honour
        return {"honour": components.honour_idempotency_keys}
