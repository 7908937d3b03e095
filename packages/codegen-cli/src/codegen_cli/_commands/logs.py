"""Reading a run's log: what the agent thought, which tools it called, what they returned."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Annotated

import typer

from codegen_cli._errors import usage_error
from codegen_cli._log_view import show_entry
from codegen_cli._options import JsonOption, LimitOption, RunIdArgument, parse_choice
from codegen_cli._output import Output
from codegen_cli._session import Session
from codegen_cli._waiting import conclude, follow_run

if TYPE_CHECKING:
    from codegen import AgentRunLog


def logs(
    session: Session,
    run_id: RunIdArgument,
    follow: Annotated[
        bool, typer.Option("--follow", "-f", help="Keep printing entries as the agent writes them.")
    ] = False,
    message_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            metavar="TYPE",
            help="Only entries of this message type (ACTION, PLAN_EVALUATION, ERROR, ...). Repeatable.",
        ),
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    limit: LimitOption = None,
    json: JsonOption = False,
) -> None:
    """Show the log of agent run ID, oldest first; with --follow, as the agent writes it.

    With --json, one JSON object per line (JSON Lines).

        codegen logs 1234 --type ERROR --type FINAL_ANSWER

        codegen logs 1234 --reverse --limit 5
    """
    if follow and (reverse or limit is not None):
        raise usage_error("--follow shows every entry as it comes; drop --reverse and --limit")
    from codegen import LogMessageType

    wanted = {parse_choice(LogMessageType, value, "--type") for value in message_type or ()}

    def keep(entry: AgentRunLog) -> bool:
        return not wanted or entry.message_type_value in wanted

    out = Output(json=json)
    if follow:
        code = conclude(out, follow_run(session, out, run_id, keep=keep))
        if code:
            raise typer.Exit(code)
        return
    entries = session.client.iter_agent_run_logs(session.org_id, run_id, reverse=reverse)
    shown = 0
    for entry in islice(filter(keep, entries), limit):
        show_entry(out, entry)
        shown += 1
    if not shown:
        out.note(f"agent run {run_id} has no log entries{' of those types' if wanted else ''}.")
