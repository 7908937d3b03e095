"""SimServer: fast to start and stop, leaves nothing behind, drives the admin API."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import threading
import time
from typing import Any

import httpx
import pytest

from codegen_sim import SimConfig, SimServer


def test_start_and_stop_are_fast_and_leave_no_thread_or_port() -> None:
    threads = set(threading.enumerate())
    started = time.perf_counter()
    server = SimServer().start()
    assert time.perf_counter() - started < 1.0
    assert (
        server.base_url == f"http://127.0.0.1:{server.port}"
        and server.api_url == server.base_url + "/v1"
    )
    assert (server.token, server.org_id) == ("sim-token", 1)
    httpx.get(f"{server.api_url}/users/me", headers={"Authorization": "Bearer sim-token"})
    stopping = time.perf_counter()
    server.stop()
    assert time.perf_counter() - stopping < 1.0
    assert set(threading.enumerate()) == threads
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", server.port), timeout=1),
    ):
        pass
    server.stop()  # a second stop is harmless


def test_a_keep_alive_client_does_not_hold_up_the_stop() -> None:
    with (
        SimServer() as server,
        httpx.Client(headers={"Authorization": "Bearer sim-token"}) as client,
    ):
        client.get(f"{server.api_url}/users/me")
        stopping = time.perf_counter()
        server.stop()
        assert time.perf_counter() - stopping < 1.0


def test_the_admin_methods_need_the_admin_api() -> None:
    with SimServer() as server, pytest.raises(RuntimeError, match="admin"):
        server.stats()


def test_without_admin_the_admin_routes_do_not_exist() -> None:
    with SimServer() as server:
        assert httpx.get(f"{server.base_url}/_sim/stats").status_code == 404


def test_a_remote_address_needs_an_explicit_opt_in() -> None:
    with pytest.raises(ValueError, match="allow_remote"):
        SimServer(host="0.0.0.0")
    with SimServer(host="localhost") as server:
        assert server.base_url.startswith("http://localhost:")


def test_reset_returns_to_the_seeded_state(sim: SimServer, client: httpx.Client) -> None:
    seeded = client.get("/organizations/1/agent/runs").json()
    client.post("/organizations/1/agent/run", json={"prompt": "x"})
    sim.reset()
    assert sim.stats() == {
        "requests": {},
        "handled": {},
        "runs_created": 0,
        "client_request_ids": {"runs": 0, "distinct": 0, "duplicate_runs": 0, "repeated": {}},
        "resumes_applied": 0,
        "faults_injected": {"before": {}, "after": {}},
    }
    assert client.get("/organizations/1/agent/runs").json()["total"] == seeded["total"]


def test_stats_count_requests_per_route_template(sim: SimServer, client: httpx.Client) -> None:
    client.get("/organizations/1/agent/run/1000")
    client.get("/organizations/1/agent/run/1001")
    client.get("/no/such/route")
    stats = sim.stats()
    assert stats["requests"]["GET /v1/organizations/{org_id}/agent/run/{agent_run_id}"] == 2
    assert stats["handled"] == stats["requests"]
    assert stats["requests"]["GET /v1/no/such/route"] == 1


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="unknown rate-limit class"):
        SimConfig(rate_limit_overrides={"bulk": (1, 1.0)})
    with pytest.raises(ValueError, match="fault rate"):
        SimConfig(fault_rate=2)
    with pytest.raises(ValueError, match="unknown fault"):
        SimConfig(faults=("timeout",))
    with pytest.raises(ValueError, match="speed"):
        SimConfig(speed=0)


def test_stats_count_runs_per_client_request_id_and_resumes(
    sim: SimServer, client: httpx.Client
) -> None:
    def create(metadata: dict[str, Any] | None) -> int:
        body = {"prompt": "x", "metadata": metadata}
        run_id: int = client.post("/organizations/1/agent/run", json=body).json()["id"]
        return run_id

    first = create({"codegen_client_request_id": "a", "team": "robots"})
    create({"codegen_client_request_id": "a"})
    create({"codegen_client_request_id": "b"})
    create({"codegen_client_request_id": 7})  # not an id the client writes: not counted
    create(None)
    client.post("/organizations/1/setup-commands/generate", json={"repo_id": 10})
    for prompt in ("more", "and more"):
        client.post(
            "/organizations/1/agent/run/resume", json={"agent_run_id": first, "prompt": prompt}
        )
    stats = sim.stats()
    assert stats["runs_created"] == 6
    assert stats["client_request_ids"] == {
        "runs": 3,
        "distinct": 2,
        "duplicate_runs": 1,
        "repeated": {"a": 2},
    }
    assert stats["resumes_applied"] == 2


def test_a_client_that_connects_after_listen_waits_for_start_in_the_backlog() -> None:
    server = SimServer().listen()
    try:
        answer: list[int] = []
        client = threading.Thread(
            target=lambda: answer.append(
                httpx.get(
                    f"{server.api_url}/users/me",
                    headers={"Authorization": "Bearer sim-token"},
                    timeout=30,
                ).status_code
            )
        )
        client.start()
        time.sleep(0.2)
        assert answer == []  # connected, and waiting: nothing serves yet
        server.start()
        client.join(30)
        assert answer == [200]
    finally:
        server.stop()


def test_a_stop_while_still_starting_returns_at_once_and_nothing_serves_later() -> None:
    threads = set(threading.enumerate())
    server = SimServer().start(wait=False)
    port = server.port
    server.stop()
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", port), timeout=1),
    ):
        pass
    deadline = time.monotonic() + 30
    while set(threading.enumerate()) != threads and time.monotonic() < deadline:
        time.sleep(0.05)  # the serving thread finishes its imports, sees the stop, and ends
    assert set(threading.enumerate()) == threads
    with SimServer(port=0) as again:  # and a server can start as usual afterwards
        assert httpx.get(f"{again.api_url}/users/me").status_code == 401


def test_a_start_that_fails_on_the_serving_thread_says_why_and_refuses_clients(
    tmp_path: Any,
) -> None:
    unusable = str(tmp_path / "no-such-folder" / "sim.db")
    with pytest.raises(sqlite3.OperationalError):
        SimServer(SimConfig(state_file=unusable)).start()
    server = SimServer(SimConfig(state_file=unusable)).start(wait=False)
    try:
        deadline = time.monotonic() + 30
        while server.start_error is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert isinstance(server.start_error, sqlite3.OperationalError)
        with pytest.raises(httpx.ConnectError):  # refused, rather than left waiting
            httpx.get(f"{server.api_url}/users/me", timeout=5)
    finally:
        server.stop()


def test_importing_the_package_loads_no_web_stack() -> None:
    """What makes ``codegen-sim exec`` start its command at once: FastAPI and uvicorn are
    imported on the serving thread, never by the package or its command line."""
    code = (
        "import sys, codegen_sim, codegen_sim._cli\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'anyio') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
