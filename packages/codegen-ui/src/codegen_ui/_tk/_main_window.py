"""The main window: toolbar, runs table, detail pane, status bar, keyboard shortcuts.

At its minimum size every button and field stays whole: the runs table shows fewer columns when
narrow, the detail wraps or cuts long text with an ellipsis (the whole of it in a tooltip), and so
does the status bar.

The window is built before the presenters exist (start-up builds and shows it while ``codegen``
loads); :meth:`MainWindow.connect` gives it the app, and until then what the person does in it does
nothing. So nothing here imports ``codegen`` before it is needed: the dialogs load when opened.
"""

from __future__ import annotations

import contextlib
import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable
from tkinter import ttk
from typing import TYPE_CHECKING

from codegen_ui._palette import ALL_STATUSES, STATUS_FILTERS

from ._detail_pane import DetailPane
from ._error_report import ErrorReport
from ._pump import Pump, TkScheduler
from ._runs_table import RunsTable
from ._style import GAP, PAD, SMALL, Look
from ._text_fit import TextFitter
from ._tooltip import tooltip_for

if TYPE_CHECKING:
    from codegen_ui._app_presenter import AppPresenter
    from codegen_ui._new_run_presenter import NewRunPresenter
    from codegen_ui._settings_presenter import SettingsPresenter

    from ._new_run_dialog import NewRunDialog
    from ._settings_dialog import SettingsDialog

TITLE = "Codegen"
WIDTH, HEIGHT = 1280, 800
SCREEN_MARGIN = 48
MIN_WIDTH = 900
MIN_HEIGHT = 600
SPLIT = 0.52
"""The runs table's share of the width, until the person moves the divider."""
PANE_MIN = 380
"""Neither the table nor the detail is made narrower than this by a resize."""


