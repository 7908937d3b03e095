"""Rate limits per token and class, as the spec states them, on real (monotonic) time."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from codegen_models.api import RateClass, RateLimit


class RateLimiter:
    """A sliding window per (token, class): at most N requests in any W seconds.

    The window runs on real time even when the simulated clock runs fast, because what it protects
    in the real service is the server, and what it tests in a client is its pacing.
    """

    def __init__(
        self,
        limits: Callable[[RateClass], RateLimit],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = limits
        self._clock = clock
        self._windows: dict[tuple[str, RateClass], deque[float]] = {}

    def acquire(self, token: str, rate_class: RateClass) -> int | None:
        """Count a request; ``None`` if allowed, else whole seconds until a slot frees (≥ 1)."""
        limit = self._limits(rate_class)
        now = self._clock()
        times = self._windows.setdefault((token, rate_class), deque())
        while times and times[0] <= now - limit.per_seconds:
            times.popleft()
        if len(times) >= limit.requests:
            return max(1, math.ceil(times[0] + limit.per_seconds - now))
        times.append(now)
        return None

    def reset(self) -> None:
        self._windows.clear()
