"""The simulator's clock: runs move on virtual time, so tests can fast-forward them."""

from __future__ import annotations

import time


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
        """Jump forward by ``seconds`` of virtual time."""
        if seconds < 0:
            raise ValueError(f"the clock only moves forward, got {seconds}")
        self._origin += seconds