class MainWindow:
    """Builds the widgets, forwards what the person does to the presenters, shows what they say."""

    def __init__(self, root: tk.Tk, *, dark: bool = False) -> None:
        self.root = root
        self._app: AppPresenter | None = None
        self._scheduler: TkScheduler | None = None
        self._pump: Pump | None = None
        self.new_run_dialog: NewRunDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.look = Look.of(root)
        self.look.apply(dark)
        self.errors = ErrorReport(root, self.show_error)
        root.report_callback_exception = self.errors.callback_exception
        root.title(TITLE)
        root.columnconfigure(0, weight=1)
        root.rowconfigure(1, weight=1)
        act = self._act

        bar = ttk.Frame(root, padding=(PAD, PAD, PAD, GAP))
        bar.grid(row=0, column=0, sticky="ew")
        bar.columnconfigure(5, weight=1)
        new_run = ttk.Button(
            bar, text="New run", style="Accent.TButton", command=act(lambda app: app.new_run())
        )
        new_run.grid(row=0, column=0)
        tooltip_for(new_run, lambda: "Start an agent run (Ctrl+N)")
        refresh = ttk.Button(bar, text="Refresh", command=act(lambda app: app.refresh()))
        refresh.grid(row=0, column=1, padx=(SMALL, 0))
        tooltip_for(refresh, lambda: "Fetch the runs and the open run now (F5)")
        ttk.Label(bar, text="Status").grid(row=0, column=2, padx=(PAD, SMALL))
        self._filter_keys = {label: key for key, label in STATUS_FILTERS}
        labels = [label for _, label in STATUS_FILTERS]
        self.status_filter = ttk.Combobox(
            bar, state="readonly", width=max(map(len, labels)) + 1, values=labels
        )
        self.status_filter.set(STATUS_FILTERS[0][1])
        self.status_filter.grid(row=0, column=3)
        self.status_filter.bind("<<ComboboxSelected>>", self._status_filter_changed)
        ttk.Label(bar, text="Find").grid(row=0, column=4, padx=(PAD, SMALL))
        self.text_filter = tk.StringVar(root)
        self.text_filter_entry = ttk.Entry(bar, textvariable=self.text_filter, width=12)
        self.text_filter_entry.grid(row=0, column=5, sticky="ew")
        tooltip_for(
            self.text_filter_entry, lambda: "Runs whose id, status, source, summary or result "
            "contain this (Ctrl+F)"
        )  # fmt: skip
        self.text_filter.trace_add("write", self._text_filter_changed)
        ttk.Button(bar, text="Settings…", command=act(lambda app: app.settings())).grid(
            row=0, column=6, padx=(PAD, 0)
        )

        self.panes = panes = ttk.Panedwindow(root, orient="horizontal")
        panes.grid(row=1, column=0, sticky="nsew", padx=PAD)
        self._split = SPLIT
        panes.bind("<Configure>", lambda _event: self._keep_split(), add="+")
        panes.bind("<ButtonRelease-1>", lambda _event: self._split_moved(), add="+")
        self.table = RunsTable(
            panes,
            on_select=lambda run_id: act(lambda app: app.select_run(run_id))(),
            on_open=lambda run_id: act(lambda app: app.open_run(run_id))(),
            on_load_more=act(lambda app: app.runs.load_more()),
            on_empty_action=lambda action: act(lambda app: app.empty_table_action(action))(),
        )
        self.detail = DetailPane(panes)
        panes.add(self.table, weight=5)
        panes.add(self.detail, weight=5)

        self.status = ttk.Label(root, text="", style="Status.TLabel", anchor="w")
        self.status.grid(row=2, column=0, sticky="ew", pady=(PAD, 0))
        self._status_text = ""
        self._status_fitter = TextFitter(tkfont.nametofont("CodegenBody"))
        self.status.bind("<Configure>", lambda _event: self._fit_status(), add="+")
        tooltip_for(self.status, self._status_tip)

        for sequence in ("<Control-n>", "<Control-N>"):
            root.bind(sequence, lambda _event: act(lambda app: app.new_run())())
        for sequence in ("<Control-f>", "<Control-F>"):
            root.bind(sequence, lambda _event: self.text_filter_entry.focus_set())
        root.bind("<F5>", lambda _event: act(lambda app: app.refresh())())
        root.bind("<Unmap>", self._unmapped)
        root.bind("<Map>", self._mapped)
        root.protocol("WM_DELETE_WINDOW", self.close)

        self.look.recolour(root)
        # Never so small that the toolbar is cut (the table drops columns it cannot show; the
        # rest wraps or is cut with an ellipsis).
        root.update_idletasks()
        least = (max(MIN_WIDTH, bar.winfo_reqwidth()), MIN_HEIGHT)
        root.minsize(*least)
        # As large as usual, but never larger than the screen (less room for the desktop's bars).
        width = min(WIDTH, root.winfo_screenwidth() - SCREEN_MARGIN)
        height = min(HEIGHT, root.winfo_screenheight() - 2 * SCREEN_MARGIN)
        root.geometry(f"{max(width, least[0])}x{max(height, least[1])}")

    def connect(self, app: AppPresenter, scheduler: TkScheduler, pump: Pump) -> None:
        """Give the window its app (and the timers and the pump it runs on)."""
        self._app, self._scheduler, self._pump = app, scheduler, pump
        app.worker.report_error = self.errors.report
        if app.dark != self.look.palette.dark:  # the person's setting, known only now
            self.look.apply(app.dark)
        app.runs.attach(self.table)
        self.detail.connect(app.detail)
        app.attach(self)

    @property
    def app(self) -> AppPresenter:
        if self._app is None:
            raise RuntimeError("the window has no app yet")
        return self._app

    def _act(self, action: Callable[[AppPresenter], object]) -> Callable[[], None]:
        """A command that tells the app, once there is one."""

        def command() -> None:
            if self._app is not None:
                action(self._app)

        return command

    @property
    def ready(self) -> bool:
        """On screen, with the first page of runs (or why there is none) in the table."""
        return (
            bool(self.root.winfo_viewable()) and self._app is not None and self._app.runs.answered
        )

    # -- MainView ----------------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        self._status_text = text
        self.status.configure(style="Status.TLabel")
        self._fit_status()

    def show_error(self, text: str) -> None:
        self._status_text = text
        self.status.configure(style="StatusError.TLabel")
        self._fit_status()

    def show_identity(self, text: str) -> None:
        self.root.title(f"{TITLE} — {text}")

    def open_new_run(self, presenter: NewRunPresenter) -> None:
        from ._new_run_dialog import NewRunDialog

        self.new_run_dialog = NewRunDialog(self.root, presenter)
        presenter.attach(self.new_run_dialog)

    def open_settings(self, presenter: SettingsPresenter, reason: str) -> None:
        from ._settings_dialog import SettingsDialog

        self.settings_dialog = SettingsDialog(self.root, presenter)
        presenter.attach(self.settings_dialog, reason=reason)

    def show_appearance(self, dark: bool) -> None:
        self.look.apply(dark)

    def clear_filters(self) -> None:
        self.status_filter.set(dict(STATUS_FILTERS)[ALL_STATUSES])
        self.app.runs.set_status_filter(ALL_STATUSES)
        self.text_filter.set("")  # its trace tells the presenter

    # -- events ------------------------------------------------------------------------------

    def _keep_split(self) -> None:
        """The window changed width: the divider keeps its place in proportion (ttk would take
        all of a shrink from one side)."""
        width = self.panes.winfo_width()
        if width > 2 * PANE_MIN:
            position = min(max(round(width * self._split), PANE_MIN), width - PANE_MIN)
            if self._sash() != position:
                self.panes.sashpos(0, position)  # type: ignore[no-untyped-call]

    def _split_moved(self) -> None:
        width = self.panes.winfo_width()
        if width > 1:
            self._split = self._sash() / width

    def _sash(self) -> int:
        return int(self.panes.sashpos(0))  # type: ignore[no-untyped-call]

    def _fit_status(self) -> None:
        width = self.status.winfo_width() - 2 * PAD
        text = self._status_text
        if width > 1:
            text = self._status_fitter.fit(text, width)
        self.status.configure(text=text)

    def _status_tip(self) -> str:
        shown = str(self.status.cget("text"))
        return self._status_text if shown != self._status_text else ""

    def _status_filter_changed(self, _event: tk.Event[tk.Misc]) -> None:
        key = self._filter_keys[self.status_filter.get()]
        self._act(lambda app: app.runs.set_status_filter(key))()

    def _text_filter_changed(self, *_args: object) -> None:
        text = self.text_filter.get()
        self._act(lambda app: app.runs.set_text_filter(text))()

    def _unmapped(self, event: tk.Event[tk.Misc]) -> None:
        if event.widget is self.root:  # children's Unmap events reach this binding too
            self._act(lambda app: app.minimised())()

    def _mapped(self, event: tk.Event[tk.Misc]) -> None:
        if event.widget is self.root:
            self._act(lambda app: app.restored())()

    def close(self) -> None:
        """Stop every timer and the workers, then destroy the window (safe to call twice)."""
        if self._scheduler is not None:
            self._scheduler.cancel_all()
        if self._pump is not None:
            self._pump.stop()
        with contextlib.suppress(tk.TclError):  # the widgets may be gone already
            self.table.cancel_timers()
            self.detail.cancel_timers()
        if self._app is not None:
            self._app.shutdown()
        with contextlib.suppress(tk.TclError):
            self.root.destroy()
