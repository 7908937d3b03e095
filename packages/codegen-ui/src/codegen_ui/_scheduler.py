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
