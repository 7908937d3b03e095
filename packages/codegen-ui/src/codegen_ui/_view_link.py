"""How a presenter holds its view.

Views are built with their presenter (they forward events to it), so a presenter exists before its
view and is given the view afterwards, once.
"""

from __future__ import annotations

from typing import Generic, TypeVar

V = TypeVar("V")


class ViewLink(Generic[V]):
    def __init__(self) -> None:
        self._view: V | None = None

    def _attach(self, view: V) -> None:
        self._view = view

    @property
    def view(self) -> V:
        if self._view is None:
            raise RuntimeError(f"{type(self).__name__} has no view yet")
        return self._view
