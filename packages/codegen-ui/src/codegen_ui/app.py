"""``codegen-ui``: the desktop app's entry point (also run by ``python codegen_ui.py``)."""

from __future__ import annotations

import argparse
import faulthandler
import logging
import sys
from collections.abc import Sequence

from codegen import ConfigError

from . import __version__
from ._system_appearance import read_in_background


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="codegen-ui",
        description="A desktop app for Codegen agent runs: start runs, watch them, read their logs.",
        epilog="Reads CODEGEN_API_TOKEN, CODEGEN_ORG_ID, CODEGEN_API_URL and the profile file "
        "written by `codegen login` (or by the app's Settings).",
    )
    parser.add_argument("--version", action="version", version=f"codegen-ui {__version__}")
    parser.add_argument("--profile", help="the profile to use and save to (default: the default)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    _report_to_stderr()
    # Asked now, answered while Tk starts: whether the desktop wants dark colours.
    system_dark = read_in_background()
    # Imported here so that --help and --version work without a display (or a Tk).
    import tkinter as tk

    from ._connection import Connection
    from ._tk import build

    try:
        connection = Connection.from_environment(profile=args.profile)
    except ConfigError as error:
        print(f"codegen-ui: {error}", file=sys.stderr)
        return 2
    try:
        root = tk.Tk(className="codegen-ui")
    except tk.TclError as error:
        print(f"codegen-ui: cannot open a window ({error}); is there a display?", file=sys.stderr)
        return 1
    build(root, connection, system_dark=system_dark)
    root.mainloop()
    return 0


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
