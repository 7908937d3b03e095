"""``codegen sandbox``: sandboxes, the environments agents set repositories up in."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_cli._commands._group import group
from codegen_cli._commands._started import report_started
from codegen_cli._options import JsonOption, TimeoutOption, WaitOption
from codegen_cli._session import Session


def analyze(
    session: Session,
    sandbox_id: Annotated[
        int, typer.Argument(metavar="SANDBOX_ID", show_default=False, help="Sandbox id.")
    ],
    wait: WaitOption = False,
    timeout: TimeoutOption = None,
    json: JsonOption = False,
) -> None:
    """Start an agent that analyzes a sandbox's setup logs.

    Prints the agent run's id, status and what the API said; the findings are the run's result:
    with --wait, waits for it and prints it like `codegen show`.

    Example:

        codegen sandbox analyze 301 --wait
    """
    result = session.client.analyze_sandbox_logs(session.org_id, sandbox_id)
    report_started(session, result, "message", json=json, wait=wait, timeout=timeout)


app = group({"analyze": analyze})
