"""Blocking work off the Tk thread: a few worker threads, and a queue of results for the UI thread.

Tk is not thread-safe, so nothing here touches a widget. A job runs on a worker thread; its outcome
goes into a queue as a ready-to-call callback, and the UI thread calls :meth:`Worker.run_callbacks`
(from a Tk ``after`` timer) to run the callbacks, at most a time budget's worth per call so that a
burst of results never freezes the window. Callbacks therefore always run on the UI thread, and
presenters need no locks.

A small pool rather than one thread: a request held back by the client's rate limiter, or a slow
create with images, must not hold up the next page of logs.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

logger = logging.getLogger("codegen_ui")

DEFAULT_THREADS = 3
DEFAULT_BUDGET = 0.012
"""Seconds of callbacks the UI thread runs per call of :meth:`Worker.run_callbacks`."""


class Worker:
    """Runs jobs on daemon threads; hands their outcomes back through a queue."""

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        self.report_error: Callable[[BaseException], None] = _log_error
        """What happens to an exception a callback raised (the window shows it; see
        ``_tk._error_report``)."""
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._results: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._pending = 0
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._serve, name=f"codegen-ui-worker-{n}", daemon=True)
            for n in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def submit(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], Any],
        on_error: Callable[[Exception], Any],
    ) -> None:
        """Run ``job()`` on a worker thread, then ``on_done(result)`` or ``on_error(error)`` on
        the UI thread."""

        def run() -> None:
            try:
                result = job()
            except Exception as error:
                self._results.put(functools.partial(on_error, error))
            else:
                self._results.put(functools.partial(on_done, result))

        with self._lock:
            self._pending += 1
        self._jobs.put(run)

    def post(self, callback: Callable[[], Any]) -> None:
        """Run ``callback()`` on the UI thread soon (callable from any thread)."""
        with self._lock:
            self._pending += 1
        self._results.put(callback)

    @property
    def busy(self) -> bool:
        """Jobs are running or queued, or their callbacks have not run yet."""
        with self._lock:
            return self._pending > 0

    def run_callbacks(self, budget: float = DEFAULT_BUDGET) -> int:
        """Run waiting callbacks on this (the UI) thread for about ``budget`` seconds; how many ran.

        A callback that raises goes to :attr:`report_error` and does not stop the others: one
        broken update must not end every later one.
        """
        deadline = time.perf_counter() + budget
        ran = 0
        while True:
            try:
                callback = self._results.get_nowait()
            except queue.Empty:
                return ran
            with self._lock:
                self._pending -= 1
            try:
                callback()
            except Exception as error:
                self.report_error(error)
            ran += 1
            if time.perf_counter() >= deadline:
                return ran

    def shutdown(self) -> None:
        """Let the threads end after their current job (they are daemons: exit never waits)."""
        for _ in self._threads:
            self._jobs.put(None)

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job()


def _log_error(error: BaseException) -> None:
    logger.error("an update of the window failed", exc_info=error)


class Generation:
    """Tells results of a superseded request apart from current ones.

    A presenter takes a :meth:`token` when it asks for something and bumps the generation when what
    it shows changes (another run opened, other settings); :meth:`guard` wraps a callback so it does
    nothing unless its token is still current.
    """

    def __init__(self) -> None:
        self._value = 0

    def bump(self) -> None:
        self._value += 1

    def token(self) -> int:
        return self._value

    def guard(self, callback: Callable[[T], Any]) -> Callable[[T], None]:
        token = self._value

        def guarded(value: T) -> None:
            if token == self._value:
                callback(value)

        return guarded
