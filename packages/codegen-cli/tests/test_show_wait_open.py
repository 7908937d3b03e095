"""`codegen show`, `codegen wait` and `codegen open`."""

from __future__ import annotations

import json
import re
import webbrowser
from typing import Any

import httpx
import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PR = {
    "id": 9,
    "created_at": "2024-01-15T10:40:00Z",
    "title": "Add type hints",
    "url": "https://github.com/acme/app/pull/9",
    "head_branch_name": "codegen/type-hints",
}


def finished(bodies: Any, **fields: Any) -> dict[str, Any]:
    return bodies.run(
        status="COMPLETE",
        summary="Added type hints — tests pass",
        result="Done.\n\n## Changes\n- utils.py",
        github_pull_requests=[PR],
        **fields,
    )


def test_show_piped_is_labelled_fields_then_the_result(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=finished(bodies))
    result = cli("show", "42")
    assert result.exit_code == 0
    assert result.stdout == (
        "id:\t42\n"
        "status:\tCOMPLETE\n"
        "created:\t2024-01-15T10:30:00Z\n"
        "source:\tAPI\n"
        "url:\thttps://codegen.com/x/42\n"
        "summary:\tAdded type hints — tests pass\n"
        "pull_request:\thttps://github.com/acme/app/pull/9\tcodegen/type-hints\tAdd type hints\n"
        "--\n"
        "Done.\n\n## Changes\n- utils.py\n"
    )


def test_show_on_a_terminal(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=finished(bodies))
    result = cli("show", "42", tty=True, COLUMNS="120")
    assert result.exit_code == 0
    plain = ANSI.sub("", result.stdout)
    assert re.search(r"Status +COMPLETE", plain)
    assert re.search(r"Created +\d+ (year|month)s? ago", plain)
    pr = "https://github.com/acme/app/pull/9  codegen/type-hints  Add type hints"
    assert re.search(rf"Pull request +{pr}", plain)
    assert "Result\nDone." in plain
    assert "\x1b[32mCOMPLETE" in result.stdout


def test_show_json_is_the_full_model(cli: Any, api: Any, bodies: Any) -> None:
    body = finished(bodies, metadata={"ticket": "ENG-1"}, new_field=None)
    api.get(f"{bodies.runs}/run/42").respond(200, json=body)
    result = cli("show", "42", "--json")
    assert json.loads(result.stdout) == body


@pytest.mark.parametrize("tty", [False, True])
def test_an_unknown_status_is_shown_as_sent(cli: Any, api: Any, bodies: Any, tty: bool) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="HIBERNATING"))
    result = cli("show", "42", tty=tty)
    assert result.exit_code == 0
    assert "HIBERNATING" in result.stdout
    assert not re.search(r"\x1b\[3\dmHIBERNATING", result.stdout)  # no colour for the unknown


def test_show_rejects_a_non_numeric_id(cli: Any) -> None:
    result = cli("show", "abc")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: invalid ID: expected a whole number of 1 or more; see `codegen show --help`\n"
    )


def status_sequence(bodies: Any, run_id: int, *statuses: str) -> list[httpx.Response]:
    return [httpx.Response(200, json=bodies.run(run_id, status)) for status in statuses]


def test_wait_for_several_runs(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/1").mock(
        side_effect=status_sequence(bodies, 1, "ACTIVE", "COMPLETE")
    )
    api.get(f"{bodies.runs}/run/2").mock(side_effect=status_sequence(bodies, 2, "PAUSED"))
    api.get(f"{bodies.logs}/2/logs").respond(
        200, json=bodies.logs_page([bodies.log(4, "PLAN_EVALUATION", thought="Which branch?")])
    )
    result = cli("wait", "1", "2")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [  # the columns of `codegen list`
        "1\tCOMPLETE\t2024-01-15T10:30:00Z\t\thttps://codegen.com/x/1",
        "2\tPAUSED\t2024-01-15T10:30:00Z\t\thttps://codegen.com/x/2",
    ]
    assert 'agent run 2 is paused and asks: "Which branch?"' in result.stderr
    assert 'answer with: codegen continue 2 "…"' in result.stderr


def test_wait_exits_1_if_any_run_failed(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/1").respond(200, json=bodies.run(1, "FAILED"))
    api.get(f"{bodies.runs}/run/2").respond(200, json=bodies.run(2, "COMPLETE"))
    result = cli("wait", "1", "2", "--json")
    assert result.exit_code == 1
    assert [run["status"] for run in json.loads(result.stdout)] == ["FAILED", "COMPLETE"]


def test_wait_timeout_exits_8_with_the_last_status(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/1").respond(200, json=bodies.run(1, "ACTIVE"))
    result = cli("wait", "1", "--timeout", "30s")
    assert result.exit_code == 8
    assert result.stdout == "1\tACTIVE\t2024-01-15T10:30:00Z\t\thttps://codegen.com/x/1\n"
    assert "agent run 1 is still running (ACTIVE); wait with `codegen wait 1`" in result.stderr


def test_wait_on_a_terminal_lines_up_like_list(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/1").respond(200, json=bodies.run(1, "COMPLETE", summary="Done"))
    api.get(f"{bodies.runs}/run/1234").respond(200, json=bodies.run(1234, "ERROR"))
    result = cli("wait", "1", "1234", tty=True, COLUMNS="80")
    assert result.exit_code == 1
    lines = ANSI.sub("", result.stdout).splitlines()
    assert re.match(r"ID +STATUS +CREATED +SUMMARY", lines[0])
    columns = [[match.start() for match in re.finditer(r"(?<!\S)\S", line)] for line in lines]
    assert columns[1][:3] == columns[2][:3] == columns[0][:3]  # aligned under the headers
    assert "\x1b[32mCOMPLETE" in result.stdout and "\x1b[31mERROR" in result.stdout


def test_wait_rejects_a_bad_timeout(cli: Any) -> None:
    result = cli("wait", "1", "--timeout", "soon")
    assert result.exit_code == 2
    assert "invalid --timeout: expected a duration like 90, 90s, 10m" in result.stderr


def test_open_prints_the_url_when_piped(
    cli: Any, api: Any, bodies: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run())
    result = cli("open", "42")
    assert result.exit_code == 0
    assert result.stdout == "https://codegen.com/x/42\n"
    assert opened == []


def test_open_opens_the_browser_on_a_terminal(
    cli: Any, api: Any, bodies: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run())
    result = cli("open", "42", tty=True)
    assert result.exit_code == 0
    assert opened == ["https://codegen.com/x/42"]
    assert result.stdout == ""
    assert "Opening https://codegen.com/x/42" in result.stderr


def test_open_prints_the_url_when_no_browser_opens(
    cli: Any, api: Any, bodies: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url: False)
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run())
    result = cli("open", "42", tty=True)
    assert result.exit_code == 0
    assert "https://codegen.com/x/42" in result.stdout


def test_open_json_prints_the_run(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run())
    result = cli("open", "42", "--json")
    assert json.loads(result.stdout)["web_url"] == "https://codegen.com/x/42"
