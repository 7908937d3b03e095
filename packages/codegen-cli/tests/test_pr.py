"""`codegen pr`: the state verbs (by PR id, or all PRs of a run; both routes), and the run-keyed
controls (ban and unban checks, take Codegen off the PR)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def pr_result(pr_id: int, state: str, **fields: Any) -> dict[str, Any]:
    return {"success": True, "url": f"https://github.com/acme/app/pull/{pr_id}",
            "number": pr_id, "title": f"PR {pr_id}", "state": state, **fields}  # fmt: skip


def pr(pr_id: int) -> dict[str, Any]:
    return {"id": pr_id, "created_at": "2024-01-15T10:30:00Z", "title": f"PR {pr_id}",
            "url": f"https://github.com/acme/app/pull/{pr_id}", "head_branch_name": "b"}  # fmt: skip


@pytest.mark.parametrize(
    ("verb", "state"),
    [("close", "closed"), ("reopen", "open"), ("draft", "draft"), ("ready", "ready_for_review")],
)
def test_a_state_verb_sends_its_state(
    cli: Any, api: Any, bodies: Any, verb: str, state: str
) -> None:
    route = api.patch(f"{bodies.org_url}/prs/88").respond(200, json=pr_result(88, state))
    result = cli("pr", verb, "88")
    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls.last.request.content) == {"state": state}
    assert result.stdout == f"88\t{state}\thttps://github.com/acme/app/pull/88\tPR 88\n"


def test_repo_id_uses_the_repository_route(cli: Any, api: Any, bodies: Any) -> None:
    route = api.patch(f"{bodies.org_url}/repos/5/prs/88").respond(200, json=pr_result(88, "closed"))
    result = cli("pr", "close", "88", "--repo-id", "5", "--json")
    assert result.exit_code == 0 and route.called
    assert json.loads(result.stdout) == [pr_result(88, "closed")]


def test_run_changes_every_pull_request_of_the_run(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/42").respond(
        200, json=bodies.run(status="COMPLETE", github_pull_requests=[pr(3), pr(4)])
    )
    three = api.patch(f"{bodies.org_url}/prs/3").respond(200, json=pr_result(3, "closed"))
    four = api.patch(f"{bodies.org_url}/prs/4").respond(200, json=pr_result(4, "closed"))
    result = cli("pr", "close", "--run", "42", tty=True, COLUMNS="120")
    assert result.exit_code == 0
    assert three.called and four.called
    lines = ANSI.sub("", result.stdout).splitlines()
    assert lines[0].split() == ["ID", "STATE", "URL", "TITLE"]
    assert "https://github.com/acme/app/pull/4" in lines[2]


def test_a_run_without_a_pull_request(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="COMPLETE"))
    result = cli("pr", "close", "--run", "42")
    assert result.exit_code == 1
    assert "agent run 42 opened no pull request" in result.stderr


@pytest.mark.parametrize("args", [[], ["88", "--run", "42"]])
def test_name_exactly_one_pull_request(cli: Any, args: list[str]) -> None:
    result = cli("pr", "ready", *args)
    assert result.exit_code == 2
    assert "give PR_ID or --run RUN_ID" in result.stderr


def test_a_change_the_api_refused_exits_1(cli: Any, api: Any, bodies: Any) -> None:
    refused = pr_result(88, None, success=False, error="PR is already merged")
    api.patch(f"{bodies.org_url}/prs/88").respond(200, json=refused)
    result = cli("pr", "reopen", "88")
    assert result.exit_code == 1
    assert "pull request 88 was not changed: PR is already merged" in result.stderr


def test_an_unknown_pull_request(cli: Any, api: Any, bodies: Any) -> None:
    api.patch(f"{bodies.org_url}/prs/9").respond(404, json={"message": "Pull request not found."})
    result = cli("pr", "close", "9")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: not found: Pull request not found. (HTTP 404)")


@pytest.mark.parametrize(
    ("verb", "path"),
    [("ban-checks", "ban"), ("unban-checks", "unban"), ("remove-codegen", "remove-from-pr")],
)
def test_run_keyed_controls(cli: Any, api: Any, bodies: Any, verb: str, path: str) -> None:
    answer = {"success": True, "agent_run_id": 42, "message": "done"}
    route = api.post(f"{bodies.runs}/run/{path}").respond(200, json=answer)
    result = cli("pr", verb, "--run", "42")
    assert result.exit_code == 0
    assert json.loads(route.calls.last.request.content) == {"agent_run_id": 42}
    assert result.stdout == "success:\ttrue\nagent_run_id:\t42\nmessage:\tdone\n"
    assert result.stderr.startswith("✓ ")
    assert json.loads(cli("pr", verb, "--run", "42", "--json").stdout) == answer


def test_run_keyed_controls_need_the_run(cli: Any) -> None:
    result = cli("pr", "ban-checks", "42")
    assert result.exit_code == 2
    assert "--run" in result.stderr


def test_banning_an_unknown_run(cli: Any, api: Any, bodies: Any) -> None:
    api.post(f"{bodies.runs}/run/ban").respond(404, json={"message": "Agent run not found."})
    result = cli("pr", "ban-checks", "--run", "5")
    assert result.exit_code == 1
    assert "Agent run not found." in result.stderr and result.stdout == ""
