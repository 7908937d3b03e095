"""The Tk views: thin ttk widgets that forward events to the presenters and render what they say.

This is the only part of the app that imports tkinter. :func:`build` puts the app together on a
``tk.Tk`` root. Its names load on first use: start-up imports the look (``_style``, which needs no
``codegen``) while ``codegen`` is still loading on another thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._build import build
    from ._main_window import MainWindow

__all__ = ["MainWindow", "build"]


def __getattr__(name: str) -> Any:
    if name == "build":
        from ._build import build

        return build
    if name == "MainWindow":
        from ._main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
