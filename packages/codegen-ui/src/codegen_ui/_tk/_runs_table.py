"""The runs table: a ttk Treeview that applies the presenter's rows by difference.

``show_runs`` gets the whole visible list each time (a refresh, a filter keystroke); rows that did not
change are left alone, new ones are inserted, and the order is set with one ``children`` call, so
filtering 1,000 runs costs a handful of Tcl calls rather than a thousand deletes and inserts.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk

from codegen_ui._format import RunRow
from codegen_ui._theme import STATUS_COLOURS, StatusClass

COLUMNS = (
    ("id", "ID", 56, False),
    ("status", "Status", 124, False),
    ("created", "Created", 136, False),
    ("summary", "Summary", 250, True),
    ("source", "Source", 64, False),
)
SELECT_DELAY_MS = 250
"""A row selected with the arrow keys opens after this pause, so that running down the list does
not send a request per row passed."""


class RunsTable(ttk.Frame):
    def __init__(
        self,
        master: tk.Misc,
        *,
        on_select: Callable[[int], None],
        on_open: Callable[[int], None],
        on_load_more: Callable[[], None],
    ) -> None:
        super().__init__(master)
        self._on_select = on_select
        self._on_open = on_open
        self._rows: dict[int, RunRow] = {}
        self._order: list[int] = []
        self._select_after: str | None = None
        self.columnconfigure(0, weight=1)
        self.rowconfigure(0, weight=1)
        self.tree = ttk.Treeview(
            self, columns=[c[0] for c in COLUMNS], show="headings", selectmode="browse"
        )
        for key, heading, width, stretch in COLUMNS:
            self.tree.heading(key, text=heading, anchor="w")
            self.tree.column(key, width=width, minwidth=50, stretch=stretch, anchor="w")
        for status_class in StatusClass:
            self.tree.tag_configure(status_class.value, foreground=STATUS_COLOURS[status_class])
        scroll = ttk.Scrollbar(self, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.grid(row=0, column=0, sticky="nsew")
        scroll.grid(row=0, column=1, sticky="ns")
        footer = ttk.Frame(self, padding=(0, 4, 0, 0))
        footer.grid(row=1, column=0, columnspan=2, sticky="ew")
        footer.columnconfigure(0, weight=1)
        self.count = ttk.Label(footer, text="", style="Muted.TLabel")
        self.count.grid(row=0, column=0, sticky="w")
        self.more = ttk.Button(footer, text="Load more", command=on_load_more, state="disabled")
        self.more.grid(row=0, column=1, sticky="e")
        self.tree.bind("<<TreeviewSelect>>", self._selected)
        self.tree.bind("<Return>", self._open)
        self.tree.bind("<KP_Enter>", self._open)
        self.tree.bind("<Double-1>", self._open)

    # -- RunsView ----------------------------------------------------------------------------

    def show_runs(self, rows: Sequence[RunRow]) -> None:
        tree = self.tree
        for row in rows:
            known = self._rows.get(row.run_id)
            if known is None:
                tree.insert(
                    "", "end", iid=str(row.run_id), values=row.cells, tags=(row.status_class.value,)
                )
            elif known != row:
                tree.item(str(row.run_id), values=row.cells, tags=(row.status_class.value,))
            self._rows[row.run_id] = row
        order = [row.run_id for row in rows]
        if order != self._order:
            tree.set_children("", *(str(run_id) for run_id in order))
            self._order = order

    def show_count(self, text: str, *, more_available: bool) -> None:
        self.count.configure(text=text)
        self.more.configure(state="normal" if more_available else "disabled")

    def set_loading(self, loading: bool) -> None:
        self.tree.configure(cursor="watch" if loading else "")

    def select_run(self, run_id: int) -> None:
        iid = str(run_id)
        if self.tree.exists(iid) and int(iid) in self._order:
            self.tree.selection_set(iid)
            self.tree.focus(iid)
            self.tree.see(iid)

    # -- events ------------------------------------------------------------------------------

    def selected_run(self) -> int | None:
        selection = self.tree.selection()
        return int(selection[0]) if selection else None

    def _selected(self, _event: tk.Event[tk.Misc]) -> None:
        if self._select_after is not None:
            self.after_cancel(self._select_after)
        self._select_after = self.after(SELECT_DELAY_MS, self._select_now)

    def _select_now(self) -> None:
        self._select_after = None
        run_id = self.selected_run()
        if run_id is not None:
            self._on_select(run_id)

    def _open(self, _event: tk.Event[tk.Misc]) -> str:
        run_id = self.selected_run()
        if run_id is not None:
            self._on_open(run_id)
        return "break"

    def cancel_timers(self) -> None:
        if self._select_after is not None:
            self.after_cancel(self._select_after)
            self._select_after = None
