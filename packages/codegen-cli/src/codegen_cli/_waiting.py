"""Watching a run until it ends: the wait, the follow, and what its end means.

The polling is core's (``wait_for_completion``, ``follow_agent_run_logs``: backoff, transient
failures ridden out, every entry once); this module shows it (``_progress``) and decides what the
end means here. A run that paused for input counts as a success (exit 0) with the agent's question
and how to answer it, because nothing went wrong: it asks something. Ctrl-C stops the watching,
not the run, and says so.

A status this version does not know (the API grows) is core's to judge: it warns once, and
ends the wait after ten minutes without a change (exit 8).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ._errors import ExitCode
from ._invocation import Invocation
from ._log_view import show_entry
from ._output import Output
from ._progress import CLEAR_LINE, LiveLine, Progress, Silent, StatusLines, outage
from ._sanitize import one_line

if TYPE_CHECKING:
    from codegen import AgentRun, AgentRunLog, AgentRunWithLogs, RetryNotice

    from ._progress import ClosableIterator

QUESTION_LOOKBACK = 5
"""Newest log entries searched for a paused run's question."""


@contextmanager
def watching(out: Output, run_id: int) -> Iterator[None]:
    """Around a wait or a follow: on Ctrl-C, say that the run carries on, and how to get back."""
    try:
        yield
    except KeyboardInterrupt:
        out.say(f"\nstopped watching; agent run {run_id} carries on (`codegen wait {run_id}`)")
        raise


def announce(out: Output, run: AgentRun, verb: str) -> None:
    """The header of ``run --wait`` and ``run --follow`` alike: ``agent run 42 started: URL``."""
    out.note(f"agent run {run.id} {verb}: {run.web_url or '(no web URL)'}")


def _progress(invocation: Invocation, out: Output, run_id: int) -> Progress:
    if out.quiet:
        return Silent()
    if not out.stderr_tty:
        return StatusLines(out)
    client, org_id = invocation.client, invocation.org_id

    def latest_steps() -> tuple[AgentRunLog | None, ClosableIterator]:
        newest = client.get_agent_run_logs(org_id, run_id, limit=1, reverse=True)
        follower = client.follow_agent_run_logs(org_id, run_id, start=newest.total_logs or 0)
        return (newest.logs[0] if newest.logs else None), follower

    return LiveLine(out, run_id, latest_steps=latest_steps)


def wait_for_run(
    invocation: Invocation, out: Output, run_id: int, timeout: float | None
) -> AgentRun:
    """Wait until the run ends or pauses, showing its progress; ``WaitTimeoutError`` (exit 8)
    after ``timeout`` seconds. A status this version does not know is core's to judge: a warning,
    then ``UnknownStatusError`` (exit 8) when it has not changed for ten minutes."""
    client, org_id = invocation.client, invocation.org_id
    progress = _progress(invocation, out, run_id)
    with watching(out, run_id):
        try:
            return client.wait_for_completion(
                org_id, run_id, timeout=timeout, on_update=progress.update,
                on_retry=progress.retrying,
            )  # fmt: skip
        finally:
            progress.close()  # before anything else is said: the line is gone


class _RetryNote:
    """While following on a terminal: a line on stderr saying the client is retrying, cleared
    before the next entry is printed."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self.showing = False

    def retrying(self, notice: RetryNotice) -> None:
        if self.out.quiet or not self.out.stderr_tty:
            return
        self.out.stderr.write(
            f"{CLEAR_LINE}… API unavailable ({outage(notice)}), retrying in {notice.delay:.0f}s"
        )
        self.out.stderr.flush()
        self.showing = True

    def clear(self) -> None:
        if self.showing:
            self.out.stderr.write(CLEAR_LINE)
            self.out.stderr.flush()
            self.showing = False


def follow_run(
    invocation: Invocation,
    out: Output,
    run_id: int,
    *,
    start: int = 0,
    keep: Callable[[AgentRunLog], bool] | None = None,
) -> AgentRunWithLogs:
    """Print the run's log entries from index ``start`` (those ``keep`` accepts) as they come,
    until it ends or pauses; return the last page read, which carries the run's final state."""
    pages: list[AgentRunWithLogs] = []
    note = _RetryNote(out)
    entries = invocation.client.follow_agent_run_logs(
        invocation.org_id, run_id, start=start, on_update=pages.append, on_retry=note.retrying
    )
    with watching(out, run_id):
        try:
            for entry in entries:
                note.clear()
                if keep is None or keep(entry):
                    show_entry(out, entry)
        finally:
            note.clear()
    return pages[-1]


def question(invocation: Invocation, run_id: int) -> str | None:
    """What a paused run asks: the newest entry of its log with words from the agent (``None``
    when there is none, or the log cannot be read: the question is a help, not the outcome)."""
    from codegen import CodegenError, LogMessageType

    try:
        page = invocation.client.get_agent_run_logs(
            invocation.org_id, run_id, limit=QUESTION_LOOKBACK, reverse=True
        )
    except CodegenError:
        return None
    for entry in page.logs:
        if entry.message_type_value is LogMessageType.USER_MESSAGE:
            return None  # the newest words are the user's: nothing is asked
        text = entry.thought or (entry.observation if isinstance(entry.observation, str) else None)
        if text and text.strip():
            return text.strip()
    return None


def exit_code(run: AgentRun | AgentRunWithLogs) -> int:
    """0 for a run that completed or waits for input, 1 for any other end, 8 while it runs."""
    if run.succeeded or run.needs_input:
        return ExitCode.OK
    return ExitCode.ERROR if run.is_terminal else ExitCode.PENDING


def follow_up_hint(run: AgentRun | AgentRunWithLogs, asked: str | None = None) -> str | None:
    """What to do about a run that has not ended: answer a paused one (quoting its question),
    wait more for one that still runs; ``None`` once it has ended."""
    if run.needs_input:
        quoted = f' and asks: "{one_line(asked)}"' if asked else ", waiting for input"
        return f'agent run {run.id} is paused{quoted}\n  answer with: codegen continue {run.id} "…"'
    if not run.is_terminal:
        status = one_line(run.status or "unknown status")
        if run.status_value is None:
            return (
                f"agent run {run.id} has status {status}, which this version of codegen does not "
                f"know (it may have ended); check it with `codegen show {run.id}`"
            )
        return f"agent run {run.id} is still running ({status}); wait with `codegen wait {run.id}`"
    return None


def conclude(out: Output, run: AgentRun | AgentRunWithLogs, asked: str | None = None) -> int:
    """Say on stderr how the run ended; return the exit code that means."""
    hint = follow_up_hint(run, asked)
    if run.succeeded:
        out.note(f"✓ agent run {run.id} completed")
    elif hint is not None:
        out.say(hint)
    else:
        out.say(f"✗ agent run {run.id} ended {one_line(run.status or '')}")
    return exit_code(run)
