"""The ``codegen`` logger; never a token.

What each level shows: ``debug`` one line per request (method, path, status, time) and per rate-limit
wait; ``info`` (the default, ``CODEGEN_LOG_LEVEL``) only what is worth knowing when all goes well in
the end — a retry and why, a fallback to another route, a wait through an outage — so a quiet success
prints nothing; ``warning`` what may have gone wrong (a list that stopped paging early).

The first client gives the ``codegen`` logger a stderr handler. It stays silent when the
application's own logging already writes to that stderr (``logging.basicConfig()``), so no line is
printed twice; records propagate to the application's handlers as usual. Every record passes
through ``_secrets.SecretFilter``, which replaces any token a client was built with, in any of its
escaped forms, so even a debug line that formats a header or a URL cannot leak one.
"""

from __future__ import annotations

import logging
import sys
import threading

from ._secrets import secret_filter

logger = logging.getLogger("codegen")
logger.addFilter(secret_filter)

_lock = threading.Lock()
_handler: logging.Handler | None = None


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record is emitted, not when the handler was made,
    so redirections (test runners, CLI frameworks capturing output) see the lines."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass

    def emit(self, record: logging.LogRecord) -> None:
        if not _root_writes_to_stderr():
            super().emit(record)


def _root_writes_to_stderr() -> bool:
    return any(
        isinstance(handler, logging.StreamHandler)
        and getattr(handler, "stream", None) in (sys.stderr, sys.__stderr__)
        for handler in logging.getLogger().handlers
    )


def configure(level: str) -> None:
    """Set the ``codegen`` logger's level, and give it its stderr handler (once)."""
    global _handler
    with _lock:
        if _handler is None:
            _handler = _StderrHandler()
            _handler.setFormatter(logging.Formatter("[codegen %(levelname)s] %(message)s"))
            _handler.addFilter(secret_filter)
            logger.addHandler(_handler)
        logger.setLevel(level.upper())
