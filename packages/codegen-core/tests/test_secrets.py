"""The token never shows: not in repr or str, not in any log record (DEBUG included), not in
exceptions."""

from __future__ import annotations

import logging
import pickle
import traceback
from typing import Any

import httpx
import pytest
import respx

from codegen import ClientConfig, Profile

SECRET = "cg-test-token-5f2a9c"  # the harness's token (conftest.TOKEN)


def test_not_in_repr_or_str(api: Any) -> None:
    for text in (
        repr(api.client),
        str(api.client),
        repr(api.client.config),
        str(api.client.config),
    ):
        assert SECRET not in text
    assert "***" in repr(api.client.config)
    assert SECRET not in repr(Profile(api_token=SECRET))


def test_not_in_any_log_record_at_debug(
    make_api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    api = make_api(log_level="debug", max_retries=2, rate_limit=True)
    router.get("/organizations/7/agent/run/1").mock(
        side_effect=[
            httpx.Response(503),
            httpx.ConnectError("x"),
            httpx.Response(200, json={"id": 1, "organization_id": 7}),
        ]
    )
    with caplog.at_level(logging.DEBUG):
        api.call("get_agent_run", agent_run_id=1)
        logging.getLogger("codegen").debug("a careless line with %s", SECRET)
        logging.getLogger("codegen").debug(f"an f-string with Bearer {SECRET}")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET /v1/organizations/7/agent/run/1 -> 503" in text
    assert "retrying GET" in text
    assert SECRET not in text
    assert text.count("***") >= 2


def test_not_in_exceptions(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(max_retries=0)
    router.get("/organizations/7/agent/run/1").respond(401, json={"detail": "Invalid token"})
    with pytest.raises(Exception) as info:
        api.call("get_agent_run", agent_run_id=1)
    error = info.value
    rendered = (
        "".join(traceback.format_exception(error)) + repr(error) + str(error) + repr(vars(error))
    )
    assert SECRET not in rendered
    assert SECRET.encode() not in pickle.dumps(vars(error))


def test_the_token_is_sent_only_in_the_authorization_header(
    api: Any, router: respx.MockRouter
) -> None:
    route = router.get("/organizations/7/agent/run/1").respond(json={"id": 1, "organization_id": 7})
    api.call("get_agent_run", agent_run_id=1)
    request = route.calls.last.request
    assert request.headers["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in str(request.url)
    assert SECRET not in repr(request.headers)


def test_config_token_is_hidden_when_set_in_code() -> None:
    config = ClientConfig(api_token="another-secret-value")
    assert "another-secret-value" not in repr(config)


def test_log_level_sends_lines_to_the_current_stderr(
    make_api: Any, router: respx.MockRouter, capsys: pytest.CaptureFixture[str]
) -> None:
    api = make_api(log_level="debug")
    router.get("/organizations/7/agent/run/1").respond(json={"id": 1, "organization_id": 7})
    api.call("get_agent_run", agent_run_id=1)
    err = capsys.readouterr().err
    assert "[codegen DEBUG] GET /v1/organizations/7/agent/run/1 -> 200" in err
    assert SECRET not in err


def test_info_the_default_keeps_a_quiet_success_quiet_and_tells_of_retries(
    make_api: Any, router: respx.MockRouter, capsys: pytest.CaptureFixture[str]
) -> None:
    api = make_api()
    assert api.client.config.log_level == "info"
    route = router.get("/organizations/7/agent/run/1")
    route.respond(json={"id": 1, "organization_id": 7})
    api.call("get_agent_run", agent_run_id=1)
    assert capsys.readouterr().err == ""
    route.side_effect = [
        httpx.Response(503),
        httpx.Response(200, json={"id": 1, "organization_id": 7}),
    ]
    api.call("get_agent_run", agent_run_id=1)
    err = capsys.readouterr().err
    assert err.startswith("[codegen INFO] retrying GET /v1/organizations/7/agent/run/1 in ")
    assert err.count("\n") == 1
