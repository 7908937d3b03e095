"""`codegen logs`: entries piped, on a terminal and as JSON Lines; filters, order, following."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def entries(bodies: Any) -> list[dict[str, Any]]:
    return [
        bodies.log(0, "USER_MESSAGE", thought=None, observation="Fix the bug"),
        bodies.log(
            1, "ACTION", tool_name="ripgrep_search", thought="Searching for plan()",
            observation="Found 3 matches", tool_input={"query": "plan"},
            tool_output={"matches": 3},
        ),
        bodies.log(2, "ERROR", thought=None, observation={"error": "CommandFailed"}),
        bodies.log(3, "FINAL_ANSWER", thought="Done", observation="All\ndone"),
    ]  # fmt: skip


def test_piped_logs_are_one_tab_separated_line_per_entry(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.logs}/42/logs").respond(200, json=bodies.logs_page(entries(bodies)))
    result = cli("logs", "42")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "2024-01-15T10:30:00Z\tUSER_MESSAGE\t\t\tFix the bug\t\t",
        '2024-01-15T10:30:01Z\tACTION\tripgrep_search\tSearching for plan()\tFound 3 matches\t{"query": "plan"}\t{"matches": 3}',
        '2024-01-15T10:30:02Z\tERROR\t\t\t{"error": "CommandFailed"}\t\t',
        "2024-01-15T10:30:03Z\tFINAL_ANSWER\t\tDone\tAll done\t\t",
    ]
    assert route.calls[0].request.url.params["reverse"] == "false"


def test_terminal_logs_are_readable_and_coloured(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.logs}/42/logs").respond(200, json=bodies.logs_page(entries(bodies)))
    result = cli("logs", "42", tty=True, COLUMNS="100")
    assert result.exit_code == 0
    plain = ANSI.sub("", result.stdout)
    assert re.search(r"\d\d:\d\d:\d\d ACTION +ripgrep_search  Searching for plan\(\)", plain)
    assert '→ {"query": "plan"}' in plain and '← {"matches": 3}' in plain
    assert "\x1b[36mACTION" in result.stdout and "\x1b[31mERROR" in result.stdout
    assert "\x1b[32mFINAL_ANSWER" in result.stdout
    assert "2024-01-15T" not in plain  # times of day, not ISO


def test_json_logs_are_json_lines_of_full_entries(cli: Any, api: Any, bodies: Any) -> None:
    items = entries(bodies)
    api.get(f"{bodies.logs}/42/logs").respond(200, json=bodies.logs_page(items))
    result = cli("logs", "42", "--json")
    assert [json.loads(line) for line in result.stdout.splitlines()] == items


def test_type_filter_reverse_and_limit(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.logs}/42/logs").respond(
        200, json=bodies.logs_page(list(reversed(entries(bodies))))
    )
    result = cli("logs", "42", "--type", "action", "-t", "ERROR", "-r", "--limit", "1")
    assert result.exit_code == 0
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["ERROR"]
    assert route.calls[0].request.url.params["reverse"] == "true"


def test_an_unknown_type_is_a_usage_error(cli: Any) -> None:
    result = cli("logs", "42", "--type", "CHATTER")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: invalid --type: expected a message type: ACTION,")
    assert "FINAL_ANSWER" in result.stderr and "CHATTER" not in result.stderr


def test_follow_cannot_be_combined_with_reverse_or_limit(cli: Any) -> None:
    for extra in (["--reverse"], ["--limit", "3"]):
        result = cli("logs", "42", "--follow", *extra)
        assert result.exit_code == 2
        assert "--follow" in result.stderr


def test_follow_streams_until_the_run_ends(cli: Any, api: Any, bodies: Any) -> None:
    items = entries(bodies)
    api.get(f"{bodies.logs}/42/logs").mock(
        side_effect=[
            httpx.Response(200, json=bodies.logs_page(items[:2], status="ACTIVE")),
            httpx.Response(200, json=bodies.logs_page([], total=2, status="ACTIVE")),
            httpx.Response(200, json=bodies.logs_page(items[2:], total=4, status="COMPLETE")),
            httpx.Response(200, json=bodies.logs_page([], total=4, status="COMPLETE")),
        ]
    )
    run_route = api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="COMPLETE"))
    result = cli("logs", "42", "--follow", "--json", "--type", "FINAL_ANSWER", "-t", "ACTION")
    assert result.exit_code == 0
    assert not run_route.called  # the last log page told how the run ended
    types = [json.loads(line)["message_type"] for line in result.stdout.splitlines()]
    assert types == ["ACTION", "FINAL_ANSWER"]
    assert "✓ agent run 42 completed" in result.stderr


def test_follow_exits_1_for_a_failed_run(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.logs}/42/logs").respond(200, json=bodies.logs_page([], status="ERROR"))
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="ERROR"))
    result = cli("logs", "42", "-f")
    assert result.exit_code == 1
    assert "ended ERROR" in result.stderr


@pytest.mark.parametrize("tty", [False, True])
def test_a_run_without_entries_says_so_on_stderr(
    cli: Any, api: Any, bodies: Any, tty: bool
) -> None:
    api.get(f"{bodies.logs}/42/logs").respond(200, json=bodies.logs_page([]))
    result = cli("logs", "42", tty=tty)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "agent run 42 has no log entries" in result.stderr
