"""Fixtures: a simulator served on a free loopback port, and httpx clients for it.

Most tests share one server (reset before each test) whose clock barely moves by itself
(``speed=0.001``): a test moves runs with ``sim.advance(seconds)``, so nothing depends on how fast
the machine is. Tests that need other options start their own with ``start_sim(**options)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from codegen_sim import SimConfig, SimServer

StartSim = Callable[..., SimServer]
MakeClient = Callable[..., httpx.Client]
CreateRun = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def shared_sim() -> Iterator[SimServer]:
    with SimServer(SimConfig(admin=True, rate_limits=False, speed=0.001)) as server:
        yield server


@pytest.fixture
def sim(shared_sim: SimServer) -> SimServer:
    shared_sim.reset()
    return shared_sim


@pytest.fixture
def honouring(sim: SimServer) -> SimServer:
    """The shared simulator, honouring ``Idempotency-Key`` until the next reset."""
    sim.set_idempotency(True)
    return sim


@pytest.fixture
def start_sim() -> Iterator[StartSim]:
    """Start a simulator with these ``SimConfig`` fields (admin on, clock still); stopped after."""
    servers: list[SimServer] = []

    def start(**options: Any) -> SimServer:
        options.setdefault("admin", True)
        options.setdefault("speed", 0.001)
        server = SimServer(SimConfig(**options)).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def make_client() -> Iterator[MakeClient]:
    """An httpx client of a server's API, authenticated with its token (or ``token=``)."""
    clients: list[httpx.Client] = []

    def make(server: SimServer, token: str | None = None, **options: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token or server.token}"}
        client = httpx.Client(base_url=server.api_url, headers=headers, timeout=10, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(sim: SimServer, make_client: MakeClient) -> httpx.Client:
    return make_client(sim)


@pytest.fixture
def create_run(client: httpx.Client) -> CreateRun:
    """Create a run in the primary org with ``prompt`` (and any other body fields); its JSON."""

    def create(prompt: str = "Help me refactor this code", **body: Any) -> dict[str, Any]:
        response = client.post("/organizations/1/agent/run", json={"prompt": prompt, **body})
        assert response.status_code == 200, response.text
        run: dict[str, Any] = response.json()
        return run

    return create


@pytest.fixture
def all_logs(client: httpx.Client) -> Callable[[int], list[dict[str, Any]]]:
    """Every log entry of a run of the primary org, paged through 100 at a time."""

    def fetch(run_id: int) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        while True:
            page = client.get(
                f"/alpha/organizations/1/agent/run/{run_id}/logs", params={"skip": len(entries)}
            ).json()
            entries += page["logs"]
            if not page["logs"] or len(entries) >= page["total_logs"]:
                return entries

    return fetch
