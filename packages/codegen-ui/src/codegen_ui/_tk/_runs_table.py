"""The runs table: a ttk Treeview that applies the presenter's rows by difference.

``show_runs`` gets the whole visible list each time (a refresh, a filter keystroke); rows that did not
change are left alone, new ones are inserted, and the order is set with one ``children`` call, so
filtering 1,000 runs costs a handful of Tcl calls rather than a thousand deletes and inserts.

A Treeview clips what does not fit its column in the middle of a character; here each cell is cut
to its column's width at a word boundary with an ellipsis instead, again whenever the columns change
width, and the pointer resting on a cut cell shows its full text. An empty table shows why it is
empty, and a button for the next step, in place of the rows.
"""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable, Sequence
from tkinter import ttk
from typing import TYPE_CHECKING

from codegen_ui._palette import Palette, StatusClass

from ._style import GAP, PAD
from ._text_fit import TextFitter
from ._tooltip import Tooltip

if TYPE_CHECKING:
    from codegen_ui._format import RunRow
    from codegen_ui._runs_presenter import EmptyAction, Placeholder

COLUMNS = (
    # key, heading, sample of the widest usual content, stretches
    ("id", "ID", "00000", False),
    ("status", "Status", "● CANCELLED", False),
    ("created", "Created", "Dec 31 23:59", False),
    ("summary", "Summary", "", True),
    ("source", "Source", "GitHub review", False),
)
KEYS = [key for key, *_ in COLUMNS]
DROPPED_FIRST = ("source", "created")
"""When the table is too narrow for every column, these go (in this order) before the summary is
squeezed below ``SUMMARY_MIN``; the detail pane shows them for the open run."""
SUMMARY_MIN = 220
CELL_MARGIN = 14
"""Pixels of a column that its text cannot use (the cell's padding on both sides)."""
SELECT_DELAY_MS = 250
"""A row selected with the arrow keys opens after this pause, so that running down the list does
not send a request per row passed."""
REFIT_DELAY_MS = 60
LOADING = "Loading the runs…"


