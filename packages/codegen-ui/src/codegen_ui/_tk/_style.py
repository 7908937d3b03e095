"""The look: ttk's "clam" theme, a few named styles, fonts; colours come from ``_theme``."""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from tkinter import ttk

from codegen_ui._theme import STATUS_COLOURS, StatusClass

BACKGROUND = "#f6f7f9"
LINK = "#1f5fbf"
ERROR = "#c0262d"
MUTED = "#5a6270"


def apply_style(root: tk.Tk) -> None:
    style = ttk.Style(root)
    if "clam" in style.theme_names():
        style.theme_use("clam")
    root.configure(background=BACKGROUND)
    base = tkfont.nametofont("TkDefaultFont")
    base.configure(size=10)
    tkfont.nametofont("TkTextFont").configure(size=10)
    tkfont.nametofont("TkFixedFont").configure(size=9)
    bold = base.copy()
    bold.configure(weight="bold")
    title = base.copy()
    title.configure(size=13, weight="bold")
    link = base.copy()
    link.configure(underline=True)
    style.configure(".", background=BACKGROUND)
    style.configure("TFrame", background=BACKGROUND)
    style.configure("TLabel", background=BACKGROUND)
    style.configure("Title.TLabel", font=title)
    style.configure("Heading.TLabel", font=bold)
    style.configure("Muted.TLabel", foreground=MUTED)
    style.configure("Link.TLabel", foreground=LINK, font=link)
    style.configure("Error.TLabel", foreground=ERROR)
    style.configure("Status.TLabel", padding=(8, 3), background="#e9ecf0")
    style.configure("StatusError.TLabel", padding=(8, 3), background="#fbe9ea", foreground=ERROR)
    style.configure("Treeview", rowheight=22, background="white", fieldbackground="white")
    style.configure("Treeview.Heading", font=bold)
    style.map("Treeview", background=[("selected", "#cfe0fa")], foreground=[("selected", "black")])
    for status_class in StatusClass:
        style.configure(
            f"{status_class.value}.Status.TLabel",
            foreground=STATUS_COLOURS[status_class],
            font=bold,
        )
