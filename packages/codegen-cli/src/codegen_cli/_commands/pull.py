"""Bringing a run's work home: its pull request branch, checked out in this repository."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_cli._errors import CliError
from codegen_cli._git import Git, github_repository
from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption, RunIdArgument
from codegen_cli._output import Output

REMOTE = "origin"


def pull(
    invocation: Invocation,
    run_id: RunIdArgument,
    force: Annotated[
        bool,
        typer.Option("--force", help="Check out even with uncommitted changes (git keeps them)."),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Check out a run's pull request branch in this git repository.

    Uses the run's first pull request. Refuses when tracked files have uncommitted changes
    (unless --force), or when origin is a different GitHub repository than the pull request's.
    An existing local branch is fast-forwarded, never reset.

    Examples:
        codegen pull 1234
    """
    out = Output(json=json)
    git = Git()
    found = invocation.client.get_agent_run(invocation.org_id, run_id)
    pr = next((pr for pr in found.pull_requests if pr.head_branch_name), None)
    if pr is None or pr.head_branch_name is None:
        raise CliError(
            f"agent run {run_id} has no pull request{'' if found.is_terminal else ' yet'}",
            hint=None if found.is_terminal else f"wait for it with `codegen wait {run_id}`",
        )
    branch = pr.head_branch_name
    git.check_branch_name(branch)
    wanted, here = github_repository(pr.url), github_repository(git.remote_url(REMOTE))
    if wanted and here and wanted != here:
        raise CliError(
            f"the pull request is in {wanted}, but this repository's {REMOTE} is {here}",
            hint=f"run it in a clone of {wanted}",
        )
    if not force and git.is_dirty():
        raise CliError(
            "the working tree has uncommitted changes",
            hint="commit or stash them, or pass --force",
        )
    git.fetch_branch(REMOTE, branch)
    git.switch_to(REMOTE, branch)
    if out.json:
        out.emit_json({"agent_run_id": run_id, "branch": branch, "pull_request": pr.to_dict()})
    else:
        out.fields(branch)
    out.note(f"✓ on branch {branch}: {pr.title or ''} {pr.url or ''}".rstrip())
