"""Times as people and scripts read them, and durations as people type them.

A terminal shows "5 minutes ago"; a pipe gets ISO-8601 in UTC, which sorts and parses. The models
give aware datetimes, or the server's original string when it was not a timestamp; that string is
shown as it came.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_UNITS = (
    ("minute", 60),
    ("hour", 3600),
    ("day", 86400),
    ("month", 30 * 86400),
    ("year", 365 * 86400),
)
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)([hms]?)")
_SECONDS_PER = {"h": 3600.0, "m": 60.0, "s": 1.0, "": 1.0}


def iso(value: datetime | str | None) -> str:
    """ISO-8601 in UTC with a ``Z`` (``2024-01-15T10:30:00Z``); a string stays as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    text = value.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def relative(value: datetime | str | None, now: datetime | None = None) -> str:
    """``just now``, ``12 minutes ago``, ``3 days ago``; a time in the future shows as ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    seconds = ((now or datetime.now(UTC)) - value).total_seconds()
    if seconds < -60:
        return iso(value)
    if seconds < 60:
        return "just now"
    unit, size = next((unit, size) for unit, size in reversed(_UNITS) if seconds >= size)
    count = int(seconds // size)
    return f"{count} {unit}{'' if count == 1 else 's'} ago"


def clock(value: datetime | str | None) -> str:
    """The local time of day (``14:03:27``), for log entries on a terminal."""
    if value is None:
        return "--:--:--"
    if isinstance(value, str):
        return value
    return value.astimezone().strftime("%H:%M:%S")


def duration_text(seconds: float) -> str:
    """A duration as a person reads it: ``42s``, ``3m 05s``, ``1h 02m``."""
    whole = int(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m {whole % 60:02d}s"
    return f"{whole // 3600}h {whole % 3600 // 60:02d}m"


def parse_duration(text: str) -> float:
    """Seconds from ``90``, ``90s``, ``10m``, ``1h30m`` or ``1.5h``; ``ValueError`` otherwise."""
    cleaned = text.strip().lower()
    parts = list(_DURATION_PART.finditer(cleaned))
    if not cleaned or "".join(part.group(0) for part in parts) != cleaned:
        raise ValueError(f"{text!r} is not a duration like 90, 90s, 10m or 1h30m")
    return sum(float(number) * _SECONDS_PER[unit] for number, unit in (p.groups() for p in parts))
