"""A command with commands of its own (``codegen pr close``), for the nouns of the API.

A group module defines a :class:`CommandGroup` subclass whose docstring is the group's help (its
first paragraph the summary ``codegen --help`` lists) and whose ``registry`` names its commands as
the root's does; the root's registry names the group's instance (``"pr": "pr:group"``). Its
commands load when run, as the root's do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from codegen_cli._group import CodegenGroup

if TYPE_CHECKING:
    from typer._click import Context, HelpFormatter


class CommandGroup(CodegenGroup):
    def __init__(self, name: str) -> None:
        super().__init__(name=name, help=type(self).__doc__, no_args_is_help=True)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        from codegen_cli._help import group_help

        commands = [(name, self.summary(name)) for name in self.registry]
        formatter.write(group_help(ctx.command_path, self.help, commands))
