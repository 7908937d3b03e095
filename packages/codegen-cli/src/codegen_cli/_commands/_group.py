"""Command groups (``codegen pr ...``), loaded only when used.

A group module defines ``app = group({...})``: a typer app whose commands take the session and the
global options like every flat command (see ``_session.command``). The root registers each group
with :func:`lazy_group`, so ``codegen --help`` and every other command neither import the group's
module nor build its commands: that happens when the group is invoked, or its commands listed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer
from typer.core import TyperGroup

from codegen_cli._session import command

if TYPE_CHECKING:
    from typer._click import Command, Context


def group(commands: dict[str, Callable[..., None]]) -> typer.Typer:
    """A typer app with ``commands`` (name → ``function(session, ...)``), in that order."""
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    for name, function in commands.items():
        app.command(name)(command(function))
    return app


def lazy_group(base: type[TyperGroup], module: str) -> type[TyperGroup]:
    """A ``base`` group class that takes its commands from ``codegen_cli._commands.<module>``'s
    ``app`` on first need (register it with ``add_typer(typer.Typer(), cls=...)``)."""

    class LazyGroup(base):  # type: ignore[misc,valid-type]
        def _loaded(self) -> dict[str, Command]:
            if not self.commands:
                sub_app = importlib.import_module(f"codegen_cli._commands.{module}").app
                self.commands.update(typer.main.get_group(sub_app).commands)
            commands: dict[str, Command] = self.commands
            return commands

        def list_commands(self, ctx: Context) -> list[str]:
            return list(self._loaded())

        def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
            return self._loaded().get(cmd_name)

    LazyGroup.__name__ = LazyGroup.__qualname__ = f"LazyGroup[{module}]"
    return LazyGroup
