"""Faults on both sides of the handler: before it the API never saw the request; after it, it did."""

from __future__ import annotations

import asyncio
import time
import urllib.error
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from codegen_sim import SimConfig, SimServer, create_app


def create(client: httpx.Client) -> httpx.Response:
    return client.post("/organizations/1/agent/run", json={"prompt": "Flaky network"})


def test_a_proxy_503_before_the_handler_changes_nothing(
    sim: SimServer, client: httpx.Client
) -> None:
    sim.set_faults(1.0, ["503"], seed=3)
    outcomes = [create(client) for _ in range(20)]
    assert {response.status_code for response in outcomes} == {503}
    assert "503 Service Temporarily Unavailable" in outcomes[0].text
    stats = sim.stats()
    route = "POST /v1/organizations/{org_id}/agent/run"
    injected = stats["faults_injected"]
    before, after = injected["before"].get("503", 0), injected["after"].get("503", 0)
    assert before > 0 and after > 0 and before + after == 20
    assert stats["requests"][route] == 20
    assert stats["handled"][route] == after
    assert stats["runs_created"] == after  # the handler ran, and acted, only after the fault's side


def test_a_reset_is_a_transport_error_and_after_the_handler_the_run_exists(
    sim: SimServer, client: httpx.Client
) -> None:
    seeded = client.get("/organizations/1/agent/runs").json()["total"]
    sim.set_faults(1.0, ["reset"], seed=11)
    for _ in range(12):
        with pytest.raises(httpx.TransportError):
            create(client)
    sim.set_faults(0.0)
    stats = sim.stats()
    after = stats["faults_injected"]["after"]["reset"]
    assert 0 < after < 12 and stats["faults_injected"]["before"]["reset"] == 12 - after
    assert stats["runs_created"] == after
    assert client.get("/organizations/1/agent/runs").json()["total"] == seeded + after


def test_a_502_is_a_proxy_page(sim: SimServer, client: httpx.Client) -> None:
    sim.set_faults(1.0, ["502"], seed=1)
    response = client.get("/users/me")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>502 Bad Gateway</h1>" in response.text


def test_an_injected_429_looks_like_the_rate_limiter(sim: SimServer, client: httpx.Client) -> None:
    sim.set_faults(1.0, ["429"])
    response = client.get("/users/me")
    assert response.status_code == 429 and response.headers["retry-after"] == "1"
    assert response.json() == {
        "message": "Rate limit exceeded. Please try again later.",
        "status_code": 429,
    }
    assert sim.stats()["handled"] == {}


def test_slow_delays_then_answers(start_sim: Callable[..., SimServer], make_client: Any) -> None:
    server = start_sim(slow_seconds=0.2, fault_rate=1.0, faults=("slow",), seed=5)
    client = make_client(server)
    started = time.perf_counter()
    assert client.get("/users/me").status_code == 200
    assert time.perf_counter() - started >= 0.2


