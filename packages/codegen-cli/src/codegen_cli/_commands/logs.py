"""Reading a run's log: what the agent thought, which tools it called, what they returned."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Annotated

import typer

from codegen_cli._errors import usage_error
from codegen_cli._invocation import Invocation
from codegen_cli._log_view import show_entry
from codegen_cli._options import (
    FollowOption,
    JsonOption,
    LimitOption,
    LogTypeOption,
    RunIdArgument,
)
from codegen_cli._output import Output
from codegen_cli._waiting import conclude, follow_run, question

if TYPE_CHECKING:
    from codegen import AgentRunLog


def logs(
    invocation: Invocation,
    run_id: RunIdArgument,
    follow: FollowOption = False,
    message_type: LogTypeOption = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    limit: LimitOption = None,
    json: JsonOption = False,
) -> None:
    """Show a run's log; with --follow, as the agent writes it.

    --json prints JSON Lines, one entry per line. --follow ends when the run does, and exits as
    `codegen wait` does.

    Examples:
        codegen logs 1234 --follow
        codegen logs 1234 --type ERROR --type FINAL_ANSWER
        codegen logs 1234 --reverse --limit 5
    """
    if follow and (reverse or limit is not None):
        raise usage_error(
            "--follow prints every entry as it comes, so it takes no --reverse or --limit",
            hint="drop --reverse and --limit, or --follow",
        )
    wanted = set(message_type or ())

    def keep(entry: AgentRunLog) -> bool:
        return not wanted or entry.message_type_value in wanted

    out = Output(json=json)
    if follow:
        final = follow_run(invocation, out, run_id, keep=keep)
        asked = question(invocation, run_id) if final.needs_input else None
        code = conclude(out, final, asked)
        if code:
            raise typer.Exit(code)
        return
    entries = invocation.client.iter_agent_run_logs(invocation.org_id, run_id, reverse=reverse)
    shown = 0
    for entry in islice(filter(keep, entries), limit):
        show_entry(out, entry)
        shown += 1
    if not shown:
        out.note(f"agent run {run_id} has no log entries{' of those types' if wanted else ''}.")
