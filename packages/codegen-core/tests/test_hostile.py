"""Both clients against a hostile server on loopback: trickled answers, redirects, bodies nested
too deeply, statuses nobody knows."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from codegen import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncCodegenClient,
    CodegenClient,
    InternalServerError,
    RedirectError,
)
from codegen._network import _AsyncBackend, _Backend

RUN = {"id": 1, "organization_id": 7, "status": "COMPLETE", "result": "done " * 20}


# -- a timeout bounds a whole attempt ----------------------------------------------------------


@pytest.mark.parametrize("head", [True, False], ids=["trickled head", "trickled body"])
def test_a_trickling_server_cannot_hold_a_request_past_the_timeout(
    hostile_api: Any, hostile: Any, helpers: Any, head: bool
) -> None:
    # One byte every 0.1 s: no single read waits long, but the answer takes 20 s or more.
    hostile.reply = lambda seen: helpers.reply(body=RUN, trickle=0.1, trickle_head=head)
    api = hostile_api(timeout=1.0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        api.call("get_agent_run", agent_run_id=1)
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 2.5, elapsed
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


def test_each_retry_gets_a_whole_timeout_of_its_own(
    hostile_api: Any, hostile: Any, helpers: Any
) -> None:
    answers = iter([helpers.reply(body=RUN, trickle=0.1), helpers.reply(body=RUN)])
    hostile.reply = lambda seen: next(answers)
    api = hostile_api(timeout=0.5, max_retries=1)
    run = api.call("get_agent_run", agent_run_id=1)
    assert run.id == 1 and len(hostile.requests) == 2


def test_a_slow_answer_within_the_timeout_is_fine(
    hostile_api: Any, hostile: Any, helpers: Any
) -> None:
    hostile.reply = lambda seen: helpers.reply(body={"id": 1, "organization_id": 7}, trickle=0.02)
    api = hostile_api(timeout=5.0)
    assert api.call("get_agent_run", agent_run_id=1).id == 1


def test_an_async_client_with_its_own_httpx_client_is_bounded_too(
    hostile: Any, helpers: Any
) -> None:
    hostile.reply = lambda seen: helpers.reply(body=RUN, trickle=0.1, trickle_head=True)

    async def call() -> None:
        async with (
            httpx.AsyncClient() as http,
            AsyncCodegenClient(
                api_token=helpers.token,
                api_url=hostile.url,
                org_id=7,
                timeout=1.0,
                max_retries=0,
                http_client=http,
            ) as client,
        ):
            await client.get_agent_run(agent_run_id=1)

    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        asyncio.run(call())
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("client_class", [CodegenClient, AsyncCodegenClient])
def test_every_transport_a_client_makes_keeps_the_deadline_proxies_included(
    monkeypatch: pytest.MonkeyPatch, client_class: Any
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    client = client_class(api_token="t0ken-value")
    http = client._shared.http
    pools = [http._transport._pool, *(t._pool for t in http._mounts.values() if t is not None)]
    assert len(pools) >= 2 and client._shared.bounded
    backend = _AsyncBackend if client_class is AsyncCodegenClient else _Backend
    assert all(isinstance(pool._network_backend, backend) for pool in pools)
    closed = client.close()
    if closed is not None:
        asyncio.run(closed)


# -- bodies nested beyond what a parser can read --------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


def test_an_error_body_nested_too_deeply_is_still_a_status_error(
    hostile_api: Any, hostile: Any, helpers: Any
) -> None:
    hostile.reply = lambda seen: helpers.reply(status=500, body=DEEP)
    api = hostile_api()
    with pytest.raises(InternalServerError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.status_code == 500 and "\n" not in str(info.value)


def test_a_result_nested_too_deeply_is_a_response_validation_error(
    hostile_api: Any, hostile: Any, helpers: Any
) -> None:
    body = '{"id": 1, "organization_id": 7, "metadata": {"x": ' + DEEP + "}}"
    hostile.reply = lambda seen: helpers.reply(body=body)
    api = hostile_api()
    with pytest.raises(APIResponseValidationError, match="unexpected response shape"):
        api.call("get_agent_run", agent_run_id=1)
    raw = api.call("request", "GET", "/organizations/7/agent/run/1")
    assert raw.body == body  # a raw answer that is not JSON it can read is its text


# -- redirects -------------------------------------------------------------------------------


def redirecting(helpers: Any, status: int, location: str, then: Any = RUN) -> Any:
    """A server that redirects its first request and answers ``then`` to the rest."""

    def reply(seen: Any) -> Any:
        if seen.path.startswith("/v1/moved"):
            return helpers.reply(body=then)
        return helpers.reply(status=status, headers={"Location": location})

    return reply


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_on_the_same_origin_is_followed_with_the_token(
    hostile_api: Any, hostile: Any, helpers: Any, status: int
) -> None:
    hostile.reply = redirecting(helpers, status, "/v1/moved/1?x=1")
    api = hostile_api()
    assert api.call("get_agent_run", agent_run_id=1).status == "COMPLETE"
    first, second = hostile.requests
    assert second.path == "/v1/moved/1?x=1"
    assert (
        second.headers["authorization"]
        == first.headers["authorization"]
        == f"Bearer {helpers.token}"
    )


@pytest.mark.parametrize(
    ("status", "method"), [(307, "POST"), (308, "POST"), (302, "POST"), (303, "GET")]
)
def test_a_redirected_post_keeps_its_method_and_body_except_after_a_303(
    hostile_api: Any, hostile: Any, helpers: Any, status: int, method: str
) -> None:
    hostile.reply = redirecting(helpers, status, f"{hostile.origin}/v1/moved/run")
    api = hostile_api()
    api.call("create_agent_run", "Fix it")
    first, second = hostile.requests
    assert (first.method, second.method) == ("POST", method)
    assert second.body == (first.body if method == "POST" else b"")
    assert second.headers["idempotency-key"] == first.headers["idempotency-key"]


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("http://127.0.0.1:1/v1/x", "http://127.0.0.1:1"),
        ("http://localhost:{port}/v1/x", "http://localhost:{port}"),
        ("https://127.0.0.1:{port}/v1/x", "https://127.0.0.1:{port}"),
        ("//evil.example/v1/x", "http://evil.example:80"),
    ],
)
def test_a_redirect_to_another_origin_is_refused_naming_it_and_sends_nothing_there(
    hostile_api: Any, hostile: Any, helpers: Any, location: str, shown: str
) -> None:
    location, shown = (text.format(port=hostile.port) for text in (location, shown))
    hostile.reply = redirecting(helpers, 302, location)
    api = hostile_api()
    with pytest.raises(RedirectError) as info:
        api.call("get_agent_run", agent_run_id=1)
    message = str(info.value)
    assert f"a redirect to another host, {shown}; not followed" in message
    assert "CODEGEN_API_URL" in message and "\n" not in message
    assert info.value.status_code == 302 and info.value.location is not None
    assert len(hostile.requests) == 1


def test_a_callers_httpx_client_that_follows_redirects_is_held_to_the_same_rule(
    hostile: Any, helpers: Any
) -> None:
    hostile.reply = redirecting(helpers, 302, "http://localhost:1/v1/moved/1")
    with (
        httpx.Client(follow_redirects=True) as http,
        CodegenClient(
            api_token=helpers.token, api_url=hostile.url, org_id=7, http_client=http
        ) as client,
        pytest.raises(RedirectError),
    ):
        client.get_agent_run(agent_run_id=1)
    assert len(hostile.requests) == 1


def test_redirects_end_after_five_hops_or_without_a_location(
    hostile_api: Any, hostile: Any, helpers: Any
) -> None:
    hostile.reply = lambda seen: helpers.reply(status=302, headers={"Location": "/v1/again"})
    api = hostile_api()
    with pytest.raises(RedirectError, match="more than 5 redirects in a row"):
        api.call("get_agent_run", agent_run_id=1)
    assert len(hostile.requests) == 6
    hostile.reply = lambda seen: helpers.reply(status=301)
    with pytest.raises(RedirectError, match="without a Location header"):
        api.call("get_agent_run", agent_run_id=1)


# -- answers that are not HTTP ---------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        {"raw": b"GARBAGE\r\n\r\n"},
        {"raw": b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"},
        {"raw": b"HTTP/1.1 200 OK\r\nBad Header\r\n\r\n"},
        {"hang_up": True},
    ],
    ids=["garbage", "short body", "bad header", "hang up"],
)
def test_an_answer_that_is_not_http_is_a_one_line_connection_error(
    hostile_api: Any, hostile: Any, helpers: Any, reply: dict[str, Any]
) -> None:
    hostile.reply = lambda seen: helpers.reply(**reply)
    api = hostile_api()
    with pytest.raises(APIConnectionError) as info:
        api.call("get_agent_run", agent_run_id=1)
    message = str(info.value)
    assert message.startswith("connection error: ") and "\n" not in message and len(message) < 300
