"""``codegen-ui``: the desktop app's entry point (also run by ``python codegen_ui.py``).

Start-up does its slow parts side by side (see ``_background``): one thread loads ``codegen``, reads
the settings and sends the first requests (the newest runs, who is signed in), while the Tk thread
loads the theme and the fonts and builds and shows the window; the app is connected to it when both
are done, and the first page of runs is drawn as soon as it is back, often already.
"""

from __future__ import annotations

import argparse
import faulthandler
import logging
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from ._background import Background
from ._system_appearance import read_in_background

if TYPE_CHECKING:
    import tkinter

    from ._connection import Connection
    from ._tk import MainWindow as MainWindowType

READY_POLL_MS = 2


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="codegen-ui",
        description="A desktop app for Codegen agent runs: start runs, watch them, read their logs.",
        epilog="Reads CODEGEN_API_TOKEN, CODEGEN_ORG_ID, CODEGEN_API_URL and the profile file "
        "written by `codegen login` (or by the app's Settings).",
    )
    parser.add_argument("--version", action="version", version=f"codegen-ui {__version__}")
    parser.add_argument("--profile", help="the profile to use and save to (default: the default)")
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="quit as soon as the window shows the first page of runs, printing the moment "
        "(time.monotonic()), with exit code 1 if they could not be loaded (to measure start-up, "
        "or to check that the app starts)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app with the command line ``argv`` (default: ``sys.argv[1:]``) until its window
    is closed, and return the exit status: 0; 1 without a display (or, with
    ``--exit-when-ready``, when the first page of runs could not be loaded); 2 for settings
    that cannot be read."""
    args = parse_args(argv)
    _report_to_stderr()
    # Asked now, answered while Tk starts: whether the desktop wants dark colours; codegen, the
    # settings and the first requests.
    system_dark = read_in_background()
    connecting = Background(lambda: _connect(args.profile), name="codegen-ui-start")
    # Imported here so that --help and --version work without a display (or a Tk).
    import tkinter as tk

    try:
        root = tk.Tk(className="codegen-ui")
    except tk.TclError as error:
        print(f"codegen-ui: cannot open a window ({error}); is there a display?", file=sys.stderr)
        return 1
    from ._tk import MainWindow
    from ._tk._style import Look

    # While codegen loads on the other thread: the theme's files, the fonts, the window itself,
    # on screen (it says it is loading the runs; what is clicked in it waits for the app).
    Look(root).load()
    early = MainWindow(root, dark=bool(system_dark()))
    root.update()
    try:
        connection = connecting.result()
    except Exception as error:  # a ConfigError: a broken profile file, a bad variable
        print(f"codegen-ui: {error}", file=sys.stderr)
        root.destroy()
        return 2
    from ._tk import build

    window = build(root, connection, system_dark=system_dark, window=early)
    if args.exit_when_ready:
        return _until_ready(root, window)
    root.mainloop()
    return 0


def _connect(profile: str | None) -> Connection:
    """The settings, and the first requests sent (on the start-up thread)."""
    from ._app_presenter import CURRENT_USER, current_user
    from ._connection import Connection
    from ._runs_presenter import FIRST_PAGE, first_page

    connection = Connection.from_environment(profile=profile)
    if connection.ready:
        connection.start_early(FIRST_PAGE, first_page(connection.org_id))
        connection.start_early(CURRENT_USER, current_user)
    return connection


def _until_ready(root: tkinter.Tk, window: MainWindowType) -> int:
    """Run until the first page of runs is drawn; then print the moment (``time.monotonic()``,
    which a benchmark compares with its own clock: the process's exit is not part of start-up)
    and close, with 0, or 1 if the runs did not load."""
    loaded: list[bool] = []

    def check() -> None:
        if window.ready:
            root.update_idletasks()  # drawn
            print(f"ready {time.monotonic():.6f}", flush=True)
            loaded.append(window.app.runs.loaded)
            window.close()
        else:
            root.after(READY_POLL_MS, check)

    root.after(READY_POLL_MS, check)
    root.mainloop()
    return 0 if loaded == [True] else 1


def _report_to_stderr() -> None:
    """Problems reach stderr: warnings and errors of the app (an error also shows in the window),
    and a crash of the interpreter itself (a fault in Tk, say) as a traceback, never in silence."""
    if sys.stderr is None:  # pythonw on Windows: no stream to write to
        return
    faulthandler.enable()
    logger = logging.getLogger("codegen_ui")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("codegen-ui: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
