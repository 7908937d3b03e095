"""A client-side rate limiter per rate-limit class of the spec, so a busy program waits its turn
instead of collecting 429s. No I/O here: :meth:`RateLimiter.reserve` says how long to wait and the
client's I/O loop does the waiting.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping

from codegen_models.api import RATE_LIMITS, RateClass, RateLimit

ARRIVAL_MARGIN = 0.25
"""Seconds added to each window: the server counts arrival times, and requests sent exactly one
window apart can arrive a little closer together than that."""


class RateLimiter:
    """A sliding-window limiter that hands out send times.

    Each reservation is a future send time; the ``n``-th reservation of a class can go no earlier
    than one window (plus :data:`ARRIVAL_MARGIN`) after the ``n - limit``-th. Reservations are granted in call order, so
    concurrent callers (threads or tasks) queue fairly. Thread-safe.
    """

    def __init__(self, limits: Mapping[RateClass, RateLimit] = RATE_LIMITS) -> None:
        self._limits = dict(limits)
        self._sent: dict[RateClass, deque[float]] = {c: deque() for c in self._limits}
        self._lock = threading.Lock()

    def wait_time(self, rate_class: RateClass, now: float) -> float:
        """Seconds until a request of ``rate_class`` could go, without claiming the slot."""
        limit = self._limits.get(rate_class)
        if limit is None:
            return 0.0
        with self._lock:
            sent = self._sent[rate_class]
            window = limit.per_seconds + ARRIVAL_MARGIN
            if len(sent) < limit.requests:
                return 0.0
            return max(0.0, sent[-limit.requests] + window - now)

    def reserve(self, rate_class: RateClass, now: float) -> float:
        """Claim the next slot of ``rate_class``; the seconds to wait before sending (0 = now)."""
        limit = self._limits.get(rate_class)
        if limit is None:
            return 0.0
        with self._lock:
            sent = self._sent[rate_class]
            window = limit.per_seconds + ARRIVAL_MARGIN
            while sent and sent[0] <= now - window:
                sent.popleft()
            at = now if len(sent) < limit.requests else max(now, sent[-limit.requests] + window)
            sent.append(at)
            return at - now
