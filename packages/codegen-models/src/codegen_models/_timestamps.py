"""Timestamps: parsed to aware datetimes, but never a reason to reject a response.

The spec types every ``created_at`` as a plain string. The service sends ISO-8601 (``...Z`` or
``+00:00``); the docs show ``2024-01-15T10:30:00Z``. We parse what we can into an aware
:class:`datetime` (naive values are taken as UTC) and keep anything unparseable as the original
string. A parsed value remembers its source text so that dumping a model gives back byte-for-byte what
the server sent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema


class ApiDatetime(datetime):
    """An aware datetime that remembers the text (or number) it was parsed from."""

    source: str | int | float | None = None

    @classmethod
    def parse(cls, value: str | int | float) -> ApiDatetime | None:
        """Parse ISO-8601 text or epoch seconds; ``None`` when the value is not a timestamp."""
        try:
            if isinstance(value, str):
                parsed = datetime.fromisoformat(value.strip())
            else:
                parsed = datetime.fromtimestamp(value, tz=UTC)
        except (ValueError, OverflowError, OSError):
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        result = cls(
            parsed.year,
            parsed.month,
            parsed.day,
            parsed.hour,
            parsed.minute,
            parsed.second,
            parsed.microsecond,
            tzinfo=parsed.tzinfo,
        )
        result.source = value
        return result


def _validate(value: Any) -> datetime | str:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
        parsed = ApiDatetime.parse(value)
        if parsed is not None:
            return parsed
        return value if isinstance(value, str) else str(value)
    raise ValueError(f"expected a timestamp string, got {type(value).__name__}")


def _serialize(value: datetime | str) -> str | int | float:
    if isinstance(value, ApiDatetime) and value.source is not None:
        return value.source
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


Timestamp = Annotated[
    datetime | str,
    PlainValidator(_validate),
    PlainSerializer(_serialize, when_used="json"),
    WithJsonSchema({"type": "string"}),
]
"""A timestamp field: an aware ``datetime``, or the original string when it could not be parsed."""
