"""The main window: toolbar, runs table, detail pane, status bar, keyboard shortcuts."""

from __future__ import annotations

import contextlib
import tkinter as tk
from tkinter import ttk

from codegen_ui._app_presenter import AppPresenter
from codegen_ui._new_run_presenter import NewRunPresenter
from codegen_ui._runs_presenter import STATUS_FILTERS
from codegen_ui._settings_presenter import SettingsPresenter

from ._detail_pane import DetailPane
from ._new_run_dialog import NewRunDialog
from ._pump import Pump, TkScheduler
from ._runs_table import RunsTable
from ._settings_dialog import SettingsDialog
from ._style import apply_style

TITLE = "Codegen"


class MainWindow:
    """Builds the widgets, forwards what the person does to the presenters, shows what they say."""

    def __init__(self, root: tk.Tk, app: AppPresenter, scheduler: TkScheduler, pump: Pump) -> None:
        self.root = root
        self.app = app
        self._scheduler = scheduler
        self._pump = pump
        self.new_run_dialog: NewRunDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        apply_style(root)
        root.title(TITLE)
        root.geometry("1280x780")
        root.minsize(900, 520)
        root.columnconfigure(0, weight=1)
        root.rowconfigure(1, weight=1)

        bar = ttk.Frame(root, padding=(10, 8))
        bar.grid(row=0, column=0, sticky="ew")
        ttk.Button(bar, text="New run (Ctrl+N)", command=app.new_run).pack(side="left")
        ttk.Button(bar, text="Refresh (F5)", command=app.refresh).pack(side="left", padx=(6, 0))
        ttk.Label(bar, text="Status").pack(side="left", padx=(18, 4))
        self._filter_keys = {label: key for key, label in STATUS_FILTERS}
        self.status_filter = ttk.Combobox(
            bar, state="readonly", width=14, values=[label for _, label in STATUS_FILTERS]
        )
        self.status_filter.set(STATUS_FILTERS[0][1])
        self.status_filter.pack(side="left")
        self.status_filter.bind("<<ComboboxSelected>>", self._status_filter_changed)
        ttk.Label(bar, text="Find").pack(side="left", padx=(12, 4))
        self.text_filter = tk.StringVar(root)
        self.text_filter_entry = ttk.Entry(bar, textvariable=self.text_filter, width=30)
        self.text_filter_entry.pack(side="left")
        self.text_filter.trace_add("write", self._text_filter_changed)
        ttk.Button(bar, text="Settings…", command=app.settings).pack(side="right")

        panes = ttk.Panedwindow(root, orient="horizontal")
        panes.grid(row=1, column=0, sticky="nsew", padx=10)
        self.table = RunsTable(
            panes, on_select=app.select_run, on_open=app.open_run, on_load_more=app.runs.load_more
        )
        self.detail = DetailPane(panes, app.detail)
        panes.add(self.table, weight=5)
        panes.add(self.detail, weight=6)

        self.status = ttk.Label(root, text="", style="Status.TLabel", anchor="w")
        self.status.grid(row=2, column=0, sticky="ew", pady=(8, 0))

        for sequence in ("<Control-n>", "<Control-N>"):
            root.bind(sequence, lambda _event: app.new_run())
        root.bind("<F5>", lambda _event: app.refresh())
        root.bind("<Unmap>", self._unmapped)
        root.bind("<Map>", self._mapped)
        root.protocol("WM_DELETE_WINDOW", self.close)

        app.runs.attach(self.table)
        app.detail.attach(self.detail)
        app.attach(self)

    # -- MainView ----------------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        self.status.configure(text=text, style="Status.TLabel")

    def show_error(self, text: str) -> None:
        self.status.configure(text=text, style="StatusError.TLabel")

    def show_identity(self, text: str) -> None:
        self.root.title(f"{TITLE} — {text}")

    def open_new_run(self, presenter: NewRunPresenter) -> None:
        self.new_run_dialog = NewRunDialog(self.root, presenter)
        presenter.attach(self.new_run_dialog)

    def open_settings(self, presenter: SettingsPresenter, reason: str) -> None:
        self.settings_dialog = SettingsDialog(self.root, presenter)
        presenter.attach(self.settings_dialog, reason=reason)

    # -- events ------------------------------------------------------------------------------

    def _status_filter_changed(self, _event: tk.Event[tk.Misc]) -> None:
        self.app.runs.set_status_filter(self._filter_keys[self.status_filter.get()])

    def _text_filter_changed(self, *_args: object) -> None:
        self.app.runs.set_text_filter(self.text_filter.get())

    def _unmapped(self, event: tk.Event[tk.Misc]) -> None:
        if event.widget is self.root:  # children's Unmap events reach this binding too
            self.app.minimised()

    def _mapped(self, event: tk.Event[tk.Misc]) -> None:
        if event.widget is self.root:
            self.app.restored()

    def close(self) -> None:
        """Stop every timer and the workers, then destroy the window (safe to call twice)."""
        self._scheduler.cancel_all()
        self._pump.stop()
        with contextlib.suppress(tk.TclError):  # the widgets may be gone already
            self.table.cancel_timers()
            self.detail.cancel_timers()
        self.app.shutdown()
        with contextlib.suppress(tk.TclError):
            self.root.destroy()
