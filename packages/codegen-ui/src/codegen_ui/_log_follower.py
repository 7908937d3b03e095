"""Following one run's log with ``codegen``'s own follow, on a thread of its own, stoppable at once.

``CodegenClient.follow_agent_run_logs`` does the paging, the polling with its growing interval,
the last read after the run ends, and the riding out of network trouble; its iterator's ``close()``
may be called from any thread and stops it promptly, even while it waits between polls. What it
finds reaches the Tk thread through the worker's queue (``Worker.post``): entries in batches (each
formatted on the follower's thread), the run's status when it changes, retry notices, the end, or
the error that ended it. Entries that arrive while the Tk thread is busy are gathered into the next
batch, so ten thousand entries make a handful of callbacks, not ten thousand.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from codegen import AgentRunLog, AgentRunWithLogs, RetryNotice

from ._connection import Following
from ._format import LogLine, log_line
from ._worker import Worker

T = TypeVar("T")


@dataclass(frozen=True)
class Batch:
    """Entries that arrived together, and how the log shows them."""

    lines: list[LogLine]
    entries: list[AgentRunLog]


@dataclass(frozen=True)
class FollowEvents:
    """What the follower tells, each called on the UI thread, never after :meth:`stop`."""

    entries: Callable[[Batch], None]
    update: Callable[[AgentRunWithLogs], None]
    """The run's status: the first page, and every change."""
    retry: Callable[[RetryNotice], None]
    """A failure about to be waited out."""
    ended: Callable[[None], None]
    """The follow came to its end (the run ended or paused, or the server had nothing new)."""
    failed: Callable[[Exception], None]
    """An error that is not waited out ended it."""


OpenFollow = Callable[[Callable[[AgentRunWithLogs], Any], Callable[[RetryNotice], Any]], Following]
"""Starts ``follow_agent_run_logs`` with the given ``on_update`` and ``on_retry``."""


class LogFollower:
    def __init__(self, worker: Worker, open_follow: OpenFollow, events: FollowEvents) -> None:
        self._worker = worker
        self._open_follow = open_follow
        self._events = events
        self._lock = threading.Lock()
        self._lines: list[LogLine] = []
        self._entries: list[AgentRunLog] = []
        self._flush_posted = False
        self._following: Following | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="codegen-ui-follow", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop following (from the UI thread): at once if it waits, after the request in flight
        otherwise; nothing it finds after this is told."""
        with self._lock:
            self._stopped = True
            following = self._following
        if following is not None:
            following.close()

    # -- on the follower's thread ---------------------------------------------------------------

    def _run(self) -> None:
        post = self._worker.post
        events = self._events
        try:
            following = self._open_follow(
                lambda page: post(lambda: self._tell(events.update, page)),
                lambda notice: post(lambda: self._tell(events.retry, notice)),
            )
            with self._lock:
                self._following = following
                stopped = self._stopped
            if stopped:
                following.close()
            for entry in following:
                self._gather(log_line(entry), entry)
        except Exception as error:  # told later: bound now (the name ends with this block)
            post(self._flush)
            post(functools.partial(self._tell, events.failed, error))
        else:
            post(self._flush)
            post(lambda: self._tell(events.ended, None))

    def _gather(self, line: LogLine, entry: AgentRunLog) -> None:
        with self._lock:
            self._lines.append(line)
            self._entries.append(entry)
            if self._flush_posted:
                return
            self._flush_posted = True
        self._worker.post(self._flush)

    # -- on the UI thread --------------------------------------------------------------------------

    def _tell(self, event: Callable[[T], Any], value: T) -> None:
        if not self._stopped:  # stop() runs on this thread too: nothing is told after it
            event(value)

    def _flush(self) -> None:
        with self._lock:
            batch = Batch(self._lines, self._entries)
            self._lines, self._entries = [], []
            self._flush_posted = False
        if batch.lines:
            self._tell(self._events.entries, batch)
