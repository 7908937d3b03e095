"""Help: full one-line summaries, an example per command, our words (not typer's, click's or
pydantic's), global options once as their own group, and one meaning per short flag."""

from __future__ import annotations

import re
from typing import Any

import pytest
from typer._click import Context

from codegen_cli._app import COMMANDS, app
from codegen_cli._commands.reference import command_paths
from codegen_cli._group import CodegenGroup
from codegen_cli._help import Doc

LEAKS = ["{ID}", "<str>", "<int>", "list[", "[x>=", "unable to parse", "Show this message",
         "[default:", "[required]", "Input should be"]  # fmt: skip
"""Wording of typer, click and pydantic that must not show through."""


GROUPS = ["pr", "repo", "user", "oauth", "sandbox", "slack"]


def function(path: str) -> Any:
    """The function (or group) behind the command typed as ``path`` (``"pr close"``)."""
    group: Any = root()
    *groups, name = path.split()
    for word in groups:
        group = group.function(word)
    return group.function(name)


def root() -> CodegenGroup:
    import typer.main

    group = typer.main.get_command(app)
    assert isinstance(group, CodegenGroup)
    return group


@pytest.mark.parametrize("width", ["80", "120"])
def test_root_help_lists_every_command_with_its_full_one_line_summary(cli: Any, width: str) -> None:
    result = cli("--help", COLUMNS=width)
    assert result.exit_code == 0
    listing = result.stdout.split("Commands:\n")[1].split("\n\n")[0].splitlines()
    assert [line.split()[0] for line in listing] == list(COMMANDS)
    for line, name in zip(listing, COMMANDS, strict=True):
        summary = Doc.parse(root().function(name).__doc__).summary
        assert line == f"  {name.ljust(12)}  {summary}"
        assert summary.endswith(".") and not summary.endswith("...")


def test_global_options_are_a_group_of_the_root_help_and_one_line_in_each_command(
    cli: Any,
) -> None:
    top = cli("--help", COLUMNS="200").stdout
    group = top.split("Global options (before or after the command):\n")[1].split("\n\n")[0]
    assert [line.split()[0] for line in group.splitlines() if line.startswith("  -")] == [
        "--org-id", "--api-url", "--profile", "--debug", "--version", "-h,"
    ]  # fmt: skip
    for name in [*command_paths(), *GROUPS]:
        text = cli(*name.split(), "--help", COLUMNS="200").stdout
        options = text.split("Options:\n")[1].split("\n\n")[0] if name not in GROUPS else ""
        assert "--org-id" not in options and "--debug" not in options
        assert (
            "Global options: --org-id ID, --api-url URL, --profile NAME, --debug "
            "(see `codegen --help`)." in text
        )


@pytest.mark.parametrize("name", [*COMMANDS, *command_paths()])
def test_every_command_has_a_summary_usage_and_an_example(cli: Any, name: str) -> None:
    result = cli(*name.split(), "--help", COLUMNS="100")
    assert result.exit_code == 0
    text = result.stdout
    summary = Doc.parse(function(name).__doc__).summary
    assert text.startswith(summary + "\n\nUsage: codegen " + name)
    examples = text.split("Examples:\n")[1].splitlines()
    assert examples and all(line.startswith(f"  codegen {name}") or "| codegen" in line
                            or f"codegen {name}" in line for line in examples)  # fmt: skip


@pytest.mark.parametrize("name", ["", *COMMANDS, *command_paths()])
def test_no_framework_wording_shows_through(cli: Any, name: str) -> None:
    text = cli(*name.split(), "--help", COLUMNS="200").stdout
    for leak in LEAKS:
        assert leak not in text, (name, leak)


def test_usage_lines_name_arguments_as_people_type_them(cli: Any) -> None:
    assert "Usage: codegen show ID [options]\n" in cli("show", "--help").stdout
    assert "Usage: codegen wait ID... [options]\n" in cli("wait", "--help").stdout
    assert "Usage: codegen run [PROMPT] [options]\n" in cli("run", "--help").stdout
    assert "Usage: codegen continue ID [PROMPT] [options]\n" in cli("continue", "--help").stdout


def test_a_short_flag_means_one_thing_in_every_command() -> None:
    group = root()
    meaning: dict[str, set[str]] = {}
    ctx = Context(group, info_name="codegen")
    for name in command_paths():
        if name == "api":  # `gh api`'s flags: -f/-F fields, -i --include (README, Output)
            continue
        command: Any = group
        for word in name.split():
            command = command.get_command(ctx, word)
        assert command is not None
        for param in command.get_params(ctx):
            shorts = [opt for opt in param.opts if re.fullmatch(r"-\w", opt)]
            longs = [opt for opt in param.opts if opt.startswith("--")]
            for short in shorts:
                meaning.setdefault(short, set()).update(longs)
    assert {short: longs for short, longs in meaning.items() if len(longs) > 1} == {}
    assert meaning["-f"] == {"--follow"}
    assert meaning["-F"] == {"--file"}
