""":func:`build` puts the app together on a ``tk.Tk`` root: worker threads, the callback pump, the
presenters, and the main window they are connected to."""

from __future__ import annotations

import gc
import tkinter as tk
import webbrowser
from collections.abc import Callable, Mapping

from codegen import ProfileStore
from codegen_ui._app_presenter import AppPresenter
from codegen_ui._connection import Connection
from codegen_ui._detail_presenter import POLL_SECONDS
from codegen_ui._runs_presenter import REFRESH_SECONDS
from codegen_ui._worker import Worker

from ._main_window import MainWindow
from ._pump import Pump, TkScheduler


def build(
    root: tk.Tk,
    connection: Connection,
    *,
    worker: Worker | None = None,
    store: ProfileStore | None = None,
    open_url: Callable[[str], bool] = webbrowser.open,
    env: Mapping[str, str] | None = None,
    refresh_seconds: float = REFRESH_SECONDS,
    poll_seconds: float = POLL_SECONDS,
    system_dark: Callable[[], bool | None] = lambda: None,
    window: MainWindow | None = None,
    start: bool = True,
) -> MainWindow:
    """The app's main window on ``root`` (``window``, if it was built already, during start-up);
    with ``start``, loading begins (or Settings open)."""
    worker = worker or Worker()
    scheduler = TkScheduler(root)
    pump = Pump(root, worker)
    app = AppPresenter(
        connection,
        worker,
        scheduler,
        store=store,
        open_url=open_url,
        env=env,
        refresh_seconds=refresh_seconds,
        poll_seconds=poll_seconds,
        system_dark=system_dark,
    )
    if window is None:
        window = MainWindow(root, dark=app.dark)
    window.connect(app, scheduler, pump)
    # Everything made so far (modules, models' schemas, widgets) lives as long as the app: moved
    # out of the collector's sight, a full collection no longer walks it, which kept the window
    # from handling events for 20-40 ms at a time while a long log was loading.
    gc.freeze()
    if start:
        app.start()
    return window
