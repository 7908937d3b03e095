"""How agent runs look: a row of ``list``, the detail of ``show``, and the colour of a status.

Each view renders one model in the three modes of :class:`Output`; the JSON mode is always the
model's own ``to_dict()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from ._output import Cell, Column, Output
from ._time import iso, relative

if TYPE_CHECKING:
    from codegen import AgentRun

RUN_COLUMNS = (Column("id"), Column("status"), Column("created"), Column("summary", flexible=True))


def status_style(run: AgentRun) -> str:
    """Green for success, red for any other end, magenta when it waits for input, yellow while it
    works; no colour for a status this version does not know."""
    if run.status_value is None:
        return ""
    if run.succeeded:
        return "green"
    if run.needs_input:
        return "magenta"
    return "red" if run.is_terminal else "yellow"


def status_cell(run: AgentRun) -> Cell:
    return Cell(run.status or "", style=status_style(run))


def time_cell(value: datetime | str | None) -> Cell:
    """A time: relative on a terminal, ISO-8601 when piped."""
    return Cell(iso(value), shown=relative(value), style="dim")


def summary(run: AgentRun) -> str:
    """The run's summary, else the first line of its result."""
    if run.summary:
        return run.summary
    return (run.result or "").strip().split("\n", 1)[0]


def show_runs(out: Output, runs: Iterable[AgentRun]) -> None:
    """``list``: id, status, creation time and summary (and the web URL when piped)."""

    def row(run: AgentRun) -> list[Cell | str]:
        cells: list[Cell | str] = [
            str(run.id),
            status_cell(run),
            time_cell(run.created_at),
            summary(run),
        ]
        return cells if out.tty else [*cells, run.web_url or ""]

    columns = RUN_COLUMNS if out.tty else (*RUN_COLUMNS, Column("url"))
    out.listing(runs, columns, row, empty="No agent runs found.")


def show_run(out: Output, run: AgentRun, asked: str | None = None) -> None:
    """``show``: status, times, links, summary, the question a paused run ``asked``, pull
    requests, then the result."""
    if out.json:
        out.emit_json(run.to_dict())
        return
    rows: list[list[Cell | str]] = [
        ["ID", str(run.id)],
        ["Status", status_cell(run)],
        ["Created", time_cell(run.created_at)],
        ["Source", run.source_type or ""],
        ["URL", run.web_url or ""],
    ]
    if run.summary:
        rows.append(["Summary", run.summary])
    if asked:
        rows.append(["Question", Cell(asked, style="magenta")])
    for pr in run.pull_requests:
        branch = Cell(pr.head_branch_name or "", style="cyan")
        rows.append(["Pull request", pr.url or f"#{pr.id}", branch, pr.title or ""])
    out.details(rows)
    if run.result:
        if out.tty:
            out.line("")
            out.line(("Result", "bold"))
        else:
            out.line("--")
        out.line(run.result)
