"""The ``codegen`` typer app: the root group, the commands, and the version option.

Help is plain text (``rich_markup_mode=None``): rich's help renderer would double the start-up
time of ``codegen --help``, and help text that is never parsed as markup cannot mis-render either.
Every command is wrapped by ``_session.command``, which adds the global options and turns any
exception into one error line and its exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup, TyperOption

from .__main__ import version_line
from ._commands import api, auth, logs, org, pull, rules, runs
from ._commands._group import lazy_group
from ._session import command, hoist_global_options

if TYPE_CHECKING:
    from typer._click import Context


class CodegenGroup(TyperGroup):
    """The root group; global options given before the command name are handed to the command."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        # typer 0.29 leaves an absent --help as None, which it converts to bool with pydantic:
        # that import would double the time of `codegen run --help`. An absent flag is False.
        option = super().get_help_option(ctx)
        if option is not None:
            option.default = False
        return option


app = typer.Typer(
    name="codegen",
    cls=CodegenGroup,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(version_line())
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Start, watch and read Codegen agent runs.

    Data goes to stdout (a table on a terminal, tab-separated when piped, JSON with --json);
    progress, hints and errors go to stderr. Exit codes: 0 ok, 1 error or a run that ended
    unsuccessfully, 2 usage, 4 not logged in, 8 still running after --timeout, 130 interrupted.

    Every command also takes the global options --org-id ID, --api-url URL, --profile NAME and
    --debug, before or after its name: codegen --org-id 5 list, codegen list --org-id 5.
    """


COMMANDS: dict[str, Callable[..., None]] = {
    "run": runs.run,
    "continue": runs.continue_,
    "list": runs.list_,
    "show": runs.show,
    "logs": logs.logs,
    "wait": runs.wait,
    "open": runs.open_,
    "pull": pull.pull,
    "login": auth.login,
    "logout": auth.logout,
    "whoami": auth.whoami,
    "orgs": org.orgs,
    "repos": org.repos,
    "users": org.users,
    "integrations": org.integrations,
    "rules": rules.rules,
    "api": api.api,
}
for name, function in COMMANDS.items():
    app.command(name)(command(function))


def add_group(name: str, summary: str) -> None:
    """Register the group of ``_commands/<name>.py``, loaded when used (see ``_commands._group``)."""
    cls = lazy_group(CodegenGroup, name)
    app.add_typer(typer.Typer(), name=name, help=summary, cls=cls, no_args_is_help=True)


add_group("pr", "Codegen's pull requests: state, checks, removal.")
add_group("repo", "A repository's check-fixing settings and setup commands.")
add_group("user", "A user of the organization.")
add_group("oauth", "OAuth providers for MCP servers; your connections; revoke.")
add_group("sandbox", "Analyze a sandbox's setup logs.")
add_group("slack", "Connect your Slack account to Codegen.")
