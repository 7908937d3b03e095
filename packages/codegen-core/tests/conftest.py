"""Fixtures that run every behaviour test on both clients.

``api`` is parametrized over the sync and the async client and hides the difference: ``api.call``
runs a method (awaiting it on one event loop for the async client), ``api.collect`` drains an
iterator. A fake clock replaces the clients' monotonic clock and sleep, so retries, rate limits,
waits and follows take no real time, and tests can assert the sleeps they asked for.

``hostile`` is a real HTTP server on loopback whose answers a test scripts (trickled bytes,
redirects, echoed tokens, answers that are not HTTP); ``hostile_api`` builds a client pointed at it.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import socketserver
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import respx

from codegen import AsyncCodegenClient, ClientConfig, CodegenClient

API_URL = "https://api.test/v1"
TOKEN = "cg-test-token-5f2a9c"
ORG = 7


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float, stop: object = None) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Api:
    """One client, sync or async, driven the same way."""

    def __init__(self, kind: str, clock: FakeClock, **options: Any) -> None:
        self.kind = kind
        self.clock = clock
        self.runner = asyncio.Runner()
        self.client: CodegenClient | AsyncCodegenClient = self.make(**options)

    def make(self, **options: Any) -> CodegenClient | AsyncCodegenClient:
        settings: dict[str, Any] = {
            "api_token": TOKEN,
            "org_id": ORG,
            "api_url": API_URL,
            "rate_limit": False,
        }
        settings.update(options)
        config = ClientConfig(**settings)
        client: CodegenClient | AsyncCodegenClient
        if self.kind == "sync":
            client = CodegenClient(config)
            client._sleep = self.clock.sleep  # type: ignore[method-assign]
        else:
            client = AsyncCodegenClient(config)
            client._sleep = self.clock.async_sleep  # type: ignore[method-assign]
        client._clock = self.clock.monotonic  # type: ignore[method-assign]
        return client

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        result = getattr(self.client, name)(*args, **kwargs)
        if self.kind == "async":
            return self.runner.run(result)
        return result

    def collect(self, name: str, *args: Any, limit: int | None = None, **kwargs: Any) -> list[Any]:
        iterator = getattr(self.client, name)(*args, **kwargs)
        if self.kind == "sync":
            return _take(iterator, limit)
        return self.runner.run(_atake(iterator, limit))

    def close(self) -> None:
        if isinstance(self.client, CodegenClient):
            self.client.close()
        else:
            self.runner.run(self.client.close())
        self.runner.close()


def _take(iterator: Iterator[Any], limit: int | None) -> list[Any]:
    items = []
    for item in iterator:
        items.append(item)
        if limit is not None and len(items) >= limit:
            break
    return items


async def _atake(iterator: AsyncIterator[Any], limit: int | None) -> list[Any]:
    items = []
    async for item in iterator:
        items.append(item)
        if limit is not None and len(items) >= limit:
            break
    await iterator.aclose()  # type: ignore[attr-defined]
    return items


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


JITTER_DRAW = 0.25
"""What ``random.random()`` returns under ``fixed_jitter``: not 0, ½ or 1, where a changed jitter
formula could give the same factor as the right one."""


@pytest.fixture
def fixed_jitter(monkeypatch: pytest.MonkeyPatch) -> float:
    """Pin every jitter draw to :data:`JITTER_DRAW`, so a test can assert the exact sleeps of
    retries, waits and follows (the bounds of real jitter are tested on their own)."""
    monkeypatch.setattr(random, "random", lambda: JITTER_DRAW)
    return JITTER_DRAW


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    """Which client a test runs on; every test that uses ``api`` or ``make_api`` runs on both."""
    kind: str = request.param
    return kind


@pytest.fixture
def api(kind: str, clock: FakeClock) -> Iterator[Api]:
    harness = Api(kind, clock)
    yield harness
    harness.close()


@pytest.fixture
def make_api(kind: str, clock: FakeClock) -> Iterator[Callable[..., Api]]:
    """Build an ``Api`` of the test's kind with other options: ``make_api(max_retries=0)``."""
    made: list[Api] = []

    def make(**options: Any) -> Api:
        harness = Api(kind, clock, **options)
        made.append(harness)
        return harness

    yield make
    for harness in made:
        harness.close()


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=API_URL, assert_all_called=False) as mock:
        yield mock


def run_json(run_id: int = 1, status: str = "ACTIVE", **extra: Any) -> dict[str, Any]:
    return {"id": run_id, "organization_id": ORG, "status": status, **extra}


