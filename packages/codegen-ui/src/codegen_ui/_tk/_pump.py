"""The Tk side of threading: timers on ``after`` and the loop that runs the workers' callbacks.

Only the Tk thread touches widgets. Workers put callbacks in a queue; :class:`Pump` runs them from an
``after`` timer, a time budget's worth per tick, and comes back at once while more are waiting
(giving Tk a turn to redraw and handle input in between), or after ``IDLE_MS`` when there are none.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

from codegen_ui._worker import DEFAULT_BUDGET, Worker

IDLE_MS = 16
BUSY_MS = 1


class AfterTimer:
    def __init__(self, scheduler: TkScheduler, after_id: str) -> None:
        self._scheduler = scheduler
        self.after_id = after_id

    def cancel(self) -> None:
        self._scheduler.cancel(self.after_id)


class TkScheduler:
    """:class:`codegen_ui._scheduler.Scheduler` on ``after``; remembers its timers so that
    :meth:`cancel_all` can stop them before the window is destroyed."""

    def __init__(self, widget: tk.Misc) -> None:
        self._widget = widget
        self._pending: set[str] = set()

    def call_later(self, seconds: float, callback: Callable[[], None]) -> AfterTimer:
        after_id = ""

        def fire() -> None:
            self._pending.discard(after_id)
            callback()

        after_id = self._widget.after(max(0, round(seconds * 1000)), fire)
        self._pending.add(after_id)
        return AfterTimer(self, after_id)

    def cancel(self, after_id: str) -> None:
        if after_id in self._pending:
            self._pending.discard(after_id)
            self._widget.after_cancel(after_id)

    def cancel_all(self) -> None:
        for after_id in list(self._pending):
            self.cancel(after_id)


class Pump:
    """Runs the worker's callbacks on the Tk thread, in bounded slices."""

    def __init__(self, widget: tk.Misc, worker: Worker, budget: float = DEFAULT_BUDGET) -> None:
        self._widget = widget
        self._worker = worker
        self._budget = budget
        self._after_id: str | None = widget.after(IDLE_MS, self._tick)

    def _tick(self) -> None:
        ran = self._worker.run_callbacks(self._budget)
        self._after_id = self._widget.after(BUSY_MS if ran else IDLE_MS, self._tick)

    def stop(self) -> None:
        if self._after_id is not None:
            self._widget.after_cancel(self._after_id)
            self._after_id = None
