"""`codegen api PATH`: any method, fields into the query or a JSON body, --paginate (one merged
document, or JSON Lines), --include, error bodies, and the client's retries and error mapping."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from codegen_models.api import CLIENT_REQUEST_ID_KEY

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ME = {"id": 1, "github_user_id": "58", "github_username": "ada"}


@pytest.mark.parametrize("path", ["/users/me", "users/me", "/v1/users/me", "v1/users/me"])
def test_get_with_or_without_v1(cli: Any, api: Any, bodies: Any, path: str) -> None:
    route = api.get(f"{bodies.api_url}/users/me").respond(200, json=ME)
    result = cli("api", path)
    assert result.exit_code == 0, result.stderr
    assert route.calls.last.request.method == "GET"
    assert route.calls.last.request.headers["authorization"] == f"Bearer {bodies.token}"
    assert result.stdout == json.dumps(ME) + "\n"


def test_json_is_indented_on_a_terminal(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.api_url}/users/me").respond(200, json=ME)
    assert json.loads(cli("api", "users/me", tty=True).stdout) == ME
    assert cli("api", "users/me", tty=True).stdout.startswith('{\n  "id": 1,')


def test_org_id_and_query_fields(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.org_url}/agent/runs").respond(200, json=bodies.page([]))
    result = cli("api", "organizations/{org_id}/agent/runs?user_id=3", "-f", "source_type=API",
                 "-F", "limit=5")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    request = route.calls.last.request
    assert request.method == "GET"  # the spec has only GET for this path
    assert dict(request.url.params) == {"user_id": "3", "source_type": "API", "limit": "5"}
    assert request.content == b""


def test_org_id_in_the_query(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.api_url}/oauth/tokens/status").respond(200, json=["linear"])
    assert cli("api", "oauth/tokens/status?org_id={org_id}").stdout == '["linear"]\n'
    assert route.calls.last.request.url.params["org_id"] == str(bodies.org)


def test_post_with_typed_and_nested_fields(cli: Any, api: Any, bodies: Any, tmp_path: Path) -> None:
    prompt = tmp_path / "prompt.md"
    prompt.write_text("Fix the build\n", encoding="utf-8")
    route = api.post(f"{bodies.runs}/run").respond(200, json=bodies.run())
    result = cli(
        "api", "organizations/{org_id}/agent/run", "-F", f"prompt=@{prompt}", "-F", "repo_id=5",
        "-F", "metadata[ticket]=42", "-F", "metadata[urgent]=true", "-F", "metadata[owner]=null",
        "-f", "metadata[tags][]=ci", "-f", "metadata[tags][]=7", "-F", "metadata[ratio]=0.5",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    request = route.calls.last.request
    assert request.method == "POST"
    assert request.headers["idempotency-key"]
    sent = json.loads(request.content)
    assert sent["metadata"].pop(CLIENT_REQUEST_ID_KEY)  # the client's exactly-once stamp
    assert sent == {
        "prompt": "Fix the build\n",
        "repo_id": 5,
        "metadata": {"ticket": 42, "urgent": True, "owner": None, "tags": ["ci", "7"],
                     "ratio": 0.5},
    }  # fmt: skip
    assert json.loads(result.stdout)["id"] == 42


def test_the_method_comes_from_the_spec_or_x(cli: Any, api: Any, bodies: Any) -> None:
    patch = api.patch(f"{bodies.org_url}/prs/88").respond(200, json={"success": True})
    assert cli("api", "organizations/{org_id}/prs/88", "-f", "state=closed").exit_code == 0
    assert json.loads(patch.calls.last.request.content) == {"state": "closed"}
    put = api.put(f"{bodies.org_url}/repos/check-suite-settings").respond(200, json={})
    result = cli("api", "-X", "put", "organizations/{org_id}/repos/check-suite-settings?repo_id=5",
                 "-f", "ignored_checks[]=lint")  # fmt: skip
    assert result.exit_code == 0 and put.called
    assert put.calls.last.request.url.params["repo_id"] == "5"
    assert json.loads(put.calls.last.request.content) == {"ignored_checks": ["lint"]}


def test_input_body(cli: Any, api: Any, bodies: Any) -> None:
    route = api.post(f"{bodies.api_url}/slack-connect/generate-token").respond(
        200, json={"token": "t", "message": "m", "expires_in_minutes": 10}
    )
    result = cli("api", "slack-connect/generate-token", "--input", "-", input='{"org_id": 7}')
    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls.last.request.content) == {"org_id": 7}


def repos_pages(request: httpx.Request) -> httpx.Response:
    skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
    items = [{"id": n, "full_name": f"acme/r{n}"} for n in range(skip, min(skip + limit, 5))]
    return httpx.Response(200, json={"items": items, "total": 5, "page": skip // limit + 1,
                                     "size": limit, "pages": 3})  # fmt: skip


def test_paginate_prints_every_item_as_one_array(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.org_url}/repos").mock(side_effect=repos_pages)
    result = cli("api", "organizations/{org_id}/repos", "--paginate", "-F", "limit=2")
    assert result.exit_code == 0, result.stderr
    assert route.call_count == 3
    skips = [call.request.url.params["skip"] for call in route.calls]
    assert skips == ["0", "2", "4"]
    assert json.loads(result.stdout) == [{"id": n, "full_name": f"acme/r{n}"} for n in range(5)]


def test_paginate_as_json_lines(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.org_url}/repos").mock(side_effect=repos_pages)
    result = cli("api", "organizations/{org_id}/repos", "--paginate", "--jsonl", "-F", "limit=2")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [0, 1, 2, 3, 4]


def test_include_prints_status_and_headers(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.api_url}/users/me").respond(200, json=ME, headers={"x-request-id": "r-1"})
    lines = cli("api", "-i", "users/me").stdout.splitlines()
    assert lines[0] == "HTTP 200 OK"
    assert "x-request-id: r-1" in lines
    assert lines[-2:] == ["", json.dumps(ME)]


def test_an_error_prints_its_body_and_exits_like_every_command(
    cli: Any, api: Any, bodies: Any
) -> None:
    body = {"message": "Agent run not found.", "status_code": 404}
    api.get(f"{bodies.runs}/run/9").respond(404, json=body)
    result = cli("api", "organizations/{org_id}/agent/run/9")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == body
    assert result.stderr.startswith("error: not found: Agent run not found. (HTTP 404)")
    included = cli("api", "-i", "organizations/{org_id}/agent/run/9").stdout
    assert included.startswith("HTTP 404 Not Found\n")


@pytest.mark.parametrize(("status", "code"), [(401, 4), (422, 2), (403, 1)])
def test_error_exit_codes(cli: Any, api: Any, bodies: Any, status: int, code: int) -> None:
    api.get(f"{bodies.api_url}/users/me").respond(status, json={"message": "no"})
    result = cli("api", "users/me")
    assert result.exit_code == code
    assert json.loads(result.stdout) == {"message": "no"}


def test_a_get_is_retried_a_post_that_starts_work_is_not(cli: Any, api: Any, bodies: Any) -> None:
    flaky = api.get(f"{bodies.api_url}/users/me").mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json=ME)]
    )
    assert cli("api", "users/me").exit_code == 0
    assert flaky.call_count == 2
    setup = api.post(f"{bodies.org_url}/setup-commands/generate").respond(502)
    result = cli("api", "organizations/{org_id}/setup-commands/generate", "-F", "repo_id=5")
    assert result.exit_code == 1
    assert setup.call_count == 1  # the server may have started the agent: not sent twice


def test_the_token_is_never_printed(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.api_url}/users/me").respond(200, json={"echo": f"Bearer {bodies.token}"})
    result = cli("api", "users/me")
    assert bodies.token not in result.stdout
    assert json.loads(result.stdout) == {"echo": "Bearer ***"}


def test_a_text_body_is_printed_as_text(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.api_url}/health").respond(200, text="ok\x1b[31m!\n")
    assert cli("api", "health").stdout == "ok!\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users/me", "--jsonl"], "--jsonl goes with --paginate"),
        (["users/me", "--paginate", "-i"], "--include shows one response"),
        (["-X", "POST", "users/me", "--paginate"], "--paginate pages through a GET"),
        (["https://evil.test/v1/users/me"], "give a path under the API URL"),
        (["users/me", "-f", "novalue"], "expected KEY=VALUE"),
        (["users/me", "-f", "a[=1"], "bad key"),
        (["users/me", "-f", "a=1", "-f", "a[]=2"], "is given both as a list and as a value"),
        (["-X", "GET", "users/me", "-f", "a[b]=1"], "an object cannot go into a query"),
        (["users/me", "-F", "a=@/no/such/file"], "cannot read '/no/such/file'"),
        (["users/me", "--input", "-"], "is not JSON"),
    ],
)
def test_usage_errors_send_nothing(cli: Any, api: Any, args: list[str], message: str) -> None:
    result = cli("api", *args, input="not json")
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert not api.calls


def test_a_post_without_fields_sends_no_body(cli: Any, api: Any, bodies: Any) -> None:
    route = api.post(f"{bodies.api_url}/oauth/tokens/revoke").respond(200, json={"ok": True})
    result = cli("api", "-X", "POST", "oauth/tokens/revoke?provider=linear&org_id={org_id}")
    assert result.exit_code == 0, result.stderr
    request = route.calls.last.request
    assert request.content == b""
    assert dict(request.url.params) == {"provider": "linear", "org_id": str(bodies.org)}
