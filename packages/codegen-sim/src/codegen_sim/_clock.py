"""The simulator's clock: runs move on virtual time, so tests can fast-forward them."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from ._config import check_number

LATEST = datetime(9000, 1, 1, tzinfo=UTC).timestamp()
"""How far the clock may be moved: short of the year 9999 that timestamps end with, so that runs
started then (at most a year long, see :data:`~codegen_sim._directives.MAX_SECONDS`) can finish."""


class SimClock:
    """Virtual time in epoch seconds: real time elapsed × ``speed``, plus every advance.

    It starts at the real wall-clock time (or later, when a state file remembers a later moment), so
    timestamps look real at speed 1. Runs are computed from it on read, so advancing the clock moves
    every run at once without a background thread.
    """

    def __init__(self, speed: float, start: float | None = None) -> None:
        self._speed = speed
        self.restart(start)

    def restart(self, start: float | None = None) -> None:
        """Set the current virtual time to ``start`` (default: now, by the wall clock)."""
        self._origin = time.time() if start is None else start
        self._monotonic_origin = time.monotonic()

    def now(self) -> float:
        """The current virtual time, in epoch seconds."""
        return self._origin + (time.monotonic() - self._monotonic_origin) * self._speed

    def advance(self, seconds: float) -> None:
        """Jump forward by ``seconds`` of virtual time; a ``ValueError`` (and no change) for a
        negative or non-finite number, or one that would take the clock past :data:`LATEST`."""
        check_number("seconds", seconds, 0, max(0.0, LATEST - self.now()))
        self._origin += seconds
