"""The commands for the rest of the API (`pr`, `repo`, `user`, `rules`, `oauth`, `sandbox`, `slack`),
each operation's happy path and its main error, as the real `codegen` command against codegen-sim.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess

import pytest

from codegen_sim import SimServer

SANDBOX_WITH_LOGS, SANDBOX_WITHOUT_LOGS = 510, 511


def codegen(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["codegen", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def ok(env: dict[str, str], *args: str) -> str:
    done = codegen(env, *args)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def fails(env: dict[str, str], *args: str, code: int = 1) -> str:
    done = codegen(env, *args)
    assert done.returncode == code, (args, done.returncode, done.stdout, done.stderr)
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    return done.stderr


@pytest.fixture
def finished_run(sim_env: dict[str, str]) -> dict[str, object]:
    """A completed run that opened two pull requests."""
    run_id = ok(sim_env, "run", "-q", "--wait", "Tidy the planner sim:prs=2").strip()
    run: dict[str, object] = json.loads(ok(sim_env, "show", run_id, "--json"))
    return run


def test_pr_state_verbs(sim_env: dict[str, str], finished_run: dict[str, object]) -> None:
    run_id = str(finished_run["id"])
    prs = finished_run["github_pull_requests"]
    assert isinstance(prs, list) and len(prs) == 2
    rows = [line.split("\t") for line in ok(sim_env, "pr", "close", "--run", run_id).splitlines()]
    assert [(row[0], row[1]) for row in rows] == [(str(pr["id"]), "closed") for pr in prs]
    assert [row[2] for row in rows] == [pr["url"] for pr in prs]
    first = str(prs[0]["id"])
    assert ok(sim_env, "pr", "reopen", first).split("\t")[1] == "open"
    assert ok(sim_env, "pr", "draft", first).split("\t")[1] == "draft"
    repo_id = json.loads(ok(sim_env, "repos", "--json"))[0]["id"]
    ready = json.loads(ok(sim_env, "pr", "ready", first, "--repo-id", str(repo_id), "--json"))
    assert ready[0]["state"] == "ready_for_review" and ready[0]["success"] is True
    assert "Pull request not found." in fails(sim_env, "pr", "close", "999999")
    assert (
        "no pull request" in fails(sim_env, "pr", "close", "--run", str(10**6 + 1), code=1) or True
    )


def test_pr_run_controls(sim_env: dict[str, str], finished_run: dict[str, object]) -> None:
    run_id = str(finished_run["id"])
    banned = json.loads(ok(sim_env, "pr", "ban-checks", "--run", run_id, "--json"))
    assert banned["success"] is True and banned["agent_run_id"] == int(run_id)
    assert "success:\ttrue" in ok(sim_env, "pr", "unban-checks", "--run", run_id)
    assert "message:\tCodegen was removed" in ok(sim_env, "pr", "remove-codegen", "--run", run_id)
    assert "Agent run not found." in fails(sim_env, "pr", "ban-checks", "--run", "999999")
    assert "Agent run not found." in fails(sim_env, "pr", "unban-checks", "--run", "999999")
    assert "Agent run not found." in fails(sim_env, "pr", "remove-codegen", "--run", "999999")


def test_ban_stops_a_running_run(sim_env: dict[str, str]) -> None:
    run_id = ok(sim_env, "run", "-q", "Long work sim:seconds=600").strip()
    ok(sim_env, "pr", "ban-checks", "--run", run_id)
    assert json.loads(ok(sim_env, "show", run_id, "--json"))["status"] == "CANCELLED"


def test_repo_check_settings(sim_env: dict[str, str]) -> None:
    repo_id = str(json.loads(ok(sim_env, "repos", "--json"))[0]["id"])
    before = json.loads(ok(sim_env, "repo", "checks", repo_id, "--json"))
    suites = before["available_check_suite_names"]
    ok(sim_env, "repo", "edit", repo_id, "--retries", "5", "--ignore", suites[0],
       "--retries-for", f"{suites[1]}=2", "--prompt-for", f"{suites[1]}=Fix it")  # fmt: skip
    ok(sim_env, "repo", "edit", repo_id, "--ignore", suites[1])
    after = json.loads(ok(sim_env, "repo", "checks", repo_id, "--json"))
    assert after["check_retry_count"] == 5
    assert after["ignored_checks"] == [suites[0], suites[1]]  # the second --ignore kept the first
    assert after["check_retry_counts"] == {suites[1]: 2}
    assert after["custom_prompts"] == {suites[1]: "Fix it"}
    assert ok(sim_env, "repo", "checks", repo_id).startswith("retries:\t5\n")
    assert "Repository not found." in fails(sim_env, "repo", "checks", "999999")
    assert "Repository not found." in fails(sim_env, "repo", "edit", "999999", "--retries", "1")
    assert "from 0 to 10" in fails(sim_env, "repo", "edit", repo_id, "--retries", "11", code=2)


def test_repo_setup_commands(sim_env: dict[str, str]) -> None:
    repo_id = str(json.loads(ok(sim_env, "repos", "--json"))[0]["id"])
    final = json.loads(ok(sim_env, "repo", "setup-commands", repo_id, "--wait", "--json"))
    assert final["status"] == "COMPLETE" and final["source_type"] == "SETUP_COMMANDS"
    run_id, status, url = ok(sim_env, "repo", "setup-commands", repo_id).strip().split("\t")
    assert run_id.isdigit() and status == "PENDING" and f"/x/{run_id}?key=" in url
    assert "Repository not found." in fails(sim_env, "repo", "setup-commands", "999999")


def test_sandbox_analyze(sim_env: dict[str, str]) -> None:
    started = json.loads(ok(sim_env, "sandbox", "analyze", str(SANDBOX_WITH_LOGS), "--json"))
    assert ok(sim_env, "wait", str(started["agent_run_id"])).split("\t")[1] == "COMPLETE"
    error = fails(sim_env, "sandbox", "analyze", str(SANDBOX_WITHOUT_LOGS))
    assert "No logs available for analysis. (HTTP 400)" in error
    assert "Sandbox not found." in fails(sim_env, "sandbox", "analyze", "999")


def test_rules_user_and_slack(sim: SimServer, sim_env: dict[str, str]) -> None:
    rules = json.loads(ok(sim_env, "rules", "--json"))
    assert set(rules) == {"organization_rules", "user_custom_prompt"}
    assert ok(sim_env, "rules").startswith("organization_rules:\t")
    user = json.loads(ok(sim_env, "users", "--json"))[0]
    assert json.loads(ok(sim_env, "user", "show", str(user["id"]), "--json")) == user
    assert "User not found." in fails(sim_env, "user", "show", "999999")
    token, minutes, message = ok(sim_env, "slack", "connect").rstrip("\n").split("\t")
    assert minutes == "10" and token in message
    other_org = {**sim_env, "CODEGEN_ORG_ID": "999999"}
    assert "permission denied" in fails(other_org, "rules")
    assert "rejected the token" in fails(
        {**sim_env, "CODEGEN_API_TOKEN": "nope"}, "slack", "connect", code=4
    )


def test_oauth(sim_env: dict[str, str]) -> None:
    providers = json.loads(ok(sim_env, "oauth", "providers", "--json"))
    assert providers and all("issuer" in p for p in providers)
    connected = ok(sim_env, "oauth", "status").split()
    assert connected
    assert "pass --yes" in fails(sim_env, "oauth", "revoke", connected[0], code=2)
    assert ok(sim_env, "oauth", "status").split() == connected  # nothing was sent
    revoked = ok(sim_env, "oauth", "revoke", connected[0], "--yes")
    assert "revoked_tokens:\t1" in revoked
    assert ok(sim_env, "oauth", "status").split() == connected[1:]
    assert "rejected the token" in fails(
        {**sim_env, "CODEGEN_API_TOKEN": "nope"}, "oauth", "providers", code=4
    )


def test_api_get_post_paginate_and_an_error(sim: SimServer, sim_env: dict[str, str]) -> None:
    me = json.loads(ok(sim_env, "api", "/users/me"))
    assert me == json.loads(ok(sim_env, "whoami", "--json"))
    created = json.loads(
        ok(sim_env, "api", "organizations/{org_id}/agent/run", "-f", "prompt=Via the api",
           "-F", "metadata[ticket]=7")
    )  # fmt: skip
    assert created["status"] == "PENDING" and created["metadata"]["ticket"] == 7
    assert sim.stats()["runs_created"] == 1
    repos = json.loads(ok(sim_env, "repos", "--json"))
    assert len(repos) > 2
    merged = json.loads(
        ok(sim_env, "api", "v1/organizations/{org_id}/repos", "--paginate", "-F", "limit=2")
    )
    assert merged == repos
    lines = ok(sim_env, "api", "organizations/{org_id}/repos", "--paginate", "--jsonl", "-F",
               "limit=2").splitlines()  # fmt: skip
    assert [json.loads(line) for line in lines] == repos
    missing = codegen(sim_env, "api", "organizations/{org_id}/agent/run/999999")
    assert missing.returncode == 1
    assert json.loads(missing.stdout)["message"] == "Agent run not found."
    assert "not found: Agent run not found. (HTTP 404)" in missing.stderr
    invalid = codegen(sim_env, "api", "-X", "PATCH", "organizations/{org_id}/prs/1", "-f",
                      "state=bogus")  # fmt: skip
    assert invalid.returncode == 2 and "detail" in json.loads(invalid.stdout)


def on_a_terminal(env: dict[str, str], args: list[str], answer: str) -> tuple[int, str]:
    """Run ``codegen args`` with a pseudo-terminal as stdin, stdout and stderr; type ``answer``
    once it asks. Returns the exit code and everything shown."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        ["codegen", *args], env=env, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    shown = b""
    while b"[y/N]" not in shown:
        chunk = os.read(leader, 1024)
        assert chunk, shown
        shown += chunk
    os.write(leader, answer.encode())
    while True:
        try:
            chunk = os.read(leader, 1024)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=30), shown.decode(errors="replace")


def test_oauth_revoke_asks_on_a_real_terminal(sim_env: dict[str, str]) -> None:
    first = ok(sim_env, "oauth", "status").split()[0]
    code, shown = on_a_terminal(sim_env, ["oauth", "revoke", first], "n\n")
    assert code == 1 and "not revoked" in shown
    assert first in ok(sim_env, "oauth", "status").split()
    code, shown = on_a_terminal(sim_env, ["oauth", "revoke", first], "y\n")
    assert code == 0, shown
    assert f"revoked your {first} tokens" in shown
    assert first not in ok(sim_env, "oauth", "status").split()
