"""An exception nothing expected, raised in a Tk callback or a worker's answer: never a silent end.

Tk's own default prints the traceback to a stderr nobody may be reading, and an exception escaping
a callback must not end the app either. :class:`ErrorReport` writes it to the log (with its
traceback), says it in the status bar, and opens a window with the details to read or copy; the app
carries on. Later errors while that window is open are added to it rather than opening more.
"""

from __future__ import annotations

import logging
import tkinter as tk
import traceback
from collections.abc import Callable
from tkinter import ttk
from types import TracebackType

from ._style import GAP, PAD, look_of

logger = logging.getLogger("codegen_ui")

TITLE = "Something went wrong"
EXPLANATION = (
    "Something inside the app failed. It carries on, but what you were doing may not have "
    "finished; try it again. If it keeps happening, please report it with the details below."
)


class ErrorReport:
    def __init__(self, root: tk.Tk, show_error: Callable[[str], None]) -> None:
        self._root = root
        self._show_error = show_error
        self.window: ErrorWindow | None = None
        self.count = 0

    def report(self, error: BaseException) -> None:
        """Log ``error``, say it in the status bar and show its details; never raises."""
        self.count += 1
        logger.error("unexpected error in the app", exc_info=error)
        details = "".join(traceback.format_exception(error))
        summary = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        try:
            self._show_error(f"Something went wrong ({summary}); the app carries on.")
            if self.window is not None and self.window.winfo_exists():
                self.window.add(details)
            else:
                self.window = ErrorWindow(self._root, details)
        except Exception:  # the window may be going away: the log line above is what remains
            logger.exception("could not show the error")

    def callback_exception(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        """``Tk.report_callback_exception``: what Tk calls when a callback raises."""
        self.report(error.with_traceback(tb))


class ErrorWindow(tk.Toplevel):
    def __init__(self, master: tk.Misc, details: str) -> None:
        super().__init__(master)
        self.title(TITLE)
        self.transient(master.winfo_toplevel())
        self.configure(padx=PAD, pady=PAD)
        self.columnconfigure(0, weight=1)
        self.rowconfigure(2, weight=1)
        ttk.Label(self, text=TITLE, style="Heading.TLabel").grid(row=0, column=0, sticky="w")
        ttk.Label(self, text=EXPLANATION, wraplength=560, justify="left").grid(
            row=1, column=0, sticky="ew", pady=(GAP, GAP)
        )
        self.details = tk.Text(self, height=12, width=80, wrap="none", font="TkFixedFont")
        self.details.grid(row=2, column=0, sticky="nsew")
        self.details.insert("1.0", details)
        self.details.configure(state="disabled")
        buttons = ttk.Frame(self)
        buttons.grid(row=3, column=0, sticky="e", pady=(GAP, 0))
        ttk.Button(buttons, text="Copy details", command=self._copy).grid(row=0, column=0)
        close = ttk.Button(buttons, text="Close", style="Accent.TButton", command=self.destroy)
        close.grid(row=0, column=1, padx=(GAP, 0))
        self.bind("<Escape>", lambda _event: self.destroy())
        look_of(self).recolour(self)
        close.focus_set()

    def add(self, details: str) -> None:
        self.details.configure(state="normal")
        self.details.insert("end", "\n" + details)
        self.details.configure(state="disabled")
        self.details.see("end")
        self.lift()

    def _copy(self) -> None:
        self.clipboard_clear()
        self.clipboard_append(self.details.get("1.0", "end-1c"))
