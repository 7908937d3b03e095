"""The click classes under the typer app: the root group and the command class.

- The root group loads a command's module only when that command is run (or its help, or
  completion, asked for): ``codegen run`` imports the run commands, not the log, auth or git ones.
- Global options typed before the command name are handed to the command
  (``_global_options.hoist_global_options``).
- Typed values are converted by ``_coercion``, without a pydantic validator per parameter.
- Help is laid out by ``_help``; usage errors of every command end in :meth:`CodegenGroup.main`,
  which prints them as one line through ``_usage_errors`` (never echoing a typed value).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer._click import Command
from typer._click import exceptions as click_errors
from typer._click.shell_completion import CompletionItem
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.main import get_command_from_info
from typer.models import CommandInfo

from ._coercion import convert_without_pydantic
from ._completion import completing, prepare
from ._errors import ExitCode
from ._global_options import hoist_global_options
from ._invocation import command
from ._usage_errors import WrongUsage

if TYPE_CHECKING:
    from typer._click import Context, HelpFormatter

    from ._help import Parameter


def _help_option(option: TyperOption | None) -> TyperOption | None:
    """``-h/--help`` in our words, and False when absent: typer 0.29 leaves an absent --help as
    None, which it converts to bool with pydantic (that import would double the time of
    `codegen run --help`)."""
    if option is not None:
        option.default = False
        option.help = "Show this help."
    return option


def _parameters(ctx: Context, params: Sequence[Any]) -> list[Parameter]:
    from ._help import Parameter

    return [
        Parameter(
            name=str(param.name),
            opts=tuple(param.opts),
            metavar=None if getattr(param, "is_flag", False) else param.metavar,
            help=param.help or "",
            is_argument=param.param_type_name == "argument",
            required=bool(param.required),
            many=param.nargs == -1,
        )
        for param in params
        if not getattr(param, "hidden", False)
    ]


class CodegenCommand(TyperCommand):
    """A command with our help layout and our message for extra arguments."""

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _help_option(super().get_help_option(ctx))

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        from ._help import command_help

        formatter.write(
            command_help(ctx.command_path, self.help, _parameters(ctx, self.get_params(ctx)))
        )

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        ctx.allow_extra_args = True  # extra arguments are refused below, in our words
        try:
            extra = super().parse_args(ctx, args)
        except click_errors.UsageError as error:
            error.ctx = error.ctx or ctx  # the parser's own errors know no command
            raise
        if extra and not ctx.resilient_parsing:
            self.refuse_extra_arguments(ctx, len(extra))
        return extra

    def refuse_extra_arguments(self, ctx: Context, count: int) -> NoReturn:
        arguments = [p for p in self.params if p.param_type_name == "argument"]
        takes = " and ".join(str(p.metavar) for p in arguments) or "no arguments"
        extra = "an extra argument" if count == 1 else f"{count} extra arguments"
        message = (
            f"`{ctx.command_path}` takes {takes}, and got {extra} "
            "(not shown here, in case it is a token)"
        )
        if any("--with-token" in p.opts for p in self.params):
            message += "; a token goes on stdin with --with-token, never on the command line"
        raise WrongUsage(message, ctx)


class CodegenGroup(TyperGroup):
    """The root group: commands loaded on demand from :attr:`registry`."""

    registry: Mapping[str, str] = {}
    """Command name → ``module:function`` under ``codegen_cli._commands`` (or ``module:group``, a
    :class:`CodegenGroup` of its own)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._loaded: dict[str, TyperCommand | CodegenGroup] = {}

    # -- commands --------------------------------------------------------------------------

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.registry)

    def function(self, name: str) -> Callable[..., None]:
        """The function behind command ``name``."""
        module, _, attribute = self.registry[name].partition(":")
        found: Callable[..., None] = getattr(
            importlib.import_module(f"codegen_cli._commands.{module}"), attribute
        )
        return found

    def get_command(self, ctx: Context, cmd_name: str) -> TyperCommand | CodegenGroup | None:
        if cmd_name not in self.registry:
            return None
        if cmd_name not in self._loaded:
            target = self.function(cmd_name)
            if isinstance(target, CodegenGroup):  # a group of its own: `codegen pr close`
                self._loaded[cmd_name] = target
                return target
            info = CommandInfo(name=cmd_name, cls=CodegenCommand, callback=command(target))
            built = get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
            assert isinstance(built, TyperCommand)
            convert_without_pydantic(built.params)
            self._loaded[cmd_name] = built
        return self._loaded[cmd_name]

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name = args[0]
        found = self.get_command(ctx, name)
        if found is None:
            if name.startswith("-"):
                self.parse_args(ctx, args)  # an option of the root: its own error
            close = get_close_matches(name, list(self.registry), n=2)
            hint = (
                f"did you mean {' or '.join(close)}?"
                if close
                else f"see `{ctx.command_path} --help`"
            )
            raise WrongUsage("unknown command", ctx, hint)
        return name, found, args[1:]

    # -- parsing and help ----------------------------------------------------------------------

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _help_option(super().get_help_option(ctx))

    def summary(self, name: str) -> str:
        """Command ``name``'s one-line summary (the first paragraph of its docstring)."""
        from ._help import Doc

        return Doc.parse(self.function(name).__doc__).summary

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        from ._help import root_help

        formatter.write(
            root_help(self.help, [(name, self.summary(name)) for name in self.registry])
        )

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        """Command names with their full summaries, then the root's own options."""
        names = [name for name in self.registry if name.startswith(incomplete)]
        return [
            *(CompletionItem(name, help=self.summary(name)) for name in names),
            *Command.shell_complete(self, ctx, incomplete),
        ]

    # -- the one exit of every usage error -------------------------------------------------------

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> NoReturn:
        """Run the command line; usage errors end here, as one line (exit 2)."""
        args = list(sys.argv[1:] if args is None else args)
        extra.pop("standalone_mode", None)
        if completing():
            prepare()
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as error:
            error.show()
            sys.exit(ExitCode.USAGE)
        except click_errors.UsageError as error:
            from ._usage_errors import describe

            message, hint = describe(error, args, known=self.registry)
            sys.stderr.write(f"error: {message}; {hint}\n")
            sys.exit(ExitCode.USAGE)
        except typer.Abort:
            sys.exit(ExitCode.ERROR)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)
