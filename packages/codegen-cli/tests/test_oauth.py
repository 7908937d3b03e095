"""`codegen oauth providers`, `status` and `revoke` (which asks first, and needs --yes without a
terminal)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from codegen_cli._output import Output

ANSI = re.compile(r"\x1b\[[0-9;]*m")
MCP = "https://api.test/v1/mcp-providers"
STATUS = "https://api.test/v1/oauth/tokens/status"
REVOKE = "https://api.test/v1/oauth/tokens/revoke"
PROVIDERS = [
    {"id": 1, "name": "linear", "issuer": "https://linear.app",
     "authorization_endpoint": "https://linear.app/oauth/authorize",
     "token_endpoint": "https://api.linear.app/oauth/token", "default_scopes": ["read", "write"],
     "is_mcp": True, "meta": None},
    {"id": 2, "name": "notion", "issuer": "https://api.notion.com",
     "authorization_endpoint": "https://api.notion.com/v1/oauth/authorize",
     "token_endpoint": "https://api.notion.com/v1/oauth/token", "default_scopes": None,
     "is_mcp": False},
]  # fmt: skip


def test_providers(cli: Any, api: Any) -> None:
    api.get(MCP).respond(200, json=PROVIDERS)
    assert cli("oauth", "providers").stdout.splitlines() == [
        "1\tlinear\tyes\tread,write\thttps://linear.app",
        "2\tnotion\tno\t\thttps://api.notion.com",
    ]
    tty = ANSI.sub("", cli("oauth", "providers", tty=True).stdout)
    assert tty.splitlines()[0].split() == ["ID", "NAME", "MCP", "SCOPES", "ISSUER"]
    assert json.loads(cli("oauth", "providers", "--json").stdout) == PROVIDERS


def test_status_lists_the_connected_providers(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(STATUS, params={"org_id": str(bodies.org)}).respond(
        200, json=["linear", "sentry"]
    )
    assert cli("oauth", "status").stdout == "linear\nsentry\n"
    assert route.called
    assert ANSI.sub("", cli("oauth", "status", tty=True).stdout).split() == [
        "PROVIDER", "linear", "sentry",
    ]  # fmt: skip
    assert json.loads(cli("oauth", "status", "--json").stdout) == ["linear", "sentry"]


def test_status_of_any_shape_the_api_sends(cli: Any, api: Any) -> None:
    body = [{"provider": "linear", "active": True, "scopes": ["read"]}]
    api.get(STATUS).respond(200, json=body)
    assert cli("oauth", "status").stdout == 'linear\ttrue\t["read"]\n'
    api.get(STATUS).respond(200, json=[])
    empty = cli("oauth", "status")
    assert empty.stdout == "" and "No OAuth providers connected." in empty.stderr


def test_status_without_an_organization(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CODEGEN_ORG_ID")
    result = cli("oauth", "status")
    assert result.exit_code == 2 and "no organization id" in result.stderr


def test_revoke_with_yes(cli: Any, api: Any, bodies: Any) -> None:
    answer = {"success": True, "provider": "linear", "revoked_tokens": 1}
    route = api.post(REVOKE, params={"provider": "linear", "org_id": str(bodies.org)}).respond(
        200, json=answer
    )
    result = cli("oauth", "revoke", "linear", "--yes")
    assert result.exit_code == 0 and route.called
    assert result.stdout == "success:\ttrue\nprovider:\tlinear\nrevoked_tokens:\t1\n"
    assert "revoked your linear tokens in organization 7" in result.stderr


def test_revoke_in_a_pipe_needs_yes(cli: Any, api: Any) -> None:
    result = cli("oauth", "revoke", "linear")
    assert result.exit_code == 2
    assert "pass --yes" in result.stderr
    assert not api.calls


@pytest.mark.parametrize(("answer", "revoked"), [("y\n", True), ("\n", False), ("no\n", False)])
def test_revoke_asks_on_a_terminal(
    cli: Any, api: Any, monkeypatch: pytest.MonkeyPatch, answer: str, revoked: bool
) -> None:
    route = api.post(REVOKE).respond(200, json={"success": True})
    monkeypatch.setattr(Output, "can_prompt", property(lambda self: True))
    result = cli("oauth", "revoke", "linear", input=answer)
    assert "Revoke every linear token you hold in organization 7? [y/N]" in result.stderr
    assert route.called is revoked
    assert result.exit_code == (0 if revoked else 1)
    if not revoked:
        assert "not revoked" in result.stderr
