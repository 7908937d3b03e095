"""The bad-input table: every failure is one clear line on stderr with the right exit code, never a
traceback (unless --debug), and never the token."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
import respx

from codegen import CodegenClient

HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>"


RETRY_LINE = re.compile(r"\[codegen INFO\] (not )?retrying ")
"""The client's own notes of retries, which come before the error after an outage."""


def assert_one_error_line(result: Any, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if not RETRY_LINE.match(line)]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("status", "body", "code", "fragments"),
    [
        (401, {"detail": "Invalid token"}, 4,
         ["the API rejected the token from CODEGEN_API_TOKEN: Invalid token (HTTP 401)",
          "mistyped or revoked: get a new one at https://codegen.com/token",
          "then run `codegen login` or set CODEGEN_API_TOKEN"]),
        (403, {"message": "You do not have access to this organization.", "status_code": 403}, 1,
         ["permission denied: You do not have access", "pass --org-id"]),
        (404, {"message": "Agent run not found.", "status_code": 404}, 1,
         ["not found: Agent run not found. (HTTP 404)", "check the run id (`codegen list`"]),
        (422, {"detail": [{"loc": ["path", "agent_run_id"], "msg": "Input should be greater than 0", "type": "x"}]}, 2,
         ["the API rejected the request:", "agent_run_id: Input should be greater than 0", "(HTTP 422)"]),
        (402, {"message": "Alloted agent runs for the current billing plan have been reached.", "status_code": 402}, 1,
         ["Alloted agent runs", "(HTTP 402)"]),
    ],
)  # fmt: skip
def test_api_errors(
    cli: Any, api: respx.MockRouter, bodies: Any, status: int, body: Any, code: int,
    fragments: list[str],
) -> None:  # fmt: skip
    api.get(f"{bodies.runs}/run/42").respond(status, json=body)
    assert_one_error_line(cli("show", "42"), code, *fragments)


def test_429_after_retries_says_so_and_when_to_retry(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.runs}/run/42").respond(
        429,
        json={"message": "Rate limit exceeded.", "status_code": 429},
        headers={"Retry-After": "2"},
    )
    result = cli("show", "42")
    assert_one_error_line(
        result, 1, "rate limited by the API even after retrying", "(HTTP 429)", "try again in 2 s"
    )
    assert route.call_count == 4  # the first try and 3 retries


def test_html_502_gives_its_title(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.runs}/run/42").respond(
        502, text=HTML_502, headers={"content-type": "text/html"}
    )
    assert_one_error_line(
        cli("show", "42"), 1, "the API failed: 502 Bad Gateway (HTTP 502)", "try again later"
    )
    assert route.call_count == 4


def test_connection_error_names_the_url_it_tried(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/42").mock(side_effect=httpx.ConnectError("connection refused"))
    assert_one_error_line(
        cli("show", "42"), 1, "cannot reach the API at https://api.test: ", "--api-url"
    )


def test_no_token_is_exit_4(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CODEGEN_API_TOKEN")
    assert_one_error_line(cli("list"), 4, "not logged in", "run `codegen login`")


def test_no_organization_is_a_usage_error(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CODEGEN_ORG_ID")
    assert_one_error_line(cli("show", "42"), 2, "no organization id", "pass --org-id")


def test_org_id_abc_is_a_usage_error(cli: Any) -> None:
    for args in (["--org-id", "abc", "list"], ["list", "--org-id", "abc"]):
        result = cli(*args)
        assert result.exit_code == 2
        assert result.stderr == (
            "error: invalid --org-id: expected a whole number of 1 or more; "
            "see `codegen list --help`\n"
        )


def test_org_id_abc_in_the_environment_is_a_usage_error(cli: Any) -> None:
    result = cli("list", CODEGEN_ORG_ID="abc")
    assert_one_error_line(result, 2, "CODEGEN_ORG_ID must be an organization id")


def test_a_bad_api_url_is_a_usage_error(cli: Any) -> None:
    assert_one_error_line(cli("--api-url", "ftp://x", "list"), 2, "must be an http(s) URL")


def test_an_unknown_status_keeps_a_wait_waiting_until_its_timeout(
    cli: Any, api: Any, bodies: Any, clock: Any
) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="HIBERNATING"))
    result = cli("wait", "42", "--timeout", "10")
    assert result.exit_code == 8
    assert result.stdout == "42\tHIBERNATING\t2024-01-15T10:30:00Z\t\thttps://codegen.com/x/42\n"
    assert "status 'HIBERNATING' is not one this version of codegen knows" in result.stderr
    assert sum(clock.sleeps) == pytest.approx(10)


def test_without_a_timeout_an_unknown_status_gets_ten_minutes_to_change(
    cli: Any, api: Any, bodies: Any, clock: Any
) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="HIBERNATING"))
    result = cli("wait", "42")
    assert result.exit_code == 8
    assert result.stderr.count("is not one this version of codegen knows") == 1
    assert result.stderr.splitlines()[-1] == (
        "agent run 42 has status HIBERNATING, which this version of codegen does not know "
        "(it may have ended); check it with `codegen show 42`"
    )
    assert result.stderr.count("agent run 42: HIBERNATING\n") == 1  # a line per change
    assert sum(clock.sleeps) == pytest.approx(600)


