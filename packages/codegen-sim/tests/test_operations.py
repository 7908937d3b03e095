"""Every operation of the spec through httpx against a served simulator: answers and error bodies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from codegen_models import (
    AgentRun,
    AgentRunWithLogs,
    CheckSuiteSettings,
    OAuthProvider,
    Organization,
    OrganizationIntegrations,
    Page,
    Repository,
    User,
)
from codegen_sim import SimServer

PERMISSION_DENIED = {"message": "You do not have access to this organization.", "status_code": 403}
RUN_NOT_FOUND = {"message": "Agent run not found.", "status_code": 404}


def finished_run(
    create_run: Callable[..., dict[str, Any]], sim: SimServer, prompt: str = "Fix it"
) -> dict[str, Any]:
    run = create_run(prompt)
    sim.advance(60)
    return run


# Auth


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "Missing API token: send 'Authorization: Bearer <token>'."),
        (
            {"Authorization": "sim-token"},
            "Missing API token: send 'Authorization: Bearer <token>'.",
        ),
        ({"Authorization": "Bearer not-a-token"}, "Invalid API token."),
    ],
)
def test_a_missing_or_unknown_token_is_401(
    sim: SimServer, headers: dict[str, str], detail: str
) -> None:
    response = httpx.get(f"{sim.api_url}/users/me", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": detail}
    assert response.headers["www-authenticate"] == "Bearer"


def test_extra_users_have_tokens_of_their_own(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    server = start_sim(extra_users=2)
    me = make_client(server, token="sim-token-3").get("/users/me").json()
    assert me["id"] == 102 and me["role"] == "MEMBER"
    assert make_client(server, token="sim-token-4").get("/users/me").status_code == 401


# Users and organizations


def test_current_user(client: httpx.Client) -> None:
    me = User.model_validate(client.get("/users/me").json())
    assert (me.id, me.github_username, me.role, me.is_admin) == (1, "ada-lovelace", "ADMIN", True)


def test_organizations_of_the_user(client: httpx.Client) -> None:
    page = Page[Organization].model_validate(client.get("/organizations").json())
    assert [org.id for org in page.items] == [1, 2]
    assert (page.total, page.page, page.size, page.pages) == (2, 1, 100, 1)
    second = client.get("/organizations", params={"skip": 1, "limit": 1}).json()
    assert [org["id"] for org in second["items"]] == [2]
    assert (second["page"], second["size"], second["pages"]) == (2, 1, 2)


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"skip": -1}, "skip"),
        ({"limit": "x"}, "limit"),
    ],
)
def test_paging_parameters_are_validated(
    client: httpx.Client, params: dict[str, Any], loc: str
) -> None:
    response = client.get("/organizations", params=params)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", loc]]


def test_users_of_an_organization(client: httpx.Client) -> None:
    page = Page[User].model_validate(client.get("/organizations/1/users").json())
    assert [(user.id, user.role) for user in page.items] == [
        (1, "ADMIN"),
        (2, "MEMBER"),
        (3, "MANAGER"),
    ]
    assert client.get("/organizations/2/users").json()["total"] == 1


def test_one_user_of_an_organization(client: httpx.Client) -> None:
    assert client.get("/organizations/1/users/3").json()["full_name"] == "Linus Park"
    missing = client.get("/organizations/1/users/4")
    assert (missing.status_code, missing.json()) == (
        404,
        {"message": "User not found.", "status_code": 404},
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/organizations/3/users"),
        ("GET", "/organizations/3/users/4"),
        ("GET", "/organizations/3/agent/runs"),
        ("GET", "/organizations/3/agent/run/1007"),
        ("GET", "/alpha/organizations/3/agent/run/1007/logs"),
        ("GET", "/organizations/3/repos"),
        ("GET", "/organizations/3/integrations"),
        ("GET", "/organizations/3/cli/rules"),
        ("GET", "/oauth/tokens/status?org_id=3"),
        ("POST", "/organizations/99/sandbox/510/analyze-logs"),
    ],
)
def test_an_organization_the_user_is_not_in_is_403(
    client: httpx.Client, method: str, path: str
) -> None:
    response = client.request(method, path)
    assert (response.status_code, response.json()) == (403, PERMISSION_DENIED)


# Agent runs


def test_create_an_agent_run(client: httpx.Client, sim: SimServer) -> None:
    response = client.post(
        "/organizations/1/agent/run",
        json={
            "prompt": "Add a README",
            "metadata": {"ticket": "ENG-1"},
            "model": "claude",
            "agent_type": "codegen",
        },
    )
    assert response.status_code == 200
    run = AgentRun.model_validate(response.json())
    assert (run.organization_id, run.status, run.source_type) == (1, "PENDING", "API")
    assert run.metadata == {"ticket": "ENG-1"}
    assert run.web_url is not None and run.web_url.startswith(f"{sim.base_url}/x/{run.id}?key=")
    assert (run.result, run.summary, run.github_pull_requests) == (None, None, [])
    assert sim.stats()["runs_created"] == 1


def test_create_validates_the_body(client: httpx.Client) -> None:
    missing = client.post("/organizations/1/agent/run", json={"images": []})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "prompt"]
    bad_type = client.post(
        "/organizations/1/agent/run", json={"prompt": "x", "agent_type": "robot"}
    )
    assert bad_type.json()["detail"][0]["loc"] == ["body", "agent_type"]


def test_create_in_an_organization_without_repositories_is_404(client: httpx.Client) -> None:
    response = client.post("/organizations/2/agent/run", json={"prompt": "x"})
    assert response.status_code == 404
    assert response.json() == {
        "message": "No repos found in the organization. Please add some repos and try again.",
        "status_code": 404,
    }


def test_create_with_a_repository_of_another_organization_is_404(client: httpx.Client) -> None:
    response = client.post("/organizations/1/agent/run", json={"prompt": "x", "repo_id": 30})
    assert response.json() == {"message": "Repository not found.", "status_code": 404}


def test_create_in_a_foreign_organization_is_403(client: httpx.Client) -> None:
    response = client.post("/organizations/3/agent/run", json={"prompt": "x"})
    assert (response.status_code, response.json()) == (403, PERMISSION_DENIED)


def test_create_beyond_the_run_allotment_is_402(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    client = make_client(start_sim(run_allotment=1))
    assert client.post("/organizations/1/agent/run", json={"prompt": "one"}).status_code == 200
    response = client.post("/organizations/1/agent/run", json={"prompt": "two"})
    assert response.status_code == 402
    assert response.json()["status_code"] == 402
    assert response.json()["message"].startswith("Alloted agent runs for the current billing plan")


def test_get_an_agent_run(client: httpx.Client, create_run: Any) -> None:
    run = create_run("Write docs")
    fetched = client.get(f"/organizations/1/agent/run/{run['id']}").json()
    assert fetched["id"] == run["id"] and fetched["created_at"] == run["created_at"]


def test_a_run_is_found_only_in_its_own_organization(client: httpx.Client) -> None:
    assert client.get("/organizations/1/agent/run/1007").json() == RUN_NOT_FOUND
    assert client.get("/organizations/1/agent/run/424242").status_code == 404
    assert client.get("/organizations/1/agent/run/abc").status_code == 422


def test_seeded_history_has_runs_of_various_statuses_and_sources(client: httpx.Client) -> None:
    runs = client.get("/organizations/1/agent/runs").json()["items"]
    statuses = {run["status"] for run in runs}
    assert {"COMPLETE", "FAILED", "ERROR", "CANCELLED", "PAUSED"} <= statuses
    assert {"API", "SLACK", "GITHUB", "LINEAR", "CHAT"} <= {run["source_type"] for run in runs}
    assert all(run["status"] == run["status"].upper() for run in runs)


def test_list_agent_runs_newest_first_with_filters(client: httpx.Client, create_run: Any) -> None:
    first, second = create_run("one"), create_run("two")
    page = Page[AgentRun].model_validate(client.get("/organizations/1/agent/runs").json())
    assert [run.id for run in page.items[:2]] == [second["id"], first["id"]]
    created = [run.created_at for run in page.items]
    assert created == sorted(created, reverse=True)
    mine = client.get("/organizations/1/agent/runs", params={"user_id": 2}).json()["items"]
    assert mine and {run["id"] for run in mine} == {1001, 1006}
    slack = client.get("/organizations/1/agent/runs", params={"source_type": "SLACK"}).json()
    assert [run["id"] for run in slack["items"]] == [1001]
    bad = client.get("/organizations/1/agent/runs", params={"source_type": "CARRIER_PIGEON"})
    assert bad.status_code == 422


def test_ban_stops_a_run_and_unban_lifts_the_flag(
    client: httpx.Client, create_run: Any, sim: SimServer
) -> None:
    run = create_run("Long task sim:seconds=100")
    sim.advance(10)
    banned = client.post("/organizations/1/agent/run/ban", json={"agent_run_id": run["id"]})
    assert banned.status_code == 200 and banned.json()["status"] == "CANCELLED"
    sim.advance(200)
    assert client.get(f"/organizations/1/agent/run/{run['id']}").json()["status"] == "CANCELLED"
    unbanned = client.post("/organizations/1/agent/run/unban", json={"agent_run_id": run["id"]})
    assert unbanned.status_code == 200 and unbanned.json()["success"] is True


def test_remove_from_pr_stops_a_paused_run(client: httpx.Client) -> None:
    response = client.post("/organizations/1/agent/run/remove-from-pr", json={"agent_run_id": 1005})
    assert response.json()["status"] == "CANCELLED"
    assert client.get("/organizations/1/agent/run/1005").json()["status"] == "CANCELLED"


@pytest.mark.parametrize("action", ["ban", "unban", "remove-from-pr"])
def test_stop_actions_need_a_known_run(client: httpx.Client, action: str) -> None:
    response = client.post(f"/organizations/1/agent/run/{action}", json={"agent_run_id": 999999})
    assert (response.status_code, response.json()) == (404, RUN_NOT_FOUND)


def test_logs_at_the_alpha_path_and_at_the_documented_alias(
    client: httpx.Client, create_run: Any, sim: SimServer
) -> None:
    run = create_run("Fix the bug")
    sim.advance(60)
    alpha = client.get(f"/alpha/organizations/1/agent/run/{run['id']}/logs")
    alias = client.get(f"/organizations/1/agent/run/{run['id']}/logs")
    assert alpha.status_code == alias.status_code == 200
    assert alpha.json() == alias.json()
    page = AgentRunWithLogs.model_validate(alpha.json())
    assert page.total_logs == len(page.logs) > 10 and page.status == "COMPLETE"


def test_without_alpha_logs_only_the_alias_answers(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    client = make_client(start_sim(alpha_logs=False))
    alpha = client.get("/alpha/organizations/1/agent/run/1000/logs")
    assert (alpha.status_code, alpha.json()) == (404, {"detail": "Not Found"})
    assert client.get("/organizations/1/agent/run/1000/logs").json()["id"] == 1000


# Repositories, check suites and pull requests


def test_repositories(client: httpx.Client) -> None:
    page = Page[Repository].model_validate(client.get("/organizations/1/repos").json())
    assert [repo.name for repo in page.items] == [
        "robot-arm",
        "fleet-dashboard",
        "firmware",
        "legacy-docs",
    ]
    archived = page.items[3].to_dict()
    assert (
        archived["archived"] is True and archived["description"] is None and "language" in archived
    )
    assert client.get("/organizations/2/repos").json()["items"] == []


def test_check_suite_settings_read_and_update(client: httpx.Client) -> None:
    path = "/organizations/1/repos/check-suite-settings"
    settings = CheckSuiteSettings.model_validate(client.get(path, params={"repo_id": 10}).json())
    assert settings.check_retry_count == 3 and "lint" in settings.available_check_suite_names
    updated = client.put(
        path, params={"repo_id": 10}, json={"check_retry_count": 5, "ignored_checks": ["build"]}
    )
    assert updated.status_code == 200 and updated.json()["check_retry_count"] == 5
    again = client.get(path, params={"repo_id": 10}).json()
    assert (again["check_retry_count"], again["ignored_checks"]) == (5, ["build"])
    assert (
        client.put(path, params={"repo_id": 10}, json={"check_retry_count": 11}).status_code == 422
    )
    assert client.get(path).status_code == 422
    assert client.get(path, params={"repo_id": 30}).json() == {
        "message": "Repository not found.",
        "status_code": 404,
    }


def test_edit_a_pull_request_of_a_run(
    client: httpx.Client, create_run: Any, sim: SimServer
) -> None:
    run = finished_run(create_run, sim)
    (pr,) = client.get(f"/organizations/1/agent/run/{run['id']}").json()["github_pull_requests"]
    simple = client.patch(f"/organizations/1/prs/{pr['id']}", json={"state": "draft"})
    assert simple.json() == {
        "success": True,
        "url": pr["url"],
        "number": pr["id"],
        "title": pr["title"],
        "state": "draft",
        "error": None,
    }
    scoped = client.patch(f"/organizations/1/repos/10/prs/{pr['id']}", json={"state": "closed"})
    assert scoped.json()["state"] == "closed"
    assert (
        client.patch(
            f"/organizations/1/repos/11/prs/{pr['id']}", json={"state": "open"}
        ).status_code
        == 404
    )
    assert client.patch("/organizations/1/prs/1", json={"state": "open"}).status_code == 404
    assert (
        client.patch(f"/organizations/1/prs/{pr['id']}", json={"state": "merged"}).status_code
        == 422
    )


# Integrations, setup commands, sandboxes, rules, OAuth, Slack


def test_integrations(client: httpx.Client) -> None:
    integrations = OrganizationIntegrations.model_validate(
        client.get("/organizations/1/integrations").json()
    )
    assert integrations.organization_name == "Acme Robotics"
    assert (
        integrations.total_active_integrations
        == sum(i.active for i in integrations.integrations)
        == 5
    )


def test_generate_setup_commands_starts_a_run(client: httpx.Client, sim: SimServer) -> None:
    response = client.post("/organizations/1/setup-commands/generate", json={"repo_id": 11})
    assert response.status_code == 200
    result = response.json()
    run = client.get(f"/organizations/1/agent/run/{result['agent_run_id']}").json()
    assert result["url"] == run["web_url"]
    assert run["source_type"] == "SETUP_COMMANDS"
    missing = client.post("/organizations/1/setup-commands/generate", json={"repo_id": 30})
    assert missing.status_code == 404


def test_analyze_sandbox_logs(client: httpx.Client) -> None:
    started = client.post("/organizations/1/sandbox/510/analyze-logs")
    assert started.status_code == 200 and started.json()["status"] == "PENDING"
    assert (
        client.get(f"/organizations/1/agent/run/{started.json()['agent_run_id']}").status_code
        == 200
    )
    no_logs = client.post("/organizations/1/sandbox/511/analyze-logs")
    assert no_logs.json() == {"message": "No logs available for analysis.", "status_code": 400}
    assert client.post("/organizations/1/sandbox/999/analyze-logs").status_code == 404


def test_cli_rules(client: httpx.Client) -> None:
    rules = client.get("/organizations/1/cli/rules").json()
    assert "Write tests" in rules["organization_rules"] and rules["user_custom_prompt"]
    assert client.get("/organizations/2/cli/rules").json()["organization_rules"] is None


def test_mcp_providers(client: httpx.Client) -> None:
    providers = [OAuthProvider.model_validate(p) for p in client.get("/mcp-providers").json()]
    assert [p.name for p in providers] == ["linear", "notion", "sentry", "figma"]


def test_oauth_token_status_and_revoke(client: httpx.Client) -> None:
    assert client.get("/oauth/tokens/status", params={"org_id": 1}).json() == [
        "linear",
        "notion",
        "sentry",
    ]
    revoked = client.post("/oauth/tokens/revoke", params={"provider": "notion", "org_id": 1})
    assert revoked.json()["revoked_tokens"] == 1
    assert client.get("/oauth/tokens/status", params={"org_id": 1}).json() == ["linear", "sentry"]
    assert client.post("/oauth/tokens/revoke", params={"org_id": 1}).status_code == 422


def test_slack_connect_token(client: httpx.Client) -> None:
    token = client.post("/slack-connect/generate-token", json={"org_id": 1}).json()
    assert token["expires_in_minutes"] == 10 and token["token"] in token["message"]
    assert (
        client.post("/slack-connect/generate-token", json={"org_id": 3}).json() == PERMISSION_DENIED
    )


def test_trace_page_shows_a_run(client: httpx.Client, create_run: Any, sim: SimServer) -> None:
    run = finished_run(create_run, sim, "Tidy up <the> code")
    page = httpx.get(run["web_url"])
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "COMPLETE" in page.text and "Tidy up &lt;the&gt; code" in page.text
    assert httpx.get(f"{sim.base_url}/x/999999").status_code == 404


def test_the_trace_page_needs_the_key_its_web_url_carries(
    client: httpx.Client, create_run: Any, sim: SimServer
) -> None:
    run = finished_run(create_run, sim, "A private task")
    other = create_run("Another task")
    key = run["web_url"].split("?key=")[1]
    guesses = [
        f"{sim.base_url}/x/{run['id']}",  # no key
        f"{sim.base_url}/x/{run['id']}?key=",
        f"{sim.base_url}/x/{run['id']}?key={other['web_url'].split('?key=')[1]}",  # another run's
        f"{sim.base_url}/x/{run['id']}?key={key[:-1]}",
        f"{sim.base_url}/x/1007?key={key}",  # the foreign organization's run
    ]
    for url in guesses:
        page = httpx.get(url)
        assert page.status_code == 404 and "A private task" not in page.text, url
    assert "A private task" in httpx.get(run["web_url"]).text
    listed = client.get("/organizations/1/agent/runs").json()["items"]
    assert run["web_url"] in [item["web_url"] for item in listed]  # the same URL everywhere


def test_trace_page_keys_survive_a_restart_and_change_with_a_reset(
    tmp_path: Any, start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    state = str(tmp_path / "sim.db")
    first = start_sim(state_file=state)
    run = make_client(first).post("/organizations/1/agent/run", json={"prompt": "Keep"}).json()
    first.stop()
    second = start_sim(state_file=state)
    again = make_client(second).get(f"/organizations/1/agent/run/{run['id']}").json()
    key = run["web_url"].split("?key=")[1]
    assert again["web_url"].endswith(f"/x/{run['id']}?key={key}")
    assert httpx.get(again["web_url"]).status_code == 200
    seeded = make_client(second).get("/organizations/1/agent/run/1000").json()["web_url"]
    second.reset()
    reseeded = make_client(second).get("/organizations/1/agent/run/1000").json()["web_url"]
    assert reseeded != seeded and httpx.get(reseeded).status_code == 200
    assert httpx.get(seeded).status_code == 404  # a reset forgets the keys given out before
