"""Shell completion: the scripts ``codegen completion SHELL`` prints, and what they complete.

The scripts are typer's: on TAB the shell runs ``codegen`` with ``_CODEGEN_COMPLETE`` set, and the
root group answers with the commands, the flags, or a parameter's values from the functions below
(statuses and log types from the models, recent run ids from the API). Only that path loads them:
``--version`` and ``--help`` import nothing of this.

Run ids come from one request for the newest runs of the organization in use, with a short timeout
and no retries, so a TAB never hangs; without a token, or offline, there are simply none.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from typer._click import Context  # typer reads the annotation when it builds the command

PROG_NAME = "codegen"
COMPLETE_VAR = "_CODEGEN_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
RECENT_RUNS = 30
TIMEOUT = 3.0
"""Seconds a TAB waits for the newest runs."""


def completing() -> bool:
    """The shell is asking for completions (rather than a person running a command)."""
    return bool(os.environ.get(COMPLETE_VAR))


def prepare() -> None:
    """Register typer's completion classes for bash, zsh and fish (done only when completing)."""
    from typer._completion_classes import completion_init

    completion_init()


def script(shell: str) -> str:
    """The script that makes ``shell`` complete ``codegen``."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell)


def _describe(text: str) -> str:
    # zsh and fish descriptions go through rich's markup parser: keep server text literal.
    from ._sanitize import one_line

    return one_line(text).replace("[", "\\[")[:60]


def _matching(values: list[str], incomplete: str) -> list[str]:
    """``values`` starting with ``incomplete`` (any case), in the case it was typed in."""
    lower = incomplete.islower()
    found = [v for v in values if v.lower().startswith(incomplete.lower())]
    return [v.lower() for v in found] if lower else found


def complete_statuses(incomplete: str) -> list[str]:
    from codegen import AgentRunStatus

    return _matching([member.value for member in AgentRunStatus], incomplete)


def complete_log_types(incomplete: str) -> list[str]:
    from codegen import LogMessageType

    return _matching([member.value for member in LogMessageType], incomplete)


def complete_run_ids(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
    """The newest runs of the organization in use, as ``(id, "STATUS summary")``."""
    from ._global_options import Options
    from ._invocation import Invocation
    from ._run_view import summary

    params: dict[str, Any] = ctx.params
    options = Options(
        org_id=params.get("org_id") if isinstance(params.get("org_id"), int) else None,
        api_url=params.get("api_url") or None,
        profile=params.get("profile") or None,
    )
    logger = logging.getLogger("codegen")
    logger.disabled = True  # nothing may reach the terminal while the shell completes
    invocation = Invocation(options)
    try:
        client = invocation.client.with_options(timeout=TIMEOUT, max_retries=0)
        runs = client.list_agent_runs(invocation.org_id, limit=RECENT_RUNS).items
    except Exception:
        return []
    finally:
        invocation.close()
        logger.disabled = False
    return [
        (str(run.id), _describe(f"{run.status or ''} {summary(run)}"))
        for run in runs
        if str(run.id).startswith(incomplete)
    ]
