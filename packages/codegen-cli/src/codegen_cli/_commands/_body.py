"""Showing a body the spec leaves untyped (ban, unban, remove-from-PR, OAuth token status and
revoke, a check-suite update): whatever JSON the server sent, in the three modes of ``Output``.

- an object: its fields as labelled values (``key:<TAB>value`` lines when piped);
- a list of scalars: one per line, under a ``header`` on a terminal;
- a list of objects: a table of their keys;
- anything else: one line.

Nested values are shown as compact JSON, so nothing the server sent is dropped.
"""

from __future__ import annotations

import json
from typing import Any

from codegen_cli._output import Cell, Column, Output


def show_body(out: Output, body: Any, *, header: str = "value", empty: str = "Nothing.") -> None:
    """``body`` as JSON with ``--json``, else as readable rows (see the module docstring)."""
    if out.json:
        out.emit_json(body)
    elif isinstance(body, dict):
        if not body:
            out.note(empty)
            return
        out.details([[_label(key), _cell(value)] for key, value in body.items()])
    elif isinstance(body, list):
        if not body:
            out.note(empty)
        elif all(isinstance(item, dict) for item in body):
            keys = list(dict.fromkeys(key for item in body for key in item))
            columns = [
                Column(key, flexible=index == len(keys) - 1) for index, key in enumerate(keys)
            ]
            out.table(columns, [[_cell(item.get(key)) for key in keys] for item in body])
        else:
            out.table([Column(header, flexible=True)], [[_cell(item)] for item in body])
    else:
        out.fields(_text(body))


def _label(key: str) -> Cell:
    """A field name as a label: ``agent_run_id`` reads "agent run id" on a terminal, and stays
    ``agent_run_id`` in a pipe (``details`` writes labels in snake case there)."""
    return Cell(key.replace("_", " "))


def _cell(value: Any) -> Cell:
    if value is True:
        return Cell("true", style="green")
    if value is False:
        return Cell("false", style="red")
    return Cell(_text(value))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
