"""Times for people (relative) and for scripts (ISO-8601), and durations as typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from codegen_cli._time import clock, iso, parse_duration, relative

NOW = datetime(2024, 6, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ago", "text"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(seconds=-30), "just now"),
        (timedelta(minutes=1, seconds=5), "1 minute ago"),
        (timedelta(minutes=59), "59 minutes ago"),
        (timedelta(hours=2), "2 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=45), "1 month ago"),
        (timedelta(days=800), "2 years ago"),
        (timedelta(hours=-2), "2024-06-01T14:00:00Z"),  # the future, as it is
    ],
)
def test_relative(ago: timedelta, text: str) -> None:
    assert relative(NOW - ago, NOW) == text


def test_iso_is_utc_with_z() -> None:
    assert (
        iso(datetime(2024, 1, 15, 12, 30, tzinfo=timezone(timedelta(hours=2))))
        == "2024-01-15T10:30:00Z"
    )
    assert iso("not a time") == "not a time"
    assert iso(None) == relative(None) == ""


def test_clock_is_local_time_of_day() -> None:
    assert clock(NOW) == NOW.astimezone().strftime("%H:%M:%S")
    assert clock(None) == "--:--:--"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("90s", 90), ("10m", 600), ("1h30m", 5400), ("1.5h", 5400), ("2H", 7200)],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "10x", "1h 30m", "-5", "m"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)
