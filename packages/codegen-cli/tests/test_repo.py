"""`codegen repo checks`, `repo edit` (item-by-item changes over the API's whole-field ones) and
`repo setup-commands`."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")

SETTINGS = {
    "check_retry_count": 3,
    "ignored_checks": ["lint"],
    "check_retry_counts": {"build": 2},
    "custom_prompts": {"tests": "Fix flaky tests first"},
    "high_priority_apps": ["ci-bot"],
    "available_check_suite_names": ["lint", "tests", "build"],
}


def settings_url(bodies: Any) -> str:
    return f"{bodies.org_url}/repos/check-suite-settings"


def test_checks_shows_the_settings(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(settings_url(bodies), params={"repo_id": "5"}).respond(200, json=SETTINGS)
    result = cli("repo", "checks", "5")
    assert result.exit_code == 0 and route.called
    assert result.stdout.splitlines() == [
        "retries:\t3",
        "ignored_check:\tlint",
        "retries_for:\tbuild\t2",
        "prompt_for:\ttests\tFix flaky tests first",
        "priority_app:\tci-bot",
        "check_suite:\tlint",
        "check_suite:\ttests",
        "check_suite:\tbuild",
    ]
    assert json.loads(cli("repo", "checks", "5", "--json").stdout) == SETTINGS
    tty = ANSI.sub("", cli("repo", "checks", "5", tty=True).stdout)
    assert "Ignored check  lint" in tty


def test_checks_of_an_unknown_repository(cli: Any, api: Any, bodies: Any) -> None:
    api.get(settings_url(bodies)).respond(404, json={"message": "Repository not found."})
    result = cli("repo", "checks", "99")
    assert result.exit_code == 1
    assert "Repository not found." in result.stderr


def test_edit_changes_items_and_keeps_the_rest(cli: Any, api: Any, bodies: Any) -> None:
    after = {**SETTINGS, "check_retry_count": 1}
    api.get(settings_url(bodies)).mock(
        side_effect=[
            httpx.Response(200, json=SETTINGS),
            httpx.Response(200, json=after),
        ]
    )
    put = api.put(settings_url(bodies), params={"repo_id": "5"}).respond(200, json={})
    result = cli(
        "repo", "edit", "5", "--retries", "1", "--ignore", "tests", "--unignore", "lint",
        "--retries-for", "tests=4", "--retries-for", "build=", "--prompt-for", "lint=Be strict",
        "--priority-app", "other", "--no-priority-app", "ci-bot",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(put.calls.last.request.content) == {
        "check_retry_count": 1,
        "ignored_checks": ["tests"],
        "check_retry_counts": {"tests": 4},
        "custom_prompts": {"tests": "Fix flaky tests first", "lint": "Be strict"},
        "high_priority_apps": ["other"],
    }
    assert result.stdout.startswith("retries:\t1\n")
    assert "updated the check settings of repository 5" in result.stderr


def test_edit_of_a_number_alone_reads_nothing_first(cli: Any, api: Any, bodies: Any) -> None:
    get = api.get(settings_url(bodies)).respond(200, json=SETTINGS)
    put = api.put(settings_url(bodies)).respond(200, json={})
    assert cli("repo", "edit", "5", "--retries", "0").exit_code == 0
    assert json.loads(put.calls.last.request.content) == {"check_retry_count": 0}
    assert get.call_count == 1  # only the settings shown after the change


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "nothing to change"),
        (["--retries", "11"], "invalid --retries: expected a whole number from 0 to 10"),
        (["--retries-for", "tests"], "--retries-for: expected CHECK=VALUE"),
        (["--retries-for", "tests=many"], "'many' is not a count from 0 to 10"),
    ],
)
def test_edit_usage_errors_send_nothing(cli: Any, api: Any, args: list[str], message: str) -> None:
    result = cli("repo", "edit", "5", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not api.calls


def test_setup_commands_starts_a_run(cli: Any, api: Any, bodies: Any) -> None:
    started = {"agent_run_id": 43, "status": "PENDING", "url": "https://codegen.com/x/43"}
    route = api.post(f"{bodies.org_url}/setup-commands/generate").respond(200, json=started)
    result = cli("repo", "setup-commands", "5", "--prompt", "uses uv")
    assert result.exit_code == 0
    assert json.loads(route.calls.last.request.content) == {
        "repo_id": 5,
        "prompt": "uses uv",
        "trigger_source": "setup-commands",
    }
    assert result.stdout == "43\tPENDING\thttps://codegen.com/x/43\n"
    assert "codegen logs 43 -f" in result.stderr
    assert json.loads(cli("repo", "setup-commands", "5", "--json").stdout) == started


def test_setup_commands_wait_exits_with_the_runs_outcome(cli: Any, api: Any, bodies: Any) -> None:
    started = {"agent_run_id": 42, "status": "PENDING", "url": "https://codegen.com/x/42"}
    api.post(f"{bodies.org_url}/setup-commands/generate").respond(200, json=started)
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="FAILED"))
    result = cli("repo", "setup-commands", "5", "--wait", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "FAILED"  # the final run, not the start


def test_setup_commands_for_an_unknown_repository(cli: Any, api: Any, bodies: Any) -> None:
    api.post(f"{bodies.org_url}/setup-commands/generate").respond(
        404, json={"message": "Repository not found."}
    )
    result = cli("repo", "setup-commands", "99")
    assert result.exit_code == 1 and "Repository not found." in result.stderr
