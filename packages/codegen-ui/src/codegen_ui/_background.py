"""A call started on a thread of its own now, its outcome taken later.

Start-up runs its slow parts side by side this way: loading ``codegen`` and asking for the first page
of runs, reading the desktop's colour scheme, while the Tk thread opens the window and loads its
theme (Tk releases the GIL while it works, so the two really overlap on a machine with two cores).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    def __init__(self, job: Callable[[], T], name: str = "codegen-ui-background") -> None:
        self._job = job
        self._outcome: list[T | Exception] = []
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._outcome.append(self._job())
        except Exception as error:
            self._outcome.append(error)

    def result(self, timeout: float | None = None) -> T:
        """What the call returned (waiting for it), or the exception it raised, raised here;
        ``TimeoutError`` if it is not done within ``timeout`` seconds."""
        self._thread.join(timeout)
        if not self._outcome:
            raise TimeoutError(f"{self._thread.name} is not done")
        outcome = self._outcome[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome
