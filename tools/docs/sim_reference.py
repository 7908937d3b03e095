"""The options of the `codegen-sim` command, written from its own argument parser at every build."""

from __future__ import annotations

import argparse

from codegen_sim._cli import _parser

from .cli_reference import code, text


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise LookupError("codegen-sim has no subcommands")


def _term(action: argparse.Action) -> str:
    metavar = action.metavar if action.nargs != 0 else None
    return ", ".join(action.option_strings) + (f" {metavar}" if metavar else "")


def options_table() -> str:
    """Every option of ``serve`` and ``exec`` with its help (defaults included), and which of
    the two take it."""
    commands = _subcommands()
    rows: dict[str, tuple[str, list[str]]] = {}
    for name, parser in commands.items():
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            term = _term(action)
            rows.setdefault(term, (action.help or "", []))[1].append(name)
    lines = ["| option | what it does | of |", "|---|---|---|"]
    for term, (help_, names) in rows.items():
        of = "both" if len(names) == len(commands) else ", ".join(f"`{n}`" for n in names)
        lines.append(f"| {code(term)} | {text(help_)} | {of} |")
    return "\n".join(lines) + "\n"