def test_a_known_status_after_an_unknown_one_waits_without_a_bound(
    cli: Any, api: Any, bodies: Any, clock: Any
) -> None:
    statuses = ["HIBERNATING", "HIBERNATING", "ACTIVE"] + ["ACTIVE"] * 200 + ["COMPLETE"]
    api.get(f"{bodies.runs}/run/42").mock(
        side_effect=[httpx.Response(200, json=bodies.run(status=s)) for s in statuses]
    )
    result = cli("wait", "42")
    assert result.exit_code == 0, result.stderr
    assert sum(clock.sleeps) > 600  # longer than the bound an unknown status gets
    assert result.stderr.count("is not one this version of codegen knows") == 1


def test_debug_shows_the_traceback_then_the_line(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/42").respond(404, json={"message": "Agent run not found."})
    request = re.compile(r"\[codegen DEBUG\] GET /v1/organizations/7/agent/run/42 -> 404")
    for args, env in (
        (["--debug", "show", "42"], {}),
        (["show", "42", "--debug"], {"CODEGEN_LOG_LEVEL": "debug"}),  # each line still once
    ):
        result = cli(*args, **env)
        assert result.exit_code == 1
        assert "Traceback (most recent call last)" in result.stderr
        assert "NotFoundError" in result.stderr
        assert len(request.findall(result.stderr)) == 1, result.stderr
        assert result.stderr.splitlines()[-1].startswith("error: not found")


def test_an_unexpected_exception_is_one_line_too(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/run/42").mock(side_effect=RuntimeError("boom"))
    assert_one_error_line(cli("show", "42"), 1, "unexpected RuntimeError: boom", "--debug")


def test_ctrl_c_exits_130_without_a_traceback(
    cli: Any, api: Any, bodies: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(seconds: float, stop: object = None) -> None:
        raise KeyboardInterrupt

    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="ACTIVE"))
    monkeypatch.setattr(CodegenClient, "_sleep", staticmethod(interrupted))  # between two polls
    result = cli("wait", "42")
    assert result.exit_code == 130
    assert "Traceback" not in result.stderr
    assert "stopped watching; agent run 42 carries on" in result.stderr


@pytest.mark.parametrize("debug", [[], ["--debug"]])
@pytest.mark.parametrize("status", [401, 403, 404, 422, 429, 500])
def test_the_token_is_never_printed(
    cli: Any, api: Any, bodies: Any, debug: list[str], status: int
) -> None:
    # A hostile server echoing the token back must not get it printed either.
    api.get(f"{bodies.runs}/run/42").respond(
        status, json={"message": f"bad token {bodies.token}"}, headers={"Retry-After": "0"}
    )
    result = cli(*debug, "show", "42")
    assert result.exit_code != 0
    assert bodies.token not in result.stdout + result.stderr


def test_input_the_client_cannot_send_is_a_usage_error_that_does_not_show_it() -> None:
    import pydantic

    from codegen_cli._errors import explain

    class Limit(pydantic.BaseModel):
        limit: int = pydantic.Field(le=100)

    try:
        Limit(limit=100000)
    except pydantic.ValidationError as error:
        invalid = explain(error)
    assert (invalid.code, invalid.message) == (
        2,
        "invalid input: limit: Input should be less than or equal to 100",
    )
    encoding = explain(
        UnicodeEncodeError("ascii", "tok\u00e9n-secret", 3, 4, "ordinal not in range(128)")
    )
    assert encoding.code == 2
    assert "cannot be sent (ordinal not in range(128))" in encoding.message
    assert "secret" not in encoding.message
    deep = explain(RecursionError("maximum recursion depth exceeded"))
    assert (deep.code, deep.message) == (2, "the input is nested too deeply to send")


def test_metadata_just_deep_enough_is_sent(cli: Any, api: Any, bodies: Any) -> None:
    route = api.post(f"{bodies.runs}/run").respond(200, json=bodies.run(status="PENDING"))
    nested = "[" * 31 + "]" * 31
    result = cli("run", "x", "--metadata", f'{{"a": {nested}}}')
    assert result.exit_code == 0, result.stderr
    assert route.called


def test_input_the_client_refuses_is_a_usage_error_that_does_not_show_it(
    cli: Any, api: Any, bodies: Any
) -> None:
    route = api.post(f"{bodies.runs}/run").respond(200, json=bodies.run())
    result = cli("run", "fix it", "--metadata", '{"note": "sec\\ud800ret"}')  # not text
    assert_one_error_line(result, 2, "metadata")
    assert "sec" not in result.stderr and route.call_count == 0