class RunsTable(ttk.Frame):
    def __init__(
        self,
        master: tk.Misc,
        *,
        on_select: Callable[[int], None],
        on_open: Callable[[int], None],
        on_load_more: Callable[[], None],
        on_empty_action: Callable[[EmptyAction], None],
    ) -> None:
        super().__init__(master)
        self._on_select = on_select
        self._on_open = on_open
        self._on_empty_action = on_empty_action
        self._rows: dict[int, RunRow] = {}
        self._cells: dict[int, tuple[str, ...]] = {}
        """What each row shows: its cells cut to the column widths."""
        self._order: list[int] = []
        self._select_after: str | None = None
        self._refit_after: str | None = None
        self._widths: tuple[int, ...] = ()
        self._action: EmptyAction | None = None
        self._gone = False
        self.columnconfigure(0, weight=1)
        self.rowconfigure(0, weight=1)
        self.tree = ttk.Treeview(
            self, columns=[c[0] for c in COLUMNS], show="headings", selectmode="browse"
        )
        self.fitter = TextFitter(tkfont.nametofont("CodegenBody"))
        for key, heading, sample, stretch in COLUMNS:
            width = max(self.fitter.width(sample), self.fitter.width(heading)) + CELL_MARGIN + 8
            self.tree.heading(key, text=heading, anchor="w")
            self.tree.column(
                key,
                width=SUMMARY_MIN if stretch else width,
                minwidth=SUMMARY_MIN if stretch else 40,
                stretch=stretch,
                anchor="w",
            )
        scroll = ttk.Scrollbar(self, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.grid(row=0, column=0, sticky="nsew")
        scroll.grid(row=0, column=1, sticky="ns")
        footer = ttk.Frame(self, padding=(0, GAP, 0, 0))
        footer.grid(row=1, column=0, columnspan=2, sticky="ew")
        footer.columnconfigure(0, weight=1)
        self.count = ttk.Label(footer, text="", style="Muted.TLabel")
        self.count.grid(row=0, column=0, sticky="w")
        self.more = ttk.Button(footer, text="Load more", command=on_load_more, state="disabled")
        self.more.grid(row=0, column=1, sticky="e")

        # In place of the rows when there are none: why, and what to do.
        self.placeholder = ttk.Frame(self.tree, padding=PAD)
        self.placeholder_text = ttk.Label(
            self.placeholder,
            text=LOADING,
            style="Placeholder.TLabel",
            justify="center",
            anchor="center",
        )
        self.placeholder_text.pack()
        self.placeholder.place(relx=0.5, rely=0.35, anchor="center")  # "Loading…" until it knows
        self.placeholder_button = ttk.Button(
            self.placeholder, text="", style="Accent.TButton", command=self._empty_action
        )

        self.tooltip = Tooltip(self.tree)
        self.tree.bind("<<TreeviewSelect>>", self._selected)
        self.tree.bind("<Return>", self._open)
        self.tree.bind("<KP_Enter>", self._open)
        self.tree.bind("<Double-1>", self._open)
        self.tree.bind("<Configure>", self._resized, add="+")
        self.tree.bind("<ButtonRelease-1>", self._resized, add="+")  # a column dragged wider
        self.tree.bind("<Motion>", self._pointer_moved, add="+")
        self.bind("<Destroy>", self._destroyed, add="+")

    # -- RunsView ----------------------------------------------------------------------------

    def show_runs(self, rows: Sequence[RunRow]) -> None:
        tree = self.tree
        self._refit()
        widths = self._widths
        for row in rows:
            known = self._rows.get(row.run_id)
            if known is None:
                cells = self._fit(row.cells, widths)
                tree.insert(
                    "", "end", iid=str(row.run_id), values=cells, tags=(row.status_class.value,)
                )
                self._cells[row.run_id] = cells
            elif known != row:
                cells = self._fit(row.cells, widths)
                tree.item(str(row.run_id), values=cells, tags=(row.status_class.value,))
                self._cells[row.run_id] = cells
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

    def show_placeholder(self, placeholder: Placeholder | None) -> None:
        if placeholder is None:
            self.placeholder.place_forget()
            self._action = None
            return
        self.placeholder_text.configure(text=placeholder.text)
        self._action = placeholder.action
        if placeholder.action is None:
            self.placeholder_button.pack_forget()
        else:
            self.placeholder_button.configure(text=placeholder.action.value)
            self.placeholder_button.pack(pady=(GAP, 0))
        self.placeholder.place(relx=0.5, rely=0.35, anchor="center")
        self._wrap_placeholder()

    # -- the palette ---------------------------------------------------------------------------

    def apply_palette(self, colours: Palette) -> None:
        for status_class in StatusClass:
            self.tree.tag_configure(status_class.value, foreground=colours.statuses[status_class])

    # -- events ------------------------------------------------------------------------------

    def selected_run(self) -> int | None:
        selection = self.tree.selection()
        return int(selection[0]) if selection else None

    def _empty_action(self) -> None:
        if self._action is not None:
            self._on_empty_action(self._action)

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

    def _pointer_moved(self, event: tk.Event[tk.Misc]) -> None:
        """Over a cut cell: its full text in a tooltip."""
        iid = self.tree.identify_row(event.y)
        column = self.tree.identify_column(event.x)  # "#1", "#2", ...
        text = ""
        displayed = [str(key) for key in self.tree.cget("displaycolumns")]
        if displayed == ["#all"]:
            displayed = list(KEYS)
        if iid and column.startswith("#") and 0 < int(column[1:] or 0) <= len(displayed):
            index = KEYS.index(displayed[int(column[1:]) - 1])
            run_id = int(iid)
            row, shown = self._rows.get(run_id), self._cells.get(run_id)
            if row is not None and shown is not None and 0 <= index < len(shown):
                full = row.cells[index]
                if shown[index] != full:
                    text = full
        self.tooltip.show_later(text, event.x_root, event.y_root)

    def _resized(self, _event: tk.Event[tk.Misc]) -> None:
        if self._gone:
            return
        if self._refit_after is not None:
            self.after_cancel(self._refit_after)
        self._refit_after = self.after(REFIT_DELAY_MS, self._refit_later)
        self._wrap_placeholder()

    def _refit_later(self) -> None:
        self._refit_after = None
        self._refit()

    def _refit(self) -> None:
        """The table or a column changed width: choose the columns that fit, then cut every row
        again (only rows whose cells change are touched)."""
        if self._refit_after is not None:  # called directly: the one waiting is not needed
            self.after_cancel(self._refit_after)
            self._refit_after = None
        widths = self._layout()
        if widths == self._widths:
            return
        self._widths = widths
        for run_id, row in self._rows.items():
            cells = self._fit(row.cells, widths)
            if cells != self._cells.get(run_id) and self.tree.exists(str(run_id)):
                self.tree.item(str(run_id), values=cells)
                self._cells[run_id] = cells

    def _layout(self) -> tuple[int, ...]:
        """Show the columns the table's width holds; the width each column's text has.

        The summary takes what the others leave.
        """
        tree = self.tree
        available = tree.winfo_width() - 4  # the border
        fixed = {key: int(tree.column(key, "width")) for key in KEYS if key != "summary"}
        shown = list(KEYS)
        if available > 1:
            for key in DROPPED_FIRST:
                if sum(fixed[k] for k in shown if k != "summary") + SUMMARY_MIN <= available:
                    break
                shown.remove(key)
        if tuple(shown) != tuple(str(key) for key in tree.cget("displaycolumns")):
            tree.configure(displaycolumns=shown)
        summary = max(SUMMARY_MIN, available - sum(fixed[k] for k in shown if k != "summary"))
        if int(tree.column("summary", "width")) != summary:
            tree.column("summary", width=summary)  # ttk does not spread it when columns go
        return tuple(
            summary if key == "summary" else fixed[key] if key in shown else 0 for key in KEYS
        )

    def _wrap_placeholder(self) -> None:
        width = self.tree.winfo_width()
        if width > 1:
            self.placeholder_text.configure(wraplength=max(200, width - 4 * PAD))

    # -- helpers -----------------------------------------------------------------------------

    def _fit(self, cells: tuple[str, ...], widths: tuple[int, ...]) -> tuple[str, ...]:
        fit = self.fitter.fit
        return tuple(
            fit(cell, width - CELL_MARGIN) for cell, width in zip(cells, widths, strict=True)
        )

    def _destroyed(self, event: tk.Event[tk.Misc]) -> None:
        if event.widget is self:  # whoever destroys the window, no timer outlives the table
            self._gone = True
            self.cancel_timers()

    def cancel_timers(self) -> None:
        for after_id in (self._select_after, self._refit_after):
            if after_id is not None:
                self.after_cancel(after_id)
        self._select_after = self._refit_after = None
        self.tooltip.hide()
