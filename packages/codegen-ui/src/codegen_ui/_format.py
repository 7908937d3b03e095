"""How runs and log entries read on screen: plain strings computed off the Tk thread's hot path.

Everything from the server is shown as inert text: these functions only build strings, and the
views insert them as plain text (never as markup, Tcl, or anything that is interpreted).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from codegen import AgentRun, AgentRunLog, SourceType

from ._palette import STATUS_MARKS, StatusClass
from ._theme import log_type_key, status_class

SUMMARY_WIDTH = 500
"""Characters of a summary a table row keeps (the table cuts it to the column; a tooltip shows it)."""
DETAIL_WIDTH = 400
"""Characters of a tool's input or output shown in the log; the rest is cut with an ellipsis."""


@dataclass(frozen=True)
class RunRow:
    """One line of the runs table."""

    run_id: int
    status: str
    status_class: StatusClass
    created: str
    summary: str
    source: str

    @property
    def cells(self) -> tuple[str, str, str, str, str]:
        mark = STATUS_MARKS[self.status_class]
        return (str(self.run_id), f"{mark} {self.status}", self.created, self.summary, self.source)


@dataclass(frozen=True)
class LogLine:
    """One log entry as the log view shows it: its type (for colour and filter), a heading line
    (time, type, tool) and the indented lines below it."""

    type_key: str
    head: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.head}\n{self.body}" if self.body else self.head


def one_line(text: str | None, width: int) -> str:
    """``text`` on a single line (whitespace runs folded), cut to ``width`` with an ellipsis (at
    the last space, unless that would lose more than a fifth of it)."""
    if not text:
        return ""
    folded = " ".join(text.split())
    if len(folded) <= width:
        return folded
    cut = folded.rfind(" ", 0, width)
    if cut < width * 0.8:
        cut = width - 1
    return folded[:cut].rstrip() + "…"


def timestamp(value: datetime | str | None, *, with_date: bool = True) -> str:
    """A timestamp in local time; a string the server sent that is not one is shown as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    local = value.astimezone()
    return local.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M:%S")


def short_timestamp(value: datetime | str | None, now: datetime | None = None) -> str:
    """A timestamp for a table: the time alone today, the day and time this year, else the date."""
    if not isinstance(value, datetime):
        return timestamp(value)
    local = value.astimezone()
    today = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo)
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if local.year == today.year:
        return local.strftime("%b %d %H:%M")
    return local.strftime("%Y-%m-%d")


SOURCE_LABELS: dict[SourceType, str] = {
    SourceType.LOCAL: "Local",
    SourceType.SLACK: "Slack",
    SourceType.GITHUB: "GitHub",
    SourceType.GITHUB_CHECK_SUITE: "GitHub checks",
    SourceType.GITHUB_PR_REVIEW: "GitHub review",
    SourceType.LINEAR: "Linear",
    SourceType.API: "API",
    SourceType.CHAT: "Chat",
    SourceType.JIRA: "Jira",
    SourceType.CLICKUP: "ClickUp",
    SourceType.MONDAY: "Monday",
    SourceType.SETUP_COMMANDS: "Setup",
}


def source_label(source_type: str | None) -> str:
    """Where a run came from, as a person names it (``GITHUB_PR_REVIEW`` → ``GitHub review``)."""
    value = SourceType.parse(source_type)
    if value is not None:
        return SOURCE_LABELS[value]
    return (source_type or "").replace("_", " ").strip().capitalize()


def run_row(run: AgentRun) -> RunRow:
    return RunRow(
        run_id=run.id,
        status=run.status or "—",
        status_class=status_class(run.status),
        created=short_timestamp(run.created_at),
        summary=one_line(run.summary or run.result, SUMMARY_WIDTH),
        source=source_label(run.source_type),
    )


def run_search_text(run: AgentRun) -> str:
    """What the text filter looks in: id, status, source, summary and result, folded to lower case."""
    parts = (str(run.id), run.status, source_label(run.source_type), run.summary, run.result)
    return " ".join(part for part in parts if part).lower()


def compact(value: Any, width: int = DETAIL_WIDTH) -> str:
    """A tool's input or output on one line: JSON for structures, the text itself for strings."""
    if isinstance(value, str):
        return one_line(value, width)
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return one_line(text, width)


def log_line(entry: AgentRunLog) -> LogLine:
    """An entry as one paragraph: time, type, then what the agent thought, did and saw.

    Thoughts and answers keep their own line breaks (a final answer is often a short report);
    tool input and output are folded onto one line each and cut, so one huge tool output cannot
    make the log unreadable or slow.
    """
    key = log_type_key(entry.message_type)
    head = f"{timestamp(entry.created_at, with_date=False):>8}  {entry.message_type or key}"
    if entry.tool_name:
        head += f"  {entry.tool_name}"
    parts = []
    if entry.thought:
        parts.append(entry.thought.strip())
    if entry.tool_input:
        parts.append("→ " + compact(entry.tool_input))
    if entry.tool_output:
        parts.append("← " + compact(entry.tool_output))
    if entry.observation:
        observation = entry.observation
        parts.append(observation.strip() if isinstance(observation, str) else compact(observation))
    return LogLine(key, head, "\n".join("    " + _indent(part) for part in parts))


def _indent(text: str) -> str:
    return text.replace("\n", "\n    ")
