"""``codegen batch FILE``: many prompts, at the API's ceiling, each run started once.

The batch itself is core's (``read_batch``, ``run_batch``: pacing, watching in pages, the journal
that makes it resumable); this module shows it. stdout carries one result per finished run (JSON
Lines in a pipe, a line a run on a terminal); stderr the progress and the summary.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from codegen_cli._errors import CliError, ExitCode
from codegen_cli._invocation import Invocation
from codegen_cli._output import Output
from codegen_cli._progress import CLEAR_LINE
from codegen_cli._sanitize import inert
from codegen_cli._time import duration_text
from codegen_cli._values import whole_number

if TYPE_CHECKING:
    from codegen import BatchProgress, BatchResult

JOURNAL_SUFFIX = ".codegen-state"


def batch(
    invocation: Invocation,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            show_default=False,
            help="Prompts: one per line, or JSON Lines with prompt, repo_id, model, agent_type, "
            "metadata, images.",
        ),
    ],
    out_file: Annotated[
        str | None,
        typer.Option(
            "--out", "-o", metavar="PATH", show_default=False,
            help="Also append each result to this file as a JSON line.",
        ),
    ] = None,
    no_wait: Annotated[
        bool,
        typer.Option("--no-wait", help="Report each run as it is created; do not wait for it."),
    ] = False,
    max_in_flight: Annotated[
        int | None,
        typer.Option(
            "--max-in-flight", metavar="N", parser=whole_number, show_default=False,
            help="Keep at most N runs going at once (for organizations with a concurrency cap).",
        ),
    ] = None,
    state: Annotated[
        str | None,
        typer.Option(
            "--state", metavar="PATH", show_default=False,
            help=f"The batch's journal, which lets it carry on (default: FILE{JOURNAL_SUFFIX}).",
        ),
    ] = None,
    replay: Annotated[
        bool,
        typer.Option("--replay", help="Print the results an earlier go already reported too."),
    ] = False,
) -> None:  # fmt: skip
    """Run many prompts from a file, each run started exactly once.

    Creates are paced by the API's create limit, and every line is checked before anything is
    created. Runs are watched in pages of the
    organization's runs (one request covers 100); each result is printed once, as its run ends:
    a JSON line (line, id, status, web_url, summary, pull_requests) in a pipe. Interrupted or
    killed, the same command again carries on from the journal: no run is started twice, and
    results already printed are not printed again (--replay prints them). The --out file holds
    each result exactly once even across a kill; stdout may repeat the one result printed just
    before it. Exit 0 when every run completed, 1 when any did not.

    Examples:
        codegen batch prompts.txt > results.jsonl
        codegen batch tasks.jsonl --max-in-flight 5 --out results.jsonl
        codegen batch prompts.txt --no-wait
    """
    from codegen import read_batch

    out = Output()
    items = read_batch(file)
    journal = state or file + JOURNAL_SUFFIX
    resumed = Path(journal).exists()
    out.say(
        f"batch of {len(items)} prompts; journal {journal}" + (" (carrying on)" if resumed else "")
    )
    view = BatchView(out)
    results: list[BatchResult] = []
    delivered = _delivered(Path(out_file)) if out_file else []
    sink = open(out_file, "a", encoding="utf-8") if out_file else None  # noqa: SIM115
    try:
        for result in invocation.client.run_batch(
            items,
            org_id=invocation.org_id,
            state=journal,
            wait=not no_wait,
            max_in_flight=max_in_flight,
            on_progress=view.update,
            replay=replay,
            already_reported=delivered,
        ):
            results.append(result)
            view.clear()
            _print(out, result, sink)
            view.redraw()
    except KeyboardInterrupt:
        view.clear()
        raise CliError(
            "batch interrupted; the runs already started carry on",
            hint="run the same command again to carry on: nothing is started twice",
            code=ExitCode.INTERRUPTED,
        ) from None
    finally:
        view.clear()
        if sink is not None:
            sink.close()
    _summary(out, results, view.last, no_wait=no_wait)


def _delivered(path: Path) -> list[BatchResult]:
    """The results an earlier go wrote to ``--out``. It is written before stdout and before the
    journal, so it is the record of what was reported; a line torn by a kill is cut off."""
    from codegen import BatchResult

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    results, kept = [], 0
    for line in text.splitlines(keepends=True):
        try:
            results.append(BatchResult.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            break  # a write torn by a kill: everything after it is not trusted
        kept += len(line.encode())
    if kept < len(text.encode()):
        with path.open("r+b") as handle:
            handle.truncate(kept)
    return results


def _print(out: Output, result: BatchResult, sink: TextIO | None) -> None:
    data = result.to_dict()
    if sink is not None:
        sink.write(json.dumps(data) + "\n")
        sink.flush()
        os.fsync(sink.fileno())
    if out.tty:
        prs = " ".join(result.pull_request_urls)
        out.line(
            f"line {result.line}\t{result.agent_run_id}\t{result.status or '-'}\t"
            f"{result.web_url or ''}{'  ' + prs if prs else ''}",
            wrap=False,
        )
    else:
        out.emit_json_line(data)


def _summary(
    out: Output, results: list[BatchResult], whole: BatchProgress | None, *, no_wait: bool
) -> None:
    """What this go reported, and where the whole batch stands (earlier goes included): the exit
    code is the whole batch's."""
    statuses = dict(whole.statuses) if whole is not None else {}
    shown = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items())) or "none"
    elapsed = duration_text(whole.elapsed) if whole is not None else "0s"
    verb = "created" if no_wait else "finished"
    total = whole.total if whole is not None else len(results)
    out.say(f"batch: {len(results)} runs {verb} now; all {total}: {shown}; {elapsed}")
    if not no_wait and set(statuses) - {"COMPLETE"}:
        raise typer.Exit(ExitCode.ERROR)


class BatchView:
    """Where the batch stands, on one line of stderr redrawn on each change (a terminal), or a
    line per change of the counts (a pipe)."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self.text = ""
        self.last: BatchProgress | None = None
        self._last_pipe_line = ""

    def update(self, progress: BatchProgress) -> None:
        self.last = progress
        statuses = " · ".join(
            f"{status} {count}" for status, count in sorted(progress.statuses.items())
        )
        parts = [
            f"batch {progress.created}/{progress.total} started",
            f"{progress.finished} finished",
        ]
        if statuses:
            parts.append(statuses)
        if progress.eta:
            parts.append(f"last start in {duration_text(progress.eta)}")
        parts.append(duration_text(progress.elapsed))
        self.text = inert(" · ".join(parts))
        if self.out.stderr_tty:
            self.redraw()
        elif self.out.quiet is False:
            counts = f"{progress.created}/{progress.total} started, {progress.finished} finished"
            if counts != self._last_pipe_line:
                self._last_pipe_line = counts
                self.out.say(f"batch: {counts}")

    def redraw(self) -> None:
        if self.out.stderr_tty and self.text:
            width = self.out.stderr_width
            self.out.stderr.write(CLEAR_LINE + self.text[: max(width - 1, 10)])
            self.out.stderr.flush()

    def clear(self) -> None:
        if self.out.stderr_tty and self.text:
            self.out.stderr.write(CLEAR_LINE)
            self.out.stderr.flush()
