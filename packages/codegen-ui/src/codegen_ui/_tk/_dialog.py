"""What the app's dialogs share: a transient window, Escape and the close button cancel, a line for
messages and errors at the bottom, the app's colours, and centring over the main window."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from ._style import GAP, PAD, SMALL, look_of


class Dialog(tk.Toplevel):
    def __init__(self, master: tk.Misc, title: str, on_cancel: Callable[[], None]) -> None:
        super().__init__(master)
        self.title(title)
        self.transient(master.winfo_toplevel())
        self.configure(padx=PAD, pady=PAD)
        self.columnconfigure(0, weight=1)
        self.body = ttk.Frame(self)
        self.body.grid(row=0, column=0, sticky="nsew")
        self.rowconfigure(0, weight=1)
        self.message = ttk.Label(self, text="", wraplength=520, justify="left")
        self.message.grid(row=1, column=0, sticky="ew", pady=(GAP, 0))
        self.buttons = ttk.Frame(self)
        self.buttons.grid(row=2, column=0, sticky="e", pady=(GAP, 0))
        self.bind("<Escape>", lambda _event: on_cancel())
        self.protocol("WM_DELETE_WINDOW", on_cancel)

    @staticmethod
    def field_label(parent: tk.Misc, text: str, row: int, *, sticky: str = "w") -> None:
        """The name of a form field, in the first column of ``row``."""
        ttk.Label(parent, text=text).grid(
            row=row, column=0, sticky=sticky, pady=SMALL, padx=(0, GAP)
        )

    def finish(self, master: tk.Misc) -> None:
        """Once the subclass has built its fields: colours, size, position and the keyboard."""
        look_of(self).recolour(self)
        self.update_idletasks()
        self.minsize(self.winfo_reqwidth(), self.winfo_reqheight())
        self.place_over(master)
        self.focus_first()

    def place_over(self, master: tk.Misc) -> None:
        self.update_idletasks()
        top = master.winfo_toplevel()
        x = top.winfo_rootx() + max(0, (top.winfo_width() - self.winfo_reqwidth()) // 2)
        y = top.winfo_rooty() + max(0, (top.winfo_height() - self.winfo_reqheight()) // 3)
        self.geometry(f"+{x}+{y}")

    def show_message(self, text: str) -> None:
        self.message.configure(text=text, style="TLabel")

    def show_error(self, text: str) -> None:
        self.message.configure(text=text, style="Error.TLabel")

    def close(self) -> None:
        if self.winfo_exists():
            self.destroy()

    def bring_to_front(self) -> None:
        self.deiconify()
        self.lift()
        self.focus_first()

    def focus_first(self) -> None:
        """Put the keyboard in the first field (each dialog says which)."""
        self.focus_set()
