"""Watching a run until it ends: the live status line, following its logs, and what its end means.

The polling itself is the client's (``wait_for_completion``, ``follow_agent_run_logs``: backoff,
transient failures ridden out, every entry once); this module only shows it. A run that paused for
input counts as a success (exit 0) with a hint to continue it, because nothing went wrong: it asks a
question. Ctrl-C stops the watching, not the run, and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ._errors import ExitCode
from ._log_view import show_entry
from ._output import Output
from ._sanitize import one_line
from ._session import Session

if TYPE_CHECKING:
    from codegen import AgentRun, AgentRunLog

CLEAR_LINE = "\r\x1b[2K"


class StatusLine:
    """A run's status on stderr: one line rewritten in place on a terminal, a line per change
    otherwise, nothing with ``-q``."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self.showing = False

    def update(self, run: AgentRun) -> None:
        if self.out.quiet:
            return
        text = f"agent run {run.id}: {one_line(run.status or 'unknown status')}"
        if self.out.stderr_tty:
            self.out.stderr.write(f"{CLEAR_LINE}… {text}")
            self.showing = True
        else:
            self.out.stderr.write(text + "\n")
        self.out.stderr.flush()

    def clear(self) -> None:
        if self.showing:
            self.out.stderr.write(CLEAR_LINE)
            self.out.stderr.flush()
            self.showing = False


@contextmanager
def watching(out: Output, run_id: int) -> Iterator[None]:
    """Around a wait or a follow: on Ctrl-C, say that the run carries on, and how to get back."""
    try:
        yield
    except KeyboardInterrupt:
        out.say(f"\nstopped watching; agent run {run_id} carries on (`codegen wait {run_id}`)")
        raise


def wait_for_run(session: Session, out: Output, run_id: int, timeout: float | None) -> AgentRun:
    """Poll the run until it ends or pauses, showing its status; ``WaitTimeoutError`` (exit 8)
    after ``timeout`` seconds."""
    line = StatusLine(out)
    with watching(out, run_id):
        try:
            return session.client.wait_for_completion(
                session.org_id, run_id, timeout=timeout, on_update=line.update
            )
        finally:
            line.clear()


def follow_run(
    session: Session,
    out: Output,
    run_id: int,
    *,
    start: int = 0,
    keep: Callable[[AgentRunLog], bool] | None = None,
) -> AgentRun:
    """Print the run's log entries from index ``start`` (those ``keep`` accepts) as they come,
    until it ends or pauses; return its final state."""
    with watching(out, run_id):
        for entry in session.client.follow_agent_run_logs(session.org_id, run_id, start=start):
            if keep is None or keep(entry):
                show_entry(out, entry)
    return session.client.get_agent_run(session.org_id, run_id)


def exit_code(run: AgentRun) -> int:
    """0 for a run that completed or waits for input, 1 for any other end, 8 while it runs."""
    if run.succeeded or run.needs_input:
        return ExitCode.OK
    return ExitCode.ERROR if run.is_terminal else ExitCode.PENDING


def follow_up_hint(run: AgentRun) -> str | None:
    """What to do about a run that has not ended: continue a paused one, wait more for one that
    still runs; ``None`` once it has ended."""
    if run.needs_input:
        return (
            f"agent run {run.id} is paused, waiting for input; "
            f'continue it with `codegen continue {run.id} "..."`'
        )
    if not run.is_terminal:
        status = one_line(run.status or "unknown status")
        return f"agent run {run.id} is still running ({status}); wait with `codegen wait {run.id}`"
    return None


def conclude(out: Output, run: AgentRun) -> int:
    """Say on stderr how the run ended; return the exit code that means."""
    hint = follow_up_hint(run)
    if run.succeeded:
        out.note(f"✓ agent run {run.id} completed")
    elif hint is not None:
        out.say(hint)
    else:
        out.say(f"✗ agent run {run.id} ended {one_line(run.status or '')}")
    return exit_code(run)
