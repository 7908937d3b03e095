"""The token as a secret: every form of it scrubbed from text, decoded bodies and log records.

A token can show up escaped as well as raw: Python's ``repr`` and JSON put backslashes before
quotes and backslashes (a nested ``repr`` doubles them), a URL percent-encodes ``+``, ``/``, ``=``
and ``%`` (``%2B``, or ``%252B`` when encoded twice), JSON encoders may write ``<``, ``>`` and ``&``
as ``\\u003c``, and HTML as ``&lt;``, ``&#60;`` or ``&#x3c;``. A token's letters, digits and ``-._~``
stay themselves in all of these, so one pattern per token matches every such form: each of those
characters literally, any other character in any of the forms above. The longest run of literal
characters is looked for first (a plain substring search), so text without it costs next to
nothing.

What is scrubbed: any token a client was built with (:func:`register_secret`), from the text of
every record of the ``codegen``, ``httpx``, ``httpcore``, ``hpack`` and ``h2`` loggers (httpcore's
debug records repeat headers), from every exception this package raises, and from every response
body and header the clients decode (see ``_responses``), so a server that echoes the token back
cannot make it appear in a result either. What cannot be promised: a token whose letters or digits
were themselves escaped, or that was split, re-encoded (base64) or changed in any other way.
"""

from __future__ import annotations

import logging
import re
import string
import threading
from dataclasses import dataclass
from typing import Any

MASK = "***"
MIN_SECRET_LENGTH = 4
"""Shorter strings are not treated as secrets (masking them would mangle ordinary text)."""

LITERAL_CHARS = frozenset(string.ascii_letters + string.digits + "-._~")
"""Characters no common encoding changes (URL-unreserved; never escaped by repr, JSON or HTML)."""

_HTML_NAMES = {"&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos"}

LOGGERS = ("codegen", "httpx", "httpcore", "hpack", "h2")
"""Loggers (and their children) whose records are scrubbed."""


def _hex(code: int, width: int) -> str:
    """``code`` in hex, matching upper- and lower-case digits."""
    return "".join(f"[{d.lower()}{d}]" if d.isalpha() else d for d in f"{code:0{width}X}")


def _char_pattern(char: str) -> str:
    """Every form ``char`` may take in escaped or encoded text."""
    if char in LITERAL_CHARS:
        return re.escape(char)
    code = ord(char)
    forms = [
        re.escape(char),
        f"%(?:25)*{_hex(code, 2)}",  # percent-encoded, once or more
        rf"\\+u{_hex(code, 4)}",  # JSON's \u003c
        rf"\\+x{_hex(code, 2)}",  # Python's \x3c
        f"&#0*{code};",
        f"&#[xX]0*{_hex(code, 1)};",
    ]
    if char in _HTML_NAMES:
        forms.append(f"&{_HTML_NAMES[char]};")
    return rf"\\*(?:{'|'.join(forms)})"  # any number of backslashes before it (repr, JSON)


@dataclass(frozen=True)
class _Secret:
    anchor: str
    """The longest run of literal characters: present in every form of the secret."""
    pattern: re.Pattern[str]
    anchor_bytes: bytes

    @classmethod
    def of(cls, secret: str) -> _Secret:
        runs = re.findall(r"[A-Za-z0-9._~-]+", secret)
        anchor = max(runs, key=len, default="")
        pattern = re.compile("".join(_char_pattern(char) for char in secret))
        return cls(anchor, pattern, anchor.encode())


_lock = threading.Lock()
_registered: dict[str, _Secret] = {}
_secrets: tuple[_Secret, ...] = ()
"""A snapshot, replaced whole under the lock, so readers need none."""


def register_secret(secret: str) -> None:
    """Scrub ``secret``, in every form, from logs, exceptions and decoded responses from now on."""
    global _secrets
    if len(secret) < MIN_SECRET_LENGTH:
        return
    with _lock:
        if secret not in _registered:
            _registered[secret] = _Secret.of(secret)
            _secrets = tuple(_registered.values())
        _install_filters()


def redact(text: str) -> str:
    """``text`` with every form of every registered secret replaced by ``***``."""
    for secret in _secrets:
        if secret.anchor in text:
            text = secret.pattern.sub(MASK, text)
    return text


def holds_secret(content: bytes) -> bool:
    """Whether raw bytes (a response body) may hold a registered secret in some form; ``False``
    is certain, so a body without one can be parsed as it is."""
    return any(secret.anchor_bytes in content for secret in _secrets)


def redact_value(value: Any) -> Any:
    """A decoded JSON value with every string in it (keys too) redacted."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(str(key)): redact_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_value(item) for item in value]
    return value


class SecretFilter(logging.Filter):
    """Replaces a record's message (and traceback text) by its redacted rendering."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: still never show its arguments raw
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


secret_filter = SecretFilter()


def _install_filters() -> None:
    """Put the filter on each logger of :data:`LOGGERS` and their existing children. A logger's
    filters see only the records logged on it, not those propagated from its children."""
    children = [
        name
        for name in list(logging.root.manager.loggerDict)
        if any(name.startswith(prefix + ".") for prefix in LOGGERS)
    ]
    for name in (*LOGGERS, *children):
        target = logging.getLogger(name)
        if secret_filter not in target.filters:
            target.addFilter(secret_filter)
