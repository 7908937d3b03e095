"""The vocabulary between the I/O-free client logic and the two I/O loops.

Every behaviour of the clients (retries, rate limiting, paging, waiting, following logs) is written
once, as a generator that *yields effects* and receives their results: :class:`Send` a request and
get back the response (or the transport exception), :class:`Sleep`, :class:`Gather` several
sub-flows, :class:`Notify` a callback, :class:`Emit` an item to the caller of an iterator. The sync
client performs effects with ``httpx.Client`` and ``time.sleep``; the async client with
``httpx.AsyncClient`` and ``anyio``, running gathered flows concurrently. Neither client decides
anything, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True, slots=True)
class Send:
    """Send ``request``; the result is the ``httpx.Response`` (body read) or the
    ``httpx.TransportError`` raised while sending."""

    request: httpx.Request


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class Gather:
    """Run ``flows`` (at most ``concurrency`` at a time where the client can) and return their
    results in order. The first failure is raised; the other flows are abandoned."""

    flows: Sequence[Generator[Any, Any, Any]]
    concurrency: int = 1


@dataclass(frozen=True, slots=True)
class Notify:
    """Call ``callback(value)``; the async client awaits the result if it is awaitable."""

    callback: Callable[[Any], Any]
    value: Any


@dataclass(frozen=True, slots=True)
class Emit(Generic[T_co]):
    """Hand ``item`` to the caller of an iterator."""

    item: T_co


@dataclass(frozen=True, slots=True)
class RetryNotice:
    """What ``on_retry`` callbacks hear before a failed request is tried again.

    ``error`` is what the attempt ended in (the exception that would be raised if it were the last),
    ``delay`` the seconds until the next attempt, ``attempt`` how many have failed so far.
    """

    error: Exception
    delay: float
    attempt: int


Effect = Send | Sleep | Gather | Notify | Emit[Any]
Flow = Generator[Effect, Any, T]
"""A computation that performs effects and returns a ``T``."""
ItemFlow = Generator[Send | Sleep | Gather | Notify | Emit[T], Any, None]
"""A computation that performs effects and emits ``T`` items (an iterator's body)."""
