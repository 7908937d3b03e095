"""Options and arguments several commands share, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ._errors import usage_error
from ._time import parse_duration

if TYPE_CHECKING:
    from codegen import AgentRunStatus, LogMessageType, SourceType

Choice = TypeVar("Choice", "AgentRunStatus", "SourceType", "LogMessageType")


def parse_choice(enum: type[Choice], value: str, flag: str) -> Choice:
    """``value`` as a member of ``enum`` (in any case, documented aliases too); else exit 2.

    These value sets come from the models (they grow with the API), so they are checked here
    rather than spelled out as typer choices.
    """
    parsed = enum.parse(value)
    if parsed is None:
        raise usage_error(f"{flag}: unknown value {value!r}", hint=f"use one of {', '.join(enum)}")
    return parsed


def _duration(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


RunIdArgument = Annotated[
    int, typer.Argument(metavar="ID", help="Agent run id.", show_default=False)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the full JSON the API returned.")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only the run id; no hints or progress.")
]
WaitOption = Annotated[
    bool,
    typer.Option("--wait", "-w", help="Wait for the run to end (live status on stderr); print it."),
]
FollowOption = Annotated[
    bool, typer.Option("--follow", help="Stream the run's logs until it ends.")
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="DURATION",
        parser=_duration,
        show_default=False,
        help="Stop waiting after this long (90, 90s, 10m, 1h30m); exit 8 if still running.",
    ),
]
ImageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--image",
        "-i",
        metavar="PATH",
        show_default=False,
        help="Image for the agent (PNG, JPEG, GIF, WebP; at most 10 MiB). Repeatable.",
    ),
]
FileOption = Annotated[
    str | None,
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        show_default=False,
        help="Read the prompt from a file ('-' for stdin).",
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", "-L", min=1, metavar="N", show_default=False, help="Show at most N."),
]