def test_the_same_seed_replays_the_same_faults(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    def statuses() -> list[int]:
        server = start_sim(fault_rate=0.5, faults=("429", "502", "503"), seed=42)
        client = make_client(server)
        return [client.get("/users/me").status_code for _ in range(30)]

    first = statuses()
    assert first == statuses()
    assert {200, 429, 502, 503} <= set(first)


def test_the_admin_api_is_never_faulted(sim: SimServer) -> None:
    sim.set_faults(1.0, ["reset", "503", "502", "429"])
    for _ in range(10):
        assert sim.stats()["runs_created"] == 0
    sim.reset()
    assert sim.stats()["faults_injected"] == {"before": {}, "after": {}}


def test_unknown_faults_are_refused(sim: SimServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as raised:
        sim.set_faults(0.5, ["teapot"])
    assert raised.value.code == 422


def test_latency_slows_api_answers_only(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    server = start_sim(latency=0.15)
    client = make_client(server)
    started = time.perf_counter()
    client.get("/users/me")
    assert time.perf_counter() - started >= 0.15
    started = time.perf_counter()
    server.stats()
    assert time.perf_counter() - started < 0.15


def test_in_process_a_reset_raises_out_of_the_app() -> None:
    app = create_app(SimConfig(fault_rate=1.0, faults=("reset",), seed=1))

    async def call() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
            await client.get("/v1/users/me", headers={"Authorization": "Bearer sim-token"})

    with pytest.raises(ConnectionResetError):
        asyncio.run(call())


def test_a_504_is_a_gateway_page(sim: SimServer, client: httpx.Client) -> None:
    sim.set_faults(1.0, ["504"], seed=2)
    response = client.get("/users/me")
    assert response.status_code == 504 and "<h1>504 Gateway Time-out</h1>" in response.text


def test_a_lost_answer_comes_after_a_create_that_happened(
    sim: SimServer, client: httpx.Client
) -> None:
    seeded = client.get("/organizations/1/agent/runs").json()["total"]
    sim.set_faults(1.0, ["lost"], seed=4)
    answers: list[int | str] = []
    for _ in range(12):
        try:
            answers.append(create(client).status_code)
        except httpx.TransportError:
            answers.append("reset")
    assert set(answers) == {502, 504, "reset"}  # each way a gateway loses an answer
    stats = sim.stats()
    assert stats["faults_injected"] == {"before": {}, "after": {"lost": 12}}
    assert stats["runs_created"] == 12  # every one of them was created
    sim.set_faults(0.0)
    assert client.get("/organizations/1/agent/runs").json()["total"] == seeded + 12


def test_a_lost_answer_applies_to_resumes_and_only_to_requests_that_start_work(
    sim: SimServer, client: httpx.Client, all_logs: Callable[[int], list[dict[str, Any]]]
) -> None:
    sim.set_faults(1.0, ["lost"], seed=5)
    assert client.get("/users/me").status_code == 200
    assert client.post("/organizations/1/agent/run/ban", json={"agent_run_id": 1000}).status_code
    assert client.get("/organizations/1/agent/runs").status_code == 200
    body = {"agent_run_id": 1000, "prompt": "Follow up, answer lost"}
    try:
        lost = client.post("/organizations/1/agent/run/resume", json=body).status_code
    except httpx.TransportError:
        lost = 0
    assert lost in (0, 502, 504)
    sim.set_faults(0.0)
    sim.advance(60)
    assert any(entry["observation"] == body["prompt"] for entry in all_logs(1000))
    stats = sim.stats()
    assert stats["faults_injected"]["after"] == {"lost": 1} and stats["resumes_applied"] == 1


def test_a_naive_retry_after_a_lost_answer_duplicates_and_the_counters_show_it(
    sim: SimServer, client: httpx.Client
) -> None:
    """What the realistic default (keys ignored) exposes: a client retrying a create whose answer
    was lost, even with the same Idempotency-Key, starts the run twice."""
    request_id = {"codegen_client_request_id": "3f6e0d7c", "ticket": "ENG-7"}
    sim.set_faults(1.0, ["lost"], seed=6)
    try:
        lost = client.post(
            "/organizations/1/agent/run",
            json={"prompt": "Once, please", "metadata": request_id},
            headers={"Idempotency-Key": "same"},
        ).status_code
    except httpx.TransportError:
        lost = 0
    assert lost in (0, 502, 504)
    sim.set_faults(0.0)
    retried = client.post(
        "/organizations/1/agent/run",
        json={"prompt": "Once, please", "metadata": request_id},
        headers={"Idempotency-Key": "same"},
    )
    assert retried.json()["metadata"] == request_id  # the user's metadata kept with the stamp
    assert sim.stats()["client_request_ids"] == {
        "runs": 2,
        "distinct": 1,
        "duplicate_runs": 1,
        "repeated": {"3f6e0d7c": 2},
    }
