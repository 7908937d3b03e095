"""Text from the server is printed inert: no escape sequence reaches the terminal, and rich markup
in the data is printed as written, in every rendering."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from codegen_cli._output import escape_json
from codegen_cli._sanitize import inert, one_line

HOSTILE = (
    "\x1b[2J\x1b[31mred\x1b[0m [red]markup[/red] [link=https://evil]x[/link] :smile: "
    "\x1b]0;pwned title\x07\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\ \x9b6n \x07bell\rover"
    "\u202eevil\x1bP+q\x1b\\ end"
)
INJECTED = ("\x1b[2J", "\x1b[31mred", "\x1b]", "\x9b", "\x07", "\r", "\u202e", "\x1bP")
RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x1b]0;title\x07b", "ab"),
        ("a\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("x\x9b31my", "xy"),
        ("x\x9d0;title\x9cy", "xy"),
        ("keep\ttabs\nand lines\r\nok", "keep\ttabs\nand lines\nok"),
        ("back\x08space\x00nul\x7fdel", "backspacenuldel"),
        ("right\u202eto left\u2066isolate\u2069", "rightto leftisolate"),
        ("unterminated \x1b]0;osc to the end", "unterminated "),
        ("trailing escape\x1b", "trailing escape"),
        ("[red]markup[/red] stays", "[red]markup[/red] stays"),
        ("é 中文 😀", "é 中文 😀"),
    ],
)
def test_inert(raw: str, clean: str) -> None:
    assert inert(raw) == clean


def test_one_line() -> None:
    assert one_line("  a\tb\n\nc\x1b[1m  ") == "a b c"


def test_escape_json_leaves_nothing_raw_and_loses_nothing() -> None:
    data = {"text": HOSTILE}
    text = escape_json(json.dumps(data, ensure_ascii=False))
    assert not any(ch in text for ch in "\x1b\x9b\x07\r\u202e")
    assert json.loads(text) == data


def hostile_run(bodies: Any) -> dict[str, Any]:
    return bodies.run(
        status="COMPLETE", summary=HOSTILE, result=HOSTILE, web_url="https://codegen.com/x/42",
        github_pull_requests=[{"id": 1, "created_at": "2024-01-15T10:30:00Z", "title": HOSTILE,
                               "url": "https://github.com/a/b/pull/1", "head_branch_name": "b"}],
    )  # fmt: skip


def assert_inert(output: str) -> None:
    """None of the injected sequences, no escape at all but the colours rich adds itself, and the
    markup printed as written."""
    for injected in INJECTED:
        assert injected not in output, repr(injected)
    assert "\x1b" not in RICH_STYLE.sub("", output)
    assert "[red]markup[/red]" in output and ":smile:" in output


@pytest.mark.parametrize(
    ("command", "tty"),
    [("show", False), ("show", True), ("list", False), ("list", True), ("wait", True)],
)
def test_runs_are_printed_inert(cli: Any, api: Any, bodies: Any, command: str, tty: bool) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=hostile_run(bodies))
    api.get(f"{bodies.runs}/runs").respond(200, json=bodies.page([hostile_run(bodies)]))
    result = cli(command, *([] if command == "list" else ["42"]), tty=tty, COLUMNS="400")
    assert result.exit_code == 0
    assert_inert(result.stdout)


@pytest.mark.parametrize("tty", [False, True])
def test_logs_are_printed_inert(cli: Any, api: Any, bodies: Any, tty: bool) -> None:
    entry = bodies.log(
        0, tool_name=HOSTILE, thought=HOSTILE, observation=HOSTILE,
        tool_input={"cmd": HOSTILE}, tool_output={"out": HOSTILE},
    )  # fmt: skip
    api.get(f"{bodies.logs}/42/logs").respond(200, json=bodies.logs_page([entry]))
    result = cli("logs", "42", tty=tty, COLUMNS="400")
    assert result.exit_code == 0
    assert_inert(result.stdout)


@pytest.mark.parametrize("args", [["show", "42", "--json"], ["logs", "42", "--json"]])
def test_json_escapes_what_a_terminal_would_act_on(
    cli: Any, api: Any, bodies: Any, args: list[str]
) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=hostile_run(bodies))
    api.get(f"{bodies.logs}/42/logs").respond(
        200, json=bodies.logs_page([bodies.log(0, thought=HOSTILE)])
    )
    result = cli(*args)
    assert result.exit_code == 0
    assert not any(ch in result.stdout for ch in "\x1b\x9b\x07\r\u202e")
    decoded = json.loads(result.stdout.splitlines()[0] if args[0] == "logs" else result.stdout)
    assert HOSTILE in (decoded.get("summary"), decoded.get("thought"))  # nothing lost


def test_error_messages_from_the_server_are_inert(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/42").respond(404, json={"message": HOSTILE})
    result = cli("show", "42")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "[red]markup[/red]" in result.stderr
