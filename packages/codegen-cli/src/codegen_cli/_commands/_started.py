"""Reporting an agent run that an operation started for a purpose (setup commands, sandbox log
analysis), and waiting for it on request, as ``codegen run`` does."""

from __future__ import annotations

from typing import Any

import typer

from codegen_cli._invocation import Invocation
from codegen_cli._output import Column, Output


def report_started(
    invocation: Invocation,
    result: Any,
    detail: str,
    *,
    json: bool,
    wait: bool,
    timeout: float | None,
) -> None:
    """Print ``result`` (the operation's answer: ``agent_run_id``, ``status`` and the field
    ``detail``) as one row; with ``wait``, wait for the run, print it like ``show`` and exit with
    its outcome. What waiting needs is imported after the request that started the run."""
    out = Output(json=json)
    run_id: int = result.agent_run_id
    if not (out.json and wait):
        if out.json:
            out.emit_json(result.to_dict())
        else:
            out.table(
                [Column("run"), Column("status"), Column(detail, flexible=True)],
                [[str(result.agent_run_id), result.status, getattr(result, detail)]],
            )
    if not wait:
        out.note(
            f"follow it with `codegen logs {run_id} -f`, or wait for it with `codegen wait {run_id}`"
        )
        return
    from codegen_cli._run_view import show_run
    from codegen_cli._waiting import conclude, question, wait_for_run

    final = wait_for_run(invocation, out, run_id, timeout)
    asked = question(invocation, run_id) if final.needs_input else None
    show_run(out, final, asked)
    code = conclude(out, final, asked)
    if code:
        raise typer.Exit(code)
