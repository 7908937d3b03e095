"""Fault injection: the failures a client meets on the way to the real service, on demand.

A fault happens *before* the handler (a proxy answered, or the connection dropped, and the service
never saw the request) or *after* it (the service acted and committed, then the answer was lost).
Clients must retry the first kind freely and the second only when the request is idempotent, so
tests of clients need both; the dice are seeded, so a failing test can be replayed.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from starlette.responses import HTMLResponse, JSONResponse, Response

from codegen_models import APIRateLimitErrorResponse

from ._config import check_faults

ABORT_EXTENSION = "codegen_sim.abort"
"""ASGI scope extension: a callable that drops the request's connection without an answer.

:class:`codegen_sim.SimServer` and the CLI provide it; without it (an in-process ASGI transport), a
``reset`` raises :class:`ConnectionResetError` out of the app instead.
"""

Side = Literal["before", "after"]

_PROXY_PAGE = (
    "<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n<center><h1>{status}</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
_PROXY_STATUS = {502: "502 Bad Gateway", 503: "503 Service Temporarily Unavailable"}


@dataclass(frozen=True)
class Fault:
    """One injected fault: ``kind`` is ``429``, ``502``, ``503``, ``reset`` or ``slow``."""

    kind: str
    side: Side


class FaultInjector:
    """Seeded dice deciding, request by request, whether and how a request fails."""

    def __init__(self, rate: float, kinds: tuple[str, ...], seed: int | None) -> None:
        self.configure(rate, kinds, seed)
        self.injected: dict[Side, Counter[str]] = {"before": Counter(), "after": Counter()}

    def configure(self, rate: float, kinds: tuple[str, ...], seed: int | None) -> None:
        """New odds, kinds and seed; the same seed replays the same sequence of faults."""
        check_faults(rate, kinds)
        self.rate = rate
        self.kinds = kinds
        self._dice = random.Random(seed)

    def draw(self) -> Fault | None:
        """The fault the next request meets, if any (and counts it)."""
        if not self.kinds or self._dice.random() >= self.rate:
            return None
        kind = self._dice.choice(self.kinds)
        # A 429 comes from the rate limiter in front of the handler; the others can happen either side.
        side: Side = "before" if kind == "429" else self._dice.choice(("before", "after"))
        self.injected[side][kind] += 1
        return Fault(kind, side)

    def counts(self) -> dict[str, dict[str, int]]:
        """Faults injected so far, by side and kind."""
        return {side: dict(counter) for side, counter in self.injected.items()}

    def reset_counts(self) -> None:
        for counter in self.injected.values():
            counter.clear()


def fault_response(kind: str) -> Response:
    """What a client receives for a ``429``, ``502`` or ``503`` fault."""
    if kind == "429":
        body = APIRateLimitErrorResponse().model_dump()
        return JSONResponse(body, status_code=429, headers={"Retry-After": "1"})
    status = int(kind)
    return HTMLResponse(_PROXY_PAGE.format(status=_PROXY_STATUS[status]), status_code=status)
