"""What the app's dialogs share: a transient window, Escape and the close button cancel, a line for
messages and errors at the bottom, and centring over the main window."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk


class Dialog(tk.Toplevel):
    def __init__(self, master: tk.Misc, title: str, on_cancel: Callable[[], None]) -> None:
        super().__init__(master)
        self.title(title)
        self.transient(master.winfo_toplevel())
        self.configure(padx=12, pady=12)
        self.columnconfigure(0, weight=1)
        self.body = ttk.Frame(self)
        self.body.grid(row=0, column=0, sticky="nsew")
        self.rowconfigure(0, weight=1)
        self.message = ttk.Label(self, text="", wraplength=520, justify="left")
        self.message.grid(row=1, column=0, sticky="ew", pady=(8, 0))
        self.buttons = ttk.Frame(self)
        self.buttons.grid(row=2, column=0, sticky="e", pady=(8, 0))
        self.bind("<Escape>", lambda _event: on_cancel())
        self.protocol("WM_DELETE_WINDOW", on_cancel)

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
