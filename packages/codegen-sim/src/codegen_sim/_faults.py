"""Fault injection: the failures a client meets on the way to the real service, on demand.

A fault happens *before* the handler (a proxy answered, or the connection dropped, and the service
never saw the request) or *after* it (the service acted and committed, then the answer was lost).
Clients must retry the first kind freely and the second only when they can tell the request already
happened, so tests of clients need both; the dice are seeded, so a failing test can be replayed.

``lost`` is the second kind aimed at requests that start work (a create, a resume, setup commands,
a sandbox analysis): the handler commits, then the client gets a dropped connection or a gateway's
502 or 504 instead of the answer. Any other request does not draw it.
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

LOST_ANSWERS = ("reset", "502", "504")
"""What a client gets instead of a lost answer: a dropped connection, or a gateway's error page."""

_PROXY_PAGE = (
    "<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n<center><h1>{status}</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
_PROXY_STATUS = {
    502: "502 Bad Gateway",
    503: "503 Service Temporarily Unavailable",
    504: "504 Gateway Time-out",
}


@dataclass(frozen=True)
class Fault:
    """One injected fault: its ``kind`` (one of ``FAULT_KINDS``), its side of the handler, and what
    the client receives (``429``, ``502``, ``503``, ``504``, ``reset`` or ``slow``)."""

    kind: str
    side: Side
    answer: str


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

    def draw(self, *, starts_work: bool) -> Fault | None:
        """The fault the next request meets, if any (and counts it). ``starts_work``: the request
        starts an agent, so a ``lost`` answer applies to it."""
        kinds = self.kinds if starts_work else tuple(k for k in self.kinds if k != "lost")
        if not kinds or self._dice.random() >= self.rate:
            return None
        kind = self._dice.choice(kinds)
        # A 429 comes from the rate limiter in front of the handler; a lost answer is lost after it.
        side: Side
        if kind == "429":
            side = "before"
        elif kind == "lost":
            side = "after"
        else:
            side = self._dice.choice(("before", "after"))
        answer = self._dice.choice(LOST_ANSWERS) if kind == "lost" else kind
        self.injected[side][kind] += 1
        return Fault(kind, side, answer)

    def counts(self) -> dict[str, dict[str, int]]:
        """Faults injected so far, by side and kind."""
        return {side: dict(counter) for side, counter in self.injected.items()}

    def reset_counts(self) -> None:
        for counter in self.injected.values():
            counter.clear()


def fault_response(answer: str) -> Response:
    """What a client receives for a ``429``, ``502``, ``503`` or ``504``."""
    if answer == "429":
        body = APIRateLimitErrorResponse().model_dump()
        return JSONResponse(body, status_code=429, headers={"Retry-After": "1"})
    status = int(answer)
    return HTMLResponse(_PROXY_PAGE.format(status=_PROXY_STATUS[status]), status_code=status)
