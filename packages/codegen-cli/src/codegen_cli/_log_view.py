"""How a log entry looks, for ``logs`` and for ``run`` / ``continue`` with ``--follow``.

On a terminal an entry is its time, its coloured message type, then what the agent did: the tool
and its thought, the observation, and the tool's input (→) and output (←) as compact JSON cut to
the width. Piped, it is one tab-separated line with every field in full; with ``--json``, one JSON
object per line.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._output import Output
from ._time import clock, iso

if TYPE_CHECKING:
    from rich.console import RenderableType

    from codegen import AgentRunLog

TYPE_WIDTH = 16

_TYPE_STYLES = {
    "ACTION": "cyan",
    "PLAN_EVALUATION": "blue",
    "FINAL_ANSWER": "green",
    "ERROR": "red",
    "PR_CREATION_FAILED": "red",
    "USER_MESSAGE": "magenta",
    "USER_GITHUB_ISSUE_COMMENT": "magenta",
}
"""Colours of the types that matter most; the rest are coloured by the agent that wrote them."""
_GROUP_STYLES = {"pr_agent": "yellow", "commit_agent": "yellow", "link": "dim"}


def type_style(entry: AgentRunLog) -> str:
    """The colour of an entry's message type; none for a type this version does not know."""
    message_type = entry.message_type_value
    if message_type is None:
        return ""
    return _TYPE_STYLES.get(message_type.value) or _GROUP_STYLES.get(message_type.group, "")


def compact(value: dict[str, Any] | str | None) -> str:
    """A value on one line: strings as they are, objects as compact JSON."""
    if value is None or isinstance(value, str):
        return value or ""
    return json.dumps(value, ensure_ascii=False, default=str)


def show_entry(out: Output, entry: AgentRunLog) -> None:
    """Print one log entry in the output's mode (JSON Lines, tab-separated, or for a person)."""
    if out.json:
        out.emit_json_line(entry.to_dict())
    elif not out.tty:
        out.fields(
            iso(entry.created_at),
            entry.message_type or "",
            entry.tool_name or "",
            entry.thought or "",
            compact(entry.observation),
            compact(entry.tool_input),
            compact(entry.tool_output),
        )
    else:
        out.render(_entry_view(out, entry))


def _entry_view(out: Output, entry: AgentRunLog) -> RenderableType:
    from rich.console import Group
    from rich.table import Table

    lines = []
    if entry.tool_name or entry.thought:
        tool = f"{entry.tool_name}  " if entry.tool_name and entry.thought else entry.tool_name
        lines.append(out.text((tool or "", "bold"), entry.thought or ""))
    if isinstance(entry.observation, str):
        lines.append(out.text(entry.observation))
    # Structured values are cut to one line each: the full JSON is in --json and piped output.
    for prefix, value in (
        ("", entry.observation),
        ("→ ", entry.tool_input),
        ("← ", entry.tool_output),
    ):
        if isinstance(value, dict):
            text = out.text((prefix, "dim"), (compact(value), "dim" if prefix else ""))
            text.no_wrap, text.overflow = True, "ellipsis"
            lines.append(text)
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(no_wrap=True, min_width=TYPE_WIDTH)
    grid.add_column(ratio=1)
    grid.add_row(
        out.text(clock(entry.created_at)),
        out.text((entry.message_type or "", type_style(entry))),
        Group(*lines),
    )
    return grid
