"""When to retry a request, and how long to wait first. No I/O here.

Retried: transport failures and 408, 429, 500, 502, 503, 504, with capped exponential backoff and
jitter, or the server's ``Retry-After`` when it gives one.

A POST that starts work (a run, a resume, setup commands, a log analysis) would start it twice if the
first attempt had reached the server. It is retried at once only when the server provably did not
act: the connection was never established, or the answer was 408 or 429 (refusals before any work).
Every other failure after the request was sent is *ambiguous* — a gateway answers 502/503 after the
backend has committed, and an answer can be lost on the way back — and the decision says so: the
caller then looks for what the request may have started before it tries again (see ``_base._call``),
and without a way to look it does not try again. When the configuration says the server honours
``Idempotency-Key``, an ambiguous failure is retried like any other, since a repeat creates nothing.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime

import httpx

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
NOT_ACTED_STATUSES = frozenset({408, 429})
"""Answers that mean the service did not run the request: safe to repeat even a create."""

NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
"""Transport failures before the request left: the server cannot have acted on it."""

TRANSIENT_ERRORS: tuple[type[httpx.RequestError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.DecodingError,  # an answer came but its body could not be decoded: it may have acted
)


@dataclass(frozen=True)
class RetryDecision:
    retry: bool
    delay: float = 0.0
    reason: str = ""
    ambiguous: bool = False
    """The request started work and may have reached the server: look before trying again."""


@dataclass(frozen=True)
class RetryPolicy:
    """Retry limits; :meth:`decide` applies them to one attempt's outcome."""

    max_retries: int = 3
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    """A ``Retry-After`` longer than this is not slept through: the error is raised with it."""
    trust_idempotency_keys: bool = False

    def decide(
        self,
        outcome: httpx.Response | Exception,
        *,
        attempt: int,
        starts_work: bool,
        now: float | None = None,
    ) -> RetryDecision:
        """Whether to retry after ``attempt`` (0-based) ended in ``outcome``, and after how long."""
        if isinstance(outcome, httpx.Response):
            status = outcome.status_code
            if status not in RETRYABLE_STATUSES:
                return RetryDecision(False)
            reason = f"HTTP {status}"
            acted = status not in NOT_ACTED_STATUSES
            hint = parse_retry_after(outcome.headers.get("retry-after"), now=now)
        elif isinstance(outcome, TRANSIENT_ERRORS):
            reason = type(outcome).__name__
            acted = not isinstance(outcome, NOT_SENT_ERRORS)
            hint = None
        else:
            return RetryDecision(False)
        ambiguous = starts_work and acted and not self.trust_idempotency_keys
        if ambiguous:
            reason += "; the server may have acted on it"
        if attempt >= self.max_retries:
            return RetryDecision(False, reason=f"{reason}; no retries left", ambiguous=ambiguous)
        if hint is not None:
            if hint > self.max_retry_after:
                return RetryDecision(
                    False,
                    reason=f"{reason}; Retry-After {hint:g} s is too long",
                    ambiguous=ambiguous,
                )
            return RetryDecision(True, hint, f"{reason}; Retry-After {hint:g} s", ambiguous)
        return RetryDecision(True, self.backoff(attempt), reason, ambiguous)

    def backoff(self, attempt: int) -> float:
        """``initial × 2^attempt``, capped, minus up to 25 % jitter so clients don't stampede."""
        nominal: float = min(self.initial_delay * 2.0 ** min(attempt, 32), self.max_delay)
        return nominal * (1 - 0.25 * random.random())


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP-date.

    ``None`` when absent or unusable (garbage, negative, NaN, infinite); a date in the past is 0.
    """
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            # "-0000" (RFC 5322: UTC, origin unknown) parses as naive; an HTTP-date is always UTC,
            # never the local time of the machine reading it.
            when = when.replace(tzinfo=UTC)
        return max(0.0, when.timestamp() - (time.time() if now is None else now))
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds
