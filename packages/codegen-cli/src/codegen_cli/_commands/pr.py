"""``codegen pr``: the pull requests Codegen opened — their state, and Codegen's part in them.

A pull request is named by its id (``PR_ID``, as in the ``github_pull_requests`` of ``codegen show
ID --json``) or, more often, by the agent run that opened it (``--run RUN_ID``: all of that run's
pull requests). Banning checks and taking Codegen off a pull request go through the run in the API
itself, so those take ``--run`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from codegen_cli._commands._body import show_body
from codegen_cli._commands._subcommands import CommandGroup
from codegen_cli._completion import complete_run_ids
from codegen_cli._errors import CliError, ExitCode, usage_error
from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption
from codegen_cli._output import Cell, Column, Output
from codegen_cli._values import whole_number

if TYPE_CHECKING:
    from codegen_models import EditPRResult

PrIdArgument = Annotated[
    int | None,
    typer.Argument(
        metavar="PR_ID",
        parser=whole_number,
        show_default=False,
        help="Pull request id (or give --run).",
    ),
]


def _run_option(help: str) -> Any:
    return typer.Option(
        "--run", metavar="RUN_ID", parser=whole_number, autocompletion=complete_run_ids,
        show_default=False, help=help,
    )  # fmt: skip


RunOption = Annotated[
    int | None, _run_option("The agent run whose pull requests to change (instead of PR_ID).")
]
RequiredRunOption = Annotated[
    int, _run_option("The agent run whose pull request it is (required).")
]
RepoIdOption = Annotated[
    int | None,
    typer.Option(
        "--repo-id", metavar="ID", parser=whole_number, show_default=False,
        help="The pull request's repository (uses the repository-scoped route).",
    ),
]  # fmt: skip

PR_COLUMNS = (Column("id"), Column("state"), Column("url"), Column("title", flexible=True))


def _state_command(state: str, summary: str, example: str) -> Callable[..., None]:
    """The command that moves pull requests to ``state`` (the four state verbs differ only in
    that, and in their help)."""

    def edit(
        invocation: Invocation,
        pr_id: PrIdArgument = None,
        run: RunOption = None,
        repo_id: RepoIdOption = None,
        json: JsonOption = False,
    ) -> None:
        _edit(invocation, state, pr_id, run=run, repo_id=repo_id, json=json)

    edit.__doc__ = f"{summary}\n\nExamples:\n    {example}\n"
    return edit


close = _state_command(
    "closed",
    "Close a pull request, or those of agent run --run.",
    "codegen pr close --run 1234",
)
reopen = _state_command(
    "open",
    "Reopen a pull request, or those of agent run --run.",
    "codegen pr reopen 88 --repo-id 5",
)
draft = _state_command(
    "draft",
    "Make a pull request a draft, or those of run --run.",
    "codegen pr draft --run 1234",
)
ready = _state_command(
    "ready_for_review",
    "Mark a pull request ready for review (or run --run's).",
    "codegen pr ready --run 1234",
)


def remove_codegen(
    invocation: Invocation, run: RequiredRunOption, json: JsonOption = False
) -> None:
    """Take Codegen off the pull request of agent run --run.

    Stops the run's agents on that pull request.

    Examples:
        codegen pr remove-codegen --run 1234
    """
    body = invocation.client.remove_codegen_from_pr(invocation.org_id, run)
    _show_action(body, json, done=f"Codegen was removed from the pull request of agent run {run}")


def ban_checks(invocation: Invocation, run: RequiredRunOption, json: JsonOption = False) -> None:
    """Ignore CI checks on the pull request of run --run.

    Codegen stops acting on check-suite events of that pull request, and its agents there stop.
    Undo with `codegen pr unban-checks --run RUN_ID`.

    Examples:
        codegen pr ban-checks --run 1234
    """
    body = invocation.client.ban_all_checks(invocation.org_id, run)
    _show_action(body, json, done=f"checks of the pull request of agent run {run} are banned")


def unban_checks(invocation: Invocation, run: RequiredRunOption, json: JsonOption = False) -> None:
    """Act on CI checks of run --run's pull request again.

    Examples:
        codegen pr unban-checks --run 1234
    """
    body = invocation.client.unban_all_checks(invocation.org_id, run)
    _show_action(body, json, done=f"checks of the pull request of agent run {run} are unbanned")


def _edit(
    invocation: Invocation,
    state: str,
    pr_id: int | None,
    *,
    run: int | None,
    repo_id: int | None,
    json: bool,
) -> None:
    """Move each named pull request to ``state``; one row per pull request; exit 1 if the API
    reported that any of them could not be changed."""
    if (pr_id is None) == (run is None):
        raise usage_error(
            "name one pull request: give PR_ID or --run RUN_ID",
            hint="`codegen show RUN_ID --json` lists a run's pull requests",
        )
    out = Output(json=json)
    client = invocation.client
    org_id = invocation.org_id
    pr_ids = [pr_id] if pr_id is not None else []
    if run is not None:
        pr_ids = [pr.id for pr in client.get_agent_run(org_id, run).pull_requests]
        if not pr_ids:
            raise CliError(
                f"agent run {run} opened no pull request",
                hint=f"`codegen show {run}` shows what it did",
            )
    results = [(each, client.edit_pull_request(org_id, each, state, repo_id=repo_id))
               for each in pr_ids]  # fmt: skip
    if out.json:
        out.emit_json([result.to_dict() for _, result in results])
    else:
        out.table(PR_COLUMNS, [_row(each, result) for each, result in results])
    failed = [(each, result) for each, result in results if not result.success]
    for each, result in failed:
        out.say(f"error: pull request {each} was not changed: {result.error or 'no reason given'}")
    if failed:
        raise typer.Exit(ExitCode.ERROR)


def _row(pr_id: int, result: EditPRResult) -> list[Cell | str]:
    state = Cell(result.state or "", style="green" if result.success else "red")
    return [str(pr_id), state, result.url or "", result.title or ""]


def _show_action(body: object, json: bool, *, done: str) -> None:
    out = Output(json=json)
    show_body(out, body)
    out.note(f"✓ {done}")


COMMANDS = {
    "close": "pr:close",
    "reopen": "pr:reopen",
    "draft": "pr:draft",
    "ready": "pr:ready",
    "remove-codegen": "pr:remove_codegen",
    "ban-checks": "pr:ban_checks",
    "unban-checks": "pr:unban_checks",
}
"""Command name → ``module:function`` in ``codegen_cli._commands``, in the order help lists them."""


class Group(CommandGroup):
    """Close, reopen, draft or ready pull requests; ban checks.

    Name a pull request by its id, or by the agent run that opened it: --run RUN_ID changes all
    of that run's pull requests. Banning checks and taking Codegen off a pull request go through
    the run in the API itself, so those take --run only.

    Examples:
        codegen pr close --run 1234
        codegen pr ready 88 --repo-id 5
        codegen pr ban-checks --run 1234
    """

    registry = COMMANDS


group = Group("pr")
