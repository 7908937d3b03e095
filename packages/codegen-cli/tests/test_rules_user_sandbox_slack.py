"""`codegen rules`, `user show`, `sandbox analyze` and `slack connect`."""

from __future__ import annotations

import json
import re
from typing import Any

ANSI = re.compile(r"\x1b\[[0-9;]*m")
RULES = {"organization_rules": "- Test everything.\n- Type hints.", "user_custom_prompt": None}


def test_rules(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.org_url}/cli/rules").respond(200, json=RULES)
    assert cli("rules").stdout == (
        "organization_rules:\t- Test everything. - Type hints.\nuser_custom_prompt:\t\n"
    )
    assert json.loads(cli("rules", "--json").stdout) == RULES
    tty = ANSI.sub("", cli("rules", tty=True).stdout)
    assert tty == (
        "Organization rules\n- Test everything.\n- Type hints.\n\nYour custom prompt\n(none)\n"
    )


def test_rules_forbidden(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.org_url}/cli/rules").respond(403, json={"message": "Not a member."})
    result = cli("rules")
    assert result.exit_code == 1 and "permission denied: Not a member." in result.stderr


def test_user_show(cli: Any, api: Any, bodies: Any) -> None:
    user = {"id": 12, "github_user_id": "58", "github_username": "ada", "full_name": "Ada L",
            "email": None, "role": "ADMIN"}  # fmt: skip
    api.get(f"{bodies.org_url}/users/12").respond(200, json=user)
    assert cli("user", "show", "12").stdout.splitlines() == [
        "id:\t12", "user:\tada", "name:\tAda L", "email:\t", "role:\tADMIN", "github_id:\t58",
    ]  # fmt: skip
    assert json.loads(cli("user", "show", "12", "--json").stdout) == user


def test_user_show_unknown(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.org_url}/users/13").respond(404, json={"message": "User not found."})
    result = cli("user", "show", "13")
    assert result.exit_code == 1 and "User not found." in result.stderr


def test_sandbox_analyze(cli: Any, api: Any, bodies: Any) -> None:
    started = {"agent_run_id": 44, "status": "PENDING", "message": "An agent is on it."}
    api.post(f"{bodies.org_url}/sandbox/510/analyze-logs").respond(200, json=started)
    result = cli("sandbox", "analyze", "510")
    assert result.exit_code == 0
    assert result.stdout == "44\tPENDING\tAn agent is on it.\n"
    assert json.loads(cli("sandbox", "analyze", "510", "--json").stdout) == started


def test_sandbox_analyze_wait(cli: Any, api: Any, bodies: Any) -> None:
    started = {"agent_run_id": 42, "status": "PENDING", "message": "An agent is on it."}
    api.post(f"{bodies.org_url}/sandbox/510/analyze-logs").respond(200, json=started)
    api.get(f"{bodies.runs}/run/42").respond(
        200, json=bodies.run(status="COMPLETE", result="The setup lacks libpq.")
    )
    result = cli("sandbox", "analyze", "510", "--wait")
    assert result.exit_code == 0
    assert result.stdout.startswith("42\tPENDING\t")
    assert result.stdout.endswith("--\nThe setup lacks libpq.\n")


def test_sandbox_without_logs(cli: Any, api: Any, bodies: Any) -> None:
    api.post(f"{bodies.org_url}/sandbox/511/analyze-logs").respond(
        400, json={"message": "No logs available for analysis."}
    )
    result = cli("sandbox", "analyze", "511")
    assert result.exit_code == 1
    assert "No logs available for analysis. (HTTP 400)" in result.stderr


def test_slack_connect(cli: Any, api: Any, bodies: Any) -> None:
    token = {
        "token": "tk-1",
        "message": "Send 'Connect my account: tk-1'",
        "expires_in_minutes": 10,
    }
    route = api.post(f"{bodies.api_url}/slack-connect/generate-token").respond(200, json=token)
    assert cli("slack", "connect").stdout == "tk-1\t10\tSend 'Connect my account: tk-1'\n"
    assert json.loads(route.calls.last.request.content) == {"org_id": bodies.org}
    tty = ANSI.sub("", cli("slack", "connect", tty=True).stdout)
    assert tty == "Send 'Connect my account: tk-1'\nThe token expires in 10 minutes.\n"
    assert json.loads(cli("slack", "connect", "--json").stdout) == token


def test_slack_connect_rejected_token(cli: Any, api: Any, bodies: Any) -> None:
    api.post(f"{bodies.api_url}/slack-connect/generate-token").respond(
        401, json={"message": "Invalid token."}
    )
    result = cli("slack", "connect")
    assert result.exit_code == 4 and "rejected the token" in result.stderr
