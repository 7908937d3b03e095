"""A command group (``codegen pr ...``): a typer app whose commands take the session and the global
options like every flat command (see ``_session.command``)."""

from __future__ import annotations

from collections.abc import Callable

import typer

from codegen_cli._session import command


def group(help: str, commands: dict[str, Callable[..., None]]) -> typer.Typer:
    """A group with ``commands`` (name → ``function(session, ...)``), in that order; without a
    command it shows its help. ``help`` is its summary in ``codegen --help``."""
    app = typer.Typer(help=help, no_args_is_help=True, add_completion=False)
    for name, function in commands.items():
        app.command(name)(command(function))
    return app
