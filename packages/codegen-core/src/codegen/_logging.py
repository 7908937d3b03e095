"""The ``codegen`` logger: one line per request, retry and fallback; never a token.

``CODEGEN_LOG_LEVEL`` (or ``log_level=``) attaches a stderr handler to the ``codegen`` logger; without
it the logger stays silent unless the application configures logging itself. Every record passes
through :class:`SecretFilter`, which replaces any token a client was built with, so even a debug
line that formats a header or a URL cannot leak one.
"""

from __future__ import annotations

import logging
import sys
import threading

logger = logging.getLogger("codegen")

_secrets: set[str] = set()
_lock = threading.Lock()
_handler: logging.Handler | None = None


def register_secret(secret: str) -> None:
    """Scrub ``secret`` from every record of the ``codegen`` logger from now on."""
    if len(secret) >= 4:
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, "***")
    return text


class SecretFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            record.msg = redact(record.getMessage())
            record.args = None
        return True


logger.addFilter(SecretFilter())


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record is emitted, not when the handler was made,
    so redirections (test runners, CLI frameworks capturing output) see the lines."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def configure(level: str | None) -> None:
    """Send the ``codegen`` logger's records at ``level`` and above to stderr (once)."""
    global _handler
    if level is None:
        return
    with _lock:
        if _handler is None:
            _handler = _StderrHandler()
            _handler.setFormatter(logging.Formatter("[codegen %(levelname)s] %(message)s"))
            _handler.addFilter(SecretFilter())
            logger.addHandler(_handler)
        logger.setLevel(level.upper())