def page_json(
    items: list[Any], *, total: int | None = None, skip: int = 0, limit: int = 100
) -> dict[str, Any]:
    total = len(items) if total is None else total
    return {
        "items": items,
        "total": total,
        "page": skip // limit + 1,
        "size": limit,
        "pages": -(-total // limit),
    }


def logs_json(
    entries: list[dict[str, Any]], *, total: int, status: str = "ACTIVE", run_id: int = 1
) -> dict[str, Any]:
    return {
        **run_json(run_id, status),
        "logs": entries,
        "total_logs": total,
        "page": 1,
        "size": 100,
        "pages": 1,
    }


def log_entry(index: int, run_id: int = 1) -> dict[str, Any]:
    return {
        "agent_run_id": run_id,
        "message_type": "ACTION",
        "thought": f"step {index}",
        "tool_name": "t",
    }


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


@pytest.fixture
def helpers() -> Any:
    """The JSON builders above, for tests (pytest's importlib mode cannot import conftest)."""

    class Helpers:
        run = staticmethod(run_json)
        page = staticmethod(page_json)
        logs = staticmethod(logs_json)
        entry = staticmethod(log_entry)
        body = staticmethod(body_of)
        org = ORG
        token = TOKEN
        url = API_URL
        reply = Reply

    return Helpers()


# -- a hostile server on loopback -------------------------------------------------------------


@dataclass
class Seen:
    """A request as the hostile server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    """What the hostile server answers: ``trickle`` seconds between single bytes (of the body, or
    of the whole answer with ``trickle_head``); ``hang_up`` closes the connection unanswered;
    ``raw`` bytes instead of an answer."""

    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    trickle: float = 0.0
    trickle_head: bool = False
    hang_up: bool = False
    raw: bytes | None = None
    """Sent as it is instead of a well-formed answer."""

    def encoded(self) -> tuple[bytes, bytes]:
        body = self.body
        headers = dict(self.headers)
        if not isinstance(body, bytes | str):
            body = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        data = body.encode() if isinstance(body, str) else body
        headers.setdefault("Content-Length", str(len(data)))
        headers.setdefault("Connection", "close")
        head = f"HTTP/1.1 {self.status} Whatever\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers.items()
        )
        return (head + "\r\n").encode("latin-1"), data


class HostileServer:
    """A raw HTTP/1.1 server on 127.0.0.1 whose answers a test scripts: ``server.reply = fn``
    with ``fn(seen) -> Reply``. It can trickle bytes, redirect, echo the token, hang up."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.reply: Callable[[Seen], Reply] = lambda seen: Reply(body={})
        self.stopping = threading.Event()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                outer._serve(self.rfile, self.connection)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.url = self.origin + "/v1"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def _serve(self, rfile: Any, connection: socket.socket) -> None:
        request_line = rfile.readline().decode("latin-1").strip()
        if not request_line:
            return
        method, target, _ = request_line.split(" ", 2)
        headers: dict[str, str] = {}
        while (line := rfile.readline().decode("latin-1").strip()) != "":
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = rfile.read(int(headers.get("content-length", "0") or 0))
        seen = Seen(method, target, headers, body)
        self.requests.append(seen)
        reply = self.reply(seen)
        if reply.hang_up:
            return
        head, data = (reply.raw, b"") if reply.raw is not None else reply.encoded()
        try:
            if reply.trickle and reply.trickle_head:
                self._trickle(connection, head + data, reply.trickle)
            else:
                connection.sendall(head)
                self._trickle(connection, data, reply.trickle)
        except OSError:  # the client gave up
            pass

    def _trickle(self, connection: socket.socket, data: bytes, pause: float) -> None:
        if not pause:
            connection.sendall(data)
            return
        for index in range(len(data)):
            if self.stopping.wait(pause):
                return
            connection.sendall(data[index : index + 1])

    def close(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    yield server
    server.close()


@pytest.fixture
def hostile_api(
    kind: str, clock: FakeClock, hostile: HostileServer
) -> Iterator[Callable[..., Api]]:
    """``make_api`` pointed at the hostile server (no retries unless asked)."""
    made: list[Api] = []

    def make(**options: Any) -> Api:
        harness = Api(kind, clock, **{"api_url": hostile.url, "max_retries": 0, **options})
        made.append(harness)
        return harness

    yield make
    for harness in made:
        harness.close()
