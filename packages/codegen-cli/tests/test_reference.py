"""Every operation of the API has a command, each command named for it exists, and the README's
table of them is generated from the one mapping (``_commands/reference.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from codegen_cli import app
from codegen_cli._commands.reference import OPERATION_COMMANDS, Reach, markdown_table
from codegen_models.api import OPERATIONS

README = Path(__file__).parents[1] / "README.md"
BEGIN = "<!-- operations: generated from _commands/reference.py -->\n"
END = "<!-- end of operations -->"


def test_every_operation_of_the_spec_has_a_command() -> None:
    missing = [op.name for op in OPERATIONS if op.name not in OPERATION_COMMANDS]
    assert missing == []
    unknown = set(OPERATION_COMMANDS) - {op.name for op in OPERATIONS}
    assert unknown == set()


def test_every_command_named_exists() -> None:
    root = typer.main.get_command(app)
    for name, reach in OPERATION_COMMANDS.items():
        for path in reach.commands:
            command: Any = root
            for word in path.split():
                assert hasattr(command, "get_command"), f"{name}: `{word}` of {path} is no group"
                command = command.get_command(None, word)  # groups load their commands lazily
                assert command is not None, f"{name}: no command `codegen {path}`"
            assert not hasattr(command, "get_command"), f"{name}: `codegen {path}` is a group"


def test_a_reach_reads_as_a_command_line() -> None:
    assert str(Reach(("rules",))) == "codegen rules"
    assert str(Reach(("pr close", "pr reopen"), "PR_ID")) == "codegen pr close|reopen PR_ID"
    assert str(Reach(("show", "wait"), "ID")) == "codegen show|wait ID"


def test_the_readme_table_is_the_generated_one() -> None:
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    shown = text.split(BEGIN, 1)[1].split(END, 1)[0]
    expected = markdown_table(OPERATIONS)
    assert shown == expected, f"replace the README's table with:\n{expected}"
    assert expected.count("\n") == len(OPERATIONS) + 2
