"""Progress of a wait on stderr: a live line on a terminal, a line per change in a pipe.

On a terminal the line is redrawn ten times a second by a small thread: a spinner, the run, its
status, the time waited, and the latest step of its log (``ACTION view_file``), or, while the API
cannot be reached, that the client is retrying and in how many seconds. The latest step comes from
core's log follower, run on a second thread and closed when the wait ends. In a pipe the progress is
a plain line per status change, as a log reader expects; ``-q`` shows none.

The client reports to these objects through its callbacks (``on_update``, ``on_retry``); nothing
here polls, pages or decides what is transient: core does. While the live line is drawn, the
client's own log lines are printed above it instead of through it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol

from ._output import Output
from ._sanitize import inert, one_line
from ._time import duration_text

if TYPE_CHECKING:
    from codegen import AgentRun, AgentRunLog, RetryNotice

CLEAR_LINE = "\r\x1b[2K"
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
FRAME_SECONDS = 0.1


class ClosableIterator(Protocol):
    def __iter__(self) -> Iterator[AgentRunLog]: ...
    def close(self) -> None: ...


LatestSteps = Callable[[], "tuple[AgentRunLog | None, ClosableIterator]"]
"""Reads the newest log entry, and returns it with core's follower of the entries after it."""


class Progress(Protocol):
    """What a wait reports as it goes."""

    def update(self, run: AgentRun) -> None: ...
    def retrying(self, notice: RetryNotice) -> None: ...
    def note(self, text: str) -> None: ...
    def close(self) -> None: ...


def step(entry: AgentRunLog) -> str:
    """A log entry as the step it is: its message type and tool (``ACTION view_file``)."""
    return one_line(" ".join(part for part in (entry.message_type, entry.tool_name) if part))


def outage(notice: RetryNotice) -> str:
    """Why the client is retrying, briefly: ``HTTP 503``, ``no connection``, ``timed out``."""
    from codegen import APIStatusError, APITimeoutError

    error = notice.error
    if isinstance(error, APIStatusError):
        return f"HTTP {error.status_code}"
    return "timed out" if isinstance(error, APITimeoutError) else "no connection"


class Silent:
    """``-q``: no progress at all."""

    def update(self, run: AgentRun) -> None:
        pass

    def retrying(self, notice: RetryNotice) -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class StatusLines:
    """In a pipe: ``agent run 42: ACTIVE``, a line per status change."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self.last: str | None = None

    def update(self, run: AgentRun) -> None:
        line = f"agent run {run.id}: {one_line(run.status or 'unknown status')}"
        if line != self.last:
            self.out.stderr.write(line + "\n")
            self.out.stderr.flush()
            self.last = line

    def retrying(self, notice: RetryNotice) -> None:
        pass

    def note(self, text: str) -> None:
        self.out.say(text)

    def close(self) -> None:
        pass


class _AboveTheLine(logging.Filter):
    """The client's log lines (retries, ``--debug`` requests) while a live line is drawn: printed
    above it, in the client's format, rather than through it."""

    def __init__(self, live: LiveLine) -> None:
        super().__init__()
        self.live = live

    def filter(self, record: logging.LogRecord) -> bool:
        self.live.note(f"[codegen {record.levelname}] {record.getMessage()}")
        return False


class LiveLine:
    """On a terminal: one line, redrawn in place, until :meth:`close` clears it."""

    def __init__(
        self,
        out: Output,
        run_id: int,
        *,
        latest_steps: LatestSteps | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out = out
        self.run_id = run_id
        self.clock = clock
        self.started = clock()
        self.status = ""
        self.step = ""
        self.retry: tuple[str, float] | None = None
        """Why the client retries, and when (on :attr:`clock`)."""
        self._stop = threading.Event()
        self._steps: ClosableIterator | None = None
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._animate, daemon=True)]
        if latest_steps is not None:
            self._threads.append(
                threading.Thread(target=self._follow, args=(latest_steps,), daemon=True)
            )
        self._log_filter = _AboveTheLine(self)
        logging.getLogger("codegen").addFilter(self._log_filter)
        for thread in self._threads:
            thread.start()

    # -- what the client reports -----------------------------------------------------------

    def update(self, run: AgentRun) -> None:
        self.status = one_line(run.status or "unknown status")
        self.retry = None

    def retrying(self, notice: RetryNotice) -> None:
        self.retry = (outage(notice), self.clock() + notice.delay)

    def note(self, text: str) -> None:
        """A message that stays: printed above the live line."""
        with self._lock:
            self.out.stderr.write(f"{CLEAR_LINE}{inert(text)}\n")
            self.out.stderr.flush()

    # -- the line -----------------------------------------------------------------------------

    def text(self, frame: int) -> str:
        now = self.clock()
        parts = [f"agent run {self.run_id}"]
        if self.status:
            parts.append(self.status)
        parts.append(duration_text(now - self.started))
        if self.retry is not None:
            reason, at = self.retry
            wait = max(0, round(at - now))
            parts.append(f"API unavailable ({reason}), retrying in {wait}s")
        elif self.step:
            parts.append(self.step)
        return f"{SPINNER[frame % len(SPINNER)]} {' · '.join(parts)}"

    def _animate(self) -> None:
        frame = 0
        while not self._stop.is_set():
            line = self.text(frame)
            width = self.out.stderr_width
            with self._lock:
                if self._stop.is_set():
                    break
                self.out.stderr.write(CLEAR_LINE + line[: max(width - 1, 10)])
                self.out.stderr.flush()
            frame += 1
            self._stop.wait(FRAME_SECONDS)

    def _follow(self, latest_steps: LatestSteps) -> None:
        try:
            newest, steps = latest_steps()
            if newest is not None:
                self.step = step(newest)
            with self._lock:
                if self._stop.is_set():
                    return
                self._steps = steps
            for entry in steps:
                self.step = step(entry)
        except Exception:  # the latest step is a nicety; the wait itself reports errors
            return

    def close(self) -> None:
        logging.getLogger("codegen").removeFilter(self._log_filter)
        with self._lock:
            self._stop.set()
            steps = self._steps
            self.out.stderr.write(CLEAR_LINE)
            self.out.stderr.flush()
        if steps is not None:
            steps.close()
        for thread in self._threads:
            thread.join(timeout=1.0)
