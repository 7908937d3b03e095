"""``codegen sandbox``: sandboxes, the environments agents set repositories up in."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_cli._commands._started import report_started
from codegen_cli._commands._subcommands import CommandGroup
from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption, TimeoutOption, WaitOption
from codegen_cli._values import whole_number


def analyze(
    invocation: Invocation,
    sandbox_id: Annotated[
        int,
        typer.Argument(
            metavar="SANDBOX_ID", parser=whole_number, show_default=False, help="Sandbox id."
        ),
    ],
    wait: WaitOption = False,
    timeout: TimeoutOption = None,
    json: JsonOption = False,
) -> None:
    """Start an agent that analyzes a sandbox's setup logs.

    Prints the agent run's id, status and what the API said; the findings are the run's result:
    with --wait, waits for it and prints it like `codegen show`.

    Examples:
        codegen sandbox analyze 301 --wait
    """
    result = invocation.client.analyze_sandbox_logs(invocation.org_id, sandbox_id)
    report_started(invocation, result, "message", json=json, wait=wait, timeout=timeout)


COMMANDS = {
    "analyze": "sandbox:analyze",
}
"""Command name → ``module:function`` in ``codegen_cli._commands``, in the order help lists them."""


class Group(CommandGroup):
    """Analyze a sandbox's setup logs.

    Sandboxes are where agents set repositories up.

    Examples:
        codegen sandbox analyze 301 --wait
    """

    registry = COMMANDS


group = Group("sandbox")
