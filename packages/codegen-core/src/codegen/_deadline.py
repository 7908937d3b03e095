"""One deadline per attempt: ``timeout`` bounds connecting, sending and reading the whole answer.

httpx's timeouts bound each network operation on its own, so a server that trickles a byte every
half second never trips a 2 s read timeout and can hold a request for as long as it likes. The
clients therefore send every request inside :func:`attempt_deadline`, and the network backend of
the httpx clients they create (``_network``) cuts every connect, TLS handshake, read and write short
at that deadline (:func:`bounded`).

An httpx client passed in by the caller is left as it is: the async client then bounds the attempt
with a cancel scope instead (reported as a read timeout); the sync client has no way to, and only
httpx's per-operation timeouts apply. Name resolution (``getaddrinfo``) is not bounded by either.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("codegen_attempt_deadline", default=None)


@contextmanager
def attempt_deadline(seconds: float) -> Iterator[None]:
    """Network operations inside (in this thread or task) end by ``seconds`` from now."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def bounded(timeout: float | None, expired: type[Exception]) -> float | None:
    """``timeout`` for one operation, cut to what is left of the attempt's deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise expired("the request took longer than its timeout")
    return remaining if timeout is None else min(timeout, remaining)
