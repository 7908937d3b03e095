"""Every operation: method, path, query and JSON body sent, and the response parsed — on both
clients, checked against the official spec."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from codegen_models import (
    AgentRun,
    AgentRunWithLogs,
    AnalyzeLogsResult,
    CheckSuiteSettings,
    CLIRules,
    EditPRResult,
    OAuthProvider,
    Organization,
    OrganizationIntegrations,
    Page,
    Repository,
    SetupCommandsResult,
    SlackConnectToken,
    User,
)
from codegen_models import api as ops

SPEC = json.loads(
    (Path(__file__).resolve().parents[3] / "spec" / "codegen-openapi.json").read_text()
)
ORG = 7

RUN = {"id": 42, "organization_id": ORG, "status": "PENDING", "web_url": "https://codegen.com/x/42"}
USER = {"id": 3, "github_user_id": "99", "github_username": "octo", "email": "o@example.com"}
REPO = {
    "id": 5, "name": "r", "full_name": "o/r", "description": None, "github_id": "1",
    "organization_id": ORG, "visibility": "private", "archived": False, "setup_status": "ok",
    "language": "Python",
}  # fmt: skip
ORG_JSON = {"id": ORG, "name": "Acme", "settings": {"enable_pr_creation": True}}


def page(item: dict[str, Any]) -> dict[str, Any]:
    return {"items": [item], "total": 1, "page": 1, "size": 100, "pages": 1}


# (method name, args, kwargs, HTTP method, path under /v1, query, JSON body, response, parsed type)
CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], str, str, dict[str, str], Any, Any, Any]] = [
    ("get_current_user", (), {}, "GET", "/users/me", {}, None, USER, User),
    ("list_users", (ORG,), {"skip": 10, "limit": 5}, "GET", f"/organizations/{ORG}/users",
     {"skip": "10", "limit": "5"}, None, page(USER), Page[User]),
    ("get_user", (ORG, 3), {}, "GET", f"/organizations/{ORG}/users/3", {}, None, USER, User),
    ("list_organizations", (), {}, "GET", "/organizations", {"skip": "0", "limit": "100"}, None,
     page(ORG_JSON), Page[Organization]),
    ("create_agent_run", ("Fix the bug",), {"repo_id": 5, "model": "claude", "agent_type": "claude_code",
     "metadata": {"ticket": "T-1"}, "idempotency_key": "req-1"}, "POST", f"/organizations/{ORG}/agent/run",
     {}, {"prompt": "Fix the bug", "repo_id": 5, "model": "claude", "agent_type": "claude_code",
          "metadata": {"ticket": "T-1", "codegen_client_request_id": "req-1"}}, RUN, AgentRun),
    ("get_agent_run", (ORG, 42), {}, "GET", f"/organizations/{ORG}/agent/run/42", {}, None, RUN, AgentRun),
    ("list_agent_runs", (ORG,), {"user_id": 3, "source_type": "API", "limit": 20}, "GET",
     f"/organizations/{ORG}/agent/runs", {"user_id": "3", "source_type": "API", "skip": "0", "limit": "20"},
     None, page(RUN), Page[AgentRun]),
    ("resume_agent_run", (ORG, 42, "Also add tests"), {}, "POST", f"/organizations/{ORG}/agent/run/resume",
     {}, {"agent_run_id": 42, "prompt": "Also add tests"}, RUN, AgentRun),
    ("ban_all_checks", (ORG, 42), {"before_card_order_id": "a"}, "POST",
     f"/organizations/{ORG}/agent/run/ban", {}, {"agent_run_id": 42, "before_card_order_id": "a"},
     {"success": True}, dict),
    ("unban_all_checks", (ORG, 42), {}, "POST", f"/organizations/{ORG}/agent/run/unban", {},
     {"agent_run_id": 42}, {"success": True}, dict),
    ("remove_codegen_from_pr", (ORG, 42), {"after_card_order_id": "z"}, "POST",
     f"/organizations/{ORG}/agent/run/remove-from-pr", {}, {"agent_run_id": 42, "after_card_order_id": "z"},
     {"success": True}, dict),
    ("list_repositories", (ORG,), {"skip": 100}, "GET", f"/organizations/{ORG}/repos",
     {"skip": "100", "limit": "100"}, None, page(REPO), Page[Repository]),
    ("get_check_suite_settings", (ORG, 5), {}, "GET", f"/organizations/{ORG}/repos/check-suite-settings",
     {"repo_id": "5"}, None, {"check_retry_count": 2, "ignored_checks": [], "check_retry_counts": {},
     "custom_prompts": {}, "high_priority_apps": [], "available_check_suite_names": ["ci"]},
     CheckSuiteSettings),
    ("update_check_suite_settings", (ORG, 5, {"check_retry_count": 3, "ignored_checks": ["lint"]}), {},
     "PUT", f"/organizations/{ORG}/repos/check-suite-settings", {"repo_id": "5"},
     {"check_retry_count": 3, "ignored_checks": ["lint"]}, {"ok": True}, dict),
    ("edit_pull_request", (ORG, 9, "draft"), {}, "PATCH", f"/organizations/{ORG}/prs/9", {},
     {"state": "draft"}, {"success": True, "state": "draft"}, EditPRResult),
    ("edit_pull_request", (ORG, 9, "closed"), {"repo_id": 5}, "PATCH",
     f"/organizations/{ORG}/repos/5/prs/9", {}, {"state": "closed"}, {"success": True}, EditPRResult),
    ("get_integrations", (ORG,), {}, "GET", f"/organizations/{ORG}/integrations", {}, None,
     {"organization_id": ORG, "organization_name": "Acme", "integrations":
      [{"integration_type": "github", "active": True}], "total_active_integrations": 1},
     OrganizationIntegrations),
    ("generate_setup_commands", (ORG, 5), {"prompt": "use uv"}, "POST",
     f"/organizations/{ORG}/setup-commands/generate", {},
     {"repo_id": 5, "prompt": "use uv", "trigger_source": "setup-commands"},
     {"agent_run_id": 43, "status": "PENDING", "url": "u"}, SetupCommandsResult),
    ("get_mcp_providers", (), {}, "GET", "/mcp-providers", {}, None,
     [{"id": 1, "name": "linear", "issuer": "i", "authorization_endpoint": "a", "token_endpoint": "t",
       "default_scopes": None, "is_mcp": True}], list),
    ("get_oauth_token_status", (ORG,), {}, "GET", "/oauth/tokens/status", {"org_id": str(ORG)}, None,
     ["linear"], list),
    ("revoke_oauth_token", (ORG, "linear"), {}, "POST", "/oauth/tokens/revoke",
     {"provider": "linear", "org_id": str(ORG)}, None, {"revoked": True}, dict),
    ("analyze_sandbox_logs", (ORG, 8), {}, "POST", f"/organizations/{ORG}/sandbox/8/analyze-logs", {},
     None, {"agent_run_id": 44, "status": "PENDING", "message": "analysing"}, AnalyzeLogsResult),
    ("get_cli_rules", (ORG,), {}, "GET", f"/organizations/{ORG}/cli/rules", {}, None,
     {"organization_rules": "be nice", "user_custom_prompt": None}, CLIRules),
    ("generate_slack_connect_token", (ORG,), {}, "POST", "/slack-connect/generate-token", {},
     {"org_id": ORG}, {"token": "abc", "message": "DM the bot", "expires_in_minutes": 10},
     SlackConnectToken),
    ("get_agent_run_logs", (ORG, 42), {"skip": 5, "limit": 10, "reverse": True}, "GET",
     f"/alpha/organizations/{ORG}/agent/run/42/logs", {"skip": "5", "limit": "10", "reverse": "true"},
     None, {**RUN, "logs": [{"agent_run_id": 42, "message_type": "ACTION"}], "total_logs": 1},
     AgentRunWithLogs),
]  # fmt: skip


def test_every_operation_is_exercised_below() -> None:
    exercised = {(method, path) for _, _, _, method, path, *_ in CASES}
    for op in ops.OPERATIONS:
        pattern = re.sub(r"\{[a-z_]+\}", r"\\d+", op.path)
        assert any(m == op.method and re.fullmatch(pattern, p) for m, p in exercised), op.name


@pytest.mark.parametrize(
    ("name", "args", "kwargs", "method", "path", "query", "body", "response", "parsed"),
    CASES,
    ids=[f"{case[0]}-{case[3]}-{case[4]}" for case in CASES],
)
def test_operation(
    api: Any,
    router: respx.MockRouter,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    method: str,
    path: str,
    query: dict[str, str],
    body: Any,
    response: Any,
    parsed: Any,
) -> None:
    route = router.route(method=method, path=path).mock(
        return_value=httpx.Response(200, json=response)
    )
    result = api.call(name, *args, **kwargs)
    assert route.call_count == 1
    request = route.calls.last.request
    assert dict(request.url.params) == query
    assert (json.loads(request.content) if request.content else None) == body
    assert request.headers["authorization"].startswith("Bearer ")
    assert request.headers["accept"] == "application/json"
    assert ("idempotency-key" in request.headers) == (method == "POST")
    origin = getattr(parsed, "__origin__", parsed)
    assert isinstance(result, origin)

    def dumped(value: Any) -> Any:
        if isinstance(value, list):
            return [dumped(item) for item in value]
        return value.to_dict() if hasattr(value, "to_dict") else value

    assert dumped(result) == response


def test_list_mcp_providers_parse_into_models(api: Any, router: respx.MockRouter) -> None:
    router.get("/mcp-providers").respond(json=[{
        "id": 1, "name": "linear", "issuer": "i", "authorization_endpoint": "a",
        "token_endpoint": "t", "default_scopes": ["read"], "is_mcp": True,
    }])  # fmt: skip
    (provider,) = api.call("get_mcp_providers")
    assert isinstance(provider, OAuthProvider)
    assert provider.default_scopes == ["read"]


def test_org_id_defaults_to_the_configured_one(api: Any, router: respx.MockRouter) -> None:
    route = router.get(f"/organizations/{ORG}/agent/run/42").respond(json=RUN)
    assert api.call("get_agent_run", agent_run_id=42).id == 42
    assert api.call("get_agent_run", None, 42).id == 42
    other = router.get("/organizations/99/agent/run/42").respond(
        json={**RUN, "organization_id": 99}
    )
    assert api.call("get_agent_run", 99, 42).organization_id == 99
    assert route.call_count == 2
    assert other.call_count == 1


def test_images_are_sent_as_data_uris(api: Any, router: respx.MockRouter, tmp_path: Path) -> None:
    png = tmp_path / "shot.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 16)
    route = router.post(f"/organizations/{ORG}/agent/run").respond(json=RUN)
    api.call(
        "create_agent_run",
        "look",
        images=[png, b"\xff\xd8\xff\xe0rest", "data:image/gif;base64,R0lGODlhAQ=="],
    )
    sent = json.loads(route.calls.last.request.content)["images"]
    assert sent[0].startswith("data:image/png;base64,iVBORw0KGgo")
    assert sent[1].startswith("data:image/jpeg;base64,")
    assert sent[2] == "data:image/gif;base64,R0lGODlhAQ=="
