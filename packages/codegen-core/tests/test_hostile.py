"""Both clients against a hostile server on loopback: trickled answers, redirects, bodies nested
too deeply, statuses nobody knows."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from codegen import (
    APIResponseValidationError,
    APITimeoutError,
    AsyncCodegenClient,
    CodegenClient,
    InternalServerError,
)
from codegen._deadline import _AsyncBackend, _Backend

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
