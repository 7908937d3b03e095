"""Context managers, close(), a caller's httpx client, with_options() copies, and no leaked
connections — against a real server on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from codegen import (
    APITimeoutError,
    AsyncCodegenClient,
    ClientConfig,
    CodegenClient,
    InternalServerError,
)


class Handler(BaseHTTPRequestHandler):
    """``/v1/organizations/7/agent/run/<id>``: 1 answers, 2 answers 503, 3 answers after 1 s."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        run_id = int(self.path.rstrip("/").rsplit("/", 1)[-1])
        if run_id == 3:
            time.sleep(1.0)
        status = 503 if run_id == 2 else 200
        body = json.dumps({"id": run_id, "organization_id": 7, "status": "ACTIVE"}).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that timed out
            super().handle()


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def config(url: str, **options: Any) -> ClientConfig:
    return ClientConfig(api_token="t0ken-xyz", org_id=7, api_url=url, rate_limit=False, **options)


def busy_connections(http: httpx.Client | httpx.AsyncClient) -> int:
    pool = http._transport._pool  # type: ignore[union-attr]
    return sum(1 for c in pool.connections if not (c.is_idle() or c.is_closed()))


def test_sync_no_connection_is_left_busy_after_success_errors_and_timeouts(server_url: str) -> None:
    with CodegenClient(config=config(server_url, max_retries=1, timeout=0.3)) as client:
        client._sleep = lambda seconds, stop: None  # type: ignore[method-assign]
        assert client.get_agent_run(agent_run_id=1).id == 1
        with pytest.raises(InternalServerError):
            client.get_agent_run(agent_run_id=2)
        with pytest.raises(APITimeoutError):
            client.get_agent_run(agent_run_id=3)
        assert busy_connections(client._shared.http) == 0
    assert client.is_closed


def test_async_no_connection_is_left_busy_after_success_errors_and_timeouts(
    server_url: str,
) -> None:
    async def main() -> None:
        async with AsyncCodegenClient(
            config=config(server_url, max_retries=1, timeout=0.3)
        ) as client:

            async def no_sleep(seconds: float) -> None:
                pass

            client._sleep = no_sleep  # type: ignore[method-assign]
            runs = await asyncio.gather(*(client.get_agent_run(agent_run_id=1) for _ in range(10)))
            assert {run.id for run in runs} == {1}
            with pytest.raises(InternalServerError):
                await client.get_agent_run(agent_run_id=2)
            with pytest.raises(APITimeoutError):
                await client.get_agent_run(agent_run_id=3)
            assert busy_connections(client._shared.http) == 0
        assert client.is_closed

    asyncio.run(main())


def test_a_callers_http_client_is_used_and_left_open(server_url: str) -> None:
    seen: list[str] = []
    http = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.url.path)]})
    with CodegenClient(config=config(server_url), http_client=http) as client:
        client.get_agent_run(agent_run_id=1)
    assert seen == ["/v1/organizations/7/agent/run/1"]
    assert not http.is_closed
    http.close()


def test_the_wrong_kind_of_http_client_is_refused(server_url: str) -> None:
    with pytest.raises(TypeError, match="httpx.Client"):
        CodegenClient(config=config(server_url), http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="httpx.AsyncClient"):
        AsyncCodegenClient(config=config(server_url), http_client=httpx.Client())  # type: ignore[arg-type]


def test_with_options_shares_the_pool_and_the_original_closes_it(server_url: str) -> None:
    client = CodegenClient(config=config(server_url))
    fast = client.with_options(timeout=5, max_retries=0)
    assert fast.config.timeout == 5
    assert fast.config.max_retries == 0
    assert client.config.max_retries == 3
    assert fast._shared.http is client._shared.http
    assert fast.get_agent_run(agent_run_id=1).id == 1
    fast.close()
    assert not client._shared.http.is_closed  # a copy does not close the shared pool
    assert client.get_agent_run(agent_run_id=1).id == 1
    client.close()
    assert client._shared.http.is_closed
    assert fast.is_closed


def test_with_options_validates(server_url: str) -> None:
    with (
        CodegenClient(config=config(server_url)) as client,
        pytest.raises(ValueError, match="timeout"),
    ):
        client.with_options(timeout=-1)


def test_a_dropped_client_releases_its_connections_without_a_resource_warning(
    server_url: str,
) -> None:
    import gc
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = CodegenClient(config(server_url))
        assert client.get_agent_run(agent_run_id=1).id == 1
        pool = client._shared.http
        del client
        gc.collect()
        assert pool.is_closed
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
