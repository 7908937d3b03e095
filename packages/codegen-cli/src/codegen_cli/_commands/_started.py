"""Reporting an agent run that an operation started for a purpose (setup commands, sandbox log
analysis), and waiting for it on request, as ``codegen run`` does."""

from __future__ import annotations

from typing import Any

import typer

from codegen_cli._output import Column, Output
from codegen_cli._run_view import show_run
from codegen_cli._session import Session
from codegen_cli._waiting import conclude, wait_for_run


def report_started(
    session: Session,
    result: Any,
    detail: str,
    *,
    json: bool,
    wait: bool,
    timeout: float | None,
) -> None:
    """Print ``result`` (the operation's answer: ``agent_run_id``, ``status`` and the field
    ``detail``) as one row; with ``wait``, wait for the run, print it like ``show`` and exit with
    its outcome."""
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
            f"follow it with `codegen logs {run_id} --follow`, "
            f"or wait for it with `codegen wait {run_id}`"
        )
        return
    final = wait_for_run(session, out, run_id, timeout)
    show_run(out, final)
    code = conclude(out, final)
    if code:
        raise typer.Exit(code)
