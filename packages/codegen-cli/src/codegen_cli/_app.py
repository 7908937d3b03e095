"""The ``codegen`` typer app: the root group, its ``--version``, and the command registry.

Help is plain text laid out by ``_help`` (rich's renderer would double the start-up time of
``codegen --help``, and help that is never parsed as markup cannot mis-render either). Commands are
loaded on demand (``_group``); every one is wrapped by ``_invocation.command``, which adds the global
options and turns any exception into one error line and its exit code.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ._group import CodegenGroup
from ._version import version_line

COMMANDS = {
    "run": "runs:run",
    "continue": "runs:continue_",
    "batch": "batch:batch",
    "list": "runs:list_",
    "show": "runs:show",
    "logs": "logs:logs",
    "wait": "runs:wait",
    "open": "runs:open_",
    "pull": "pull:pull",
    "login": "auth:login",
    "logout": "auth:logout",
    "whoami": "auth:whoami",
    "orgs": "org:orgs",
    "repos": "org:repos",
    "users": "org:users",
    "integrations": "org:integrations",
    "completion": "completion:completion",
    "rules": "rules:rules",
    "pr": "pr:group",
    "repo": "repo:group",
    "user": "user:group",
    "oauth": "oauth:group",
    "sandbox": "sandbox:group",
    "slack": "slack:group",
    "api": "api:api",
}
"""Command name → ``module:function`` in ``codegen_cli._commands``, in the order help lists them."""


class Root(CodegenGroup):
    registry = COMMANDS


app = typer.Typer(
    name="codegen",
    cls=Root,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
"""The ``codegen`` command as a typer app: ``app(args=[...])`` runs a command line in-process."""


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

    Data goes to stdout: a table on a terminal, tab-separated lines in a pipe, JSON with --json.
    Progress, hints and errors go to stderr.

    Exit codes: 0 ok; 1 an error, or a run that ended unsuccessfully; 2 bad usage; 4 not logged in
    or the token was rejected; 8 still running when --timeout passed; 130 interrupted.

    Examples:
        codegen login
        codegen run --wait "Add type hints to utils.py"
        codegen list --status active
        codegen logs 1234 --follow
    """
