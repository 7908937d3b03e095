"""Timers, as presenters see them: ``call_later`` and ``cancel``, with no tkinter behind the name.

The Tk views implement it with ``after``; presenter tests use a fake clock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Timer(Protocol):
    def cancel(self) -> None: ...


class Scheduler(Protocol):
    def call_later(self, seconds: float, callback: Callable[[], None]) -> Timer:
        """Run ``callback`` on the UI thread after ``seconds``."""
        ...


class OneShot:
    """At most one pending timer: starting it again replaces the one waiting, cancel stops it."""

    def __init__(self, scheduler: Scheduler) -> None:
        self._scheduler = scheduler
        self._timer: Timer | None = None

    def start(self, seconds: float, callback: Callable[[], None]) -> None:
        self.cancel()
        self._timer = self._scheduler.call_later(seconds, callback)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
