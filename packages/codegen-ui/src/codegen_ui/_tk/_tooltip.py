"""A tooltip: the full text of something shown cut, in a small window by the pointer after a pause.

One :class:`Tooltip` per widget. Labels use :func:`tooltip_for` (the text may change, so it is asked
for when the pointer arrives); the runs table calls :meth:`Tooltip.show_later` itself as the pointer
moves from cell to cell.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from ._style import SMALL, look_of

DELAY_MS = 450
WRAP = 520


class Tooltip:
    def __init__(self, widget: tk.Misc) -> None:
        self.widget = widget
        self.text = ""
        self._window: tk.Toplevel | None = None
        self._after: str | None = None
        widget.bind("<Leave>", lambda _event: self.hide(), add="+")
        widget.bind("<ButtonPress>", lambda _event: self.hide(), add="+")
        widget.bind("<Destroy>", lambda _event: self.hide(), add="+")

    @property
    def showing(self) -> bool:
        return self._window is not None

    def show_later(self, text: str, x_root: int, y_root: int) -> None:
        """Show ``text`` near (``x_root``, ``y_root``) after a pause; an empty text hides it."""
        if text == self.text and (self._window is not None or self._after is not None):
            return
        self.hide()
        self.text = text
        if text:
            self._after = self.widget.after(DELAY_MS, lambda: self._show(x_root, y_root))

    def hide(self) -> None:
        if self._after is not None:
            self.widget.after_cancel(self._after)
            self._after = None
        if self._window is not None:
            self._window.destroy()
            self._window = None
        self.text = ""

    def _show(self, x_root: int, y_root: int) -> None:
        self._after = None
        if not self.widget.winfo_exists():
            return
        colours = look_of(self.widget).palette
        window = tk.Toplevel(self.widget)
        window.wm_overrideredirect(True)
        window.configure(background=colours.muted, padx=1, pady=1)  # a 1-pixel border
        ttk.Label(
            window,
            text=self.text,
            wraplength=WRAP,
            justify="left",
            padding=(SMALL * 2, SMALL),
            background=colours.surface,
            foreground=colours.foreground,
        ).pack()
        window.update_idletasks()
        # Below and right of the pointer, kept on the screen.
        x = min(x_root + 12, window.winfo_screenwidth() - window.winfo_reqwidth() - 4)
        y = y_root + 18
        if y + window.winfo_reqheight() > window.winfo_screenheight():
            y = y_root - window.winfo_reqheight() - 8
        window.wm_geometry(f"+{max(0, x)}+{max(0, y)}")
        self._window = window


def tooltip_for(widget: tk.Misc, text: Callable[[], str]) -> Tooltip:
    """A tooltip on ``widget`` showing ``text()`` (asked when the pointer enters; empty: none)."""
    tooltip = Tooltip(widget)
    widget.bind(
        "<Enter>", lambda event: tooltip.show_later(text(), event.x_root, event.y_root), add="+"
    )
    return tooltip
