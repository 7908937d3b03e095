"""The ``codegen`` command: start, watch and read Codegen agent runs from a terminal.

``codegen_cli.app`` is the typer app and ``codegen_cli.main`` the entry point; both load on first
access, so that importing the package (as ``codegen --version`` does) costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .__main__ import main
    from ._app import app

__all__ = ["__version__", "app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":
        from ._app import app

        return app
    if name == "main":
        from .__main__ import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
