"""Values typed on the command line, parsed with messages a person can act on.

Typer's own conversions explain a bad value in pydantic's words ("unable to parse string as an
integer", ``[x>=1]``); these say what is expected instead. None of them repeats the value: it
could be a token pasted in the wrong place (usage errors never echo what was typed, see
``_usage_errors``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ._time import parse_duration
from ._usage_errors import InvalidValue

if TYPE_CHECKING:
    from codegen import AgentRunStatus, LogMessageType, SourceType


def whole_number(text: str) -> int:
    """A whole number of 1 or more (ids, limits)."""
    cleaned = text.strip()
    if not cleaned.isascii() or not cleaned.isdigit() or int(cleaned) < 1:
        raise InvalidValue("expected a whole number of 1 or more")
    return int(cleaned)


def duration(text: str) -> float:
    """Seconds from ``90``, ``90s``, ``10m``, ``1h30m``."""
    try:
        return parse_duration(text)
    except ValueError:
        raise InvalidValue("expected a duration like 90, 90s, 10m or 1h30m") from None


def one_of(values: Iterable[str], what: str) -> Callable[[str], str]:
    """A parser accepting one of ``values`` (in any case), returned as written in ``values``."""
    known = {value.lower(): value for value in values}

    def parse(text: str) -> str:
        found = known.get(text.strip().lower())
        if found is None:
            raise InvalidValue(f"expected {what}: {', '.join(known.values())}")
        return found

    return parse


def model_choice(enum_name: str, what: str) -> Callable[[str], str]:
    """A parser for a value of the ``codegen`` enum ``enum_name`` (any case, documented aliases
    too), which is imported only when a value is parsed; the value comes back as the member.

    These value sets come from the models (they grow with the API), so they are looked up
    there rather than spelled out here.
    """

    def parse(text: str) -> str:
        enum = choice_enum(enum_name)
        parsed = enum.parse(text)
        if parsed is None:
            raise InvalidValue(f"expected {what}: {', '.join(enum)}")
        return parsed

    return parse


def choice_enum(enum_name: str) -> type[AgentRunStatus | SourceType | LogMessageType]:
    import codegen

    enum: type[AgentRunStatus | SourceType | LogMessageType] = getattr(codegen, enum_name)
    return enum
