"""The status bar, as presenters see it."""

from __future__ import annotations

from typing import Protocol


class StatusBar(Protocol):
    def show_status(self, text: str) -> None:
        """A passing note: what just happened."""
        ...

    def show_error(self, text: str) -> None:
        """Something failed; ``text`` is the error's own message (see ``_errors.describe``)."""
        ...
