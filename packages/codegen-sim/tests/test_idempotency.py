"""Idempotency-Key: ignored by default, as by the real API; when honoured, a repeated key returns
the first answer and creates nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from codegen_sim import SimServer


def create(client: httpx.Client, key: str | None, prompt: str = "Add a feature") -> httpx.Response:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/organizations/1/agent/run", json={"prompt": prompt}, headers=headers)


def test_by_default_the_key_is_ignored_as_the_real_api_would(
    sim: SimServer, client: httpx.Client
) -> None:
    first, second = create(client, "key-1"), create(client, "key-1")
    assert first.json()["id"] != second.json()["id"]
    assert "idempotency-key" not in first.headers and "idempotent-replayed" not in second.headers
    assert create(client, "key-1", "another request").status_code == 200  # no 409 either
    assert create(client, "k" * 10_000).status_code == 200  # not read, so not refused
    assert sim.stats()["runs_created"] == 4


def test_the_admin_switch_turns_keys_on_until_a_reset(sim: SimServer, client: httpx.Client) -> None:
    sim.set_idempotency(True)
    assert create(client, "k").json() == create(client, "k").json()
    sim.set_idempotency(False)
    assert create(client, "k").json()["id"] != create(client, "k").json()["id"]
    sim.set_idempotency(True)
    sim.reset()
    assert create(client, "k").json()["id"] != create(client, "k").json()["id"]


def test_a_repeated_create_returns_the_first_run(sim: SimServer, client: httpx.Client) -> None:
    sim.set_idempotency(True)
    first, second = create(client, "key-1"), create(client, "key-1")
    assert (first.status_code, first.json()) == (second.status_code, second.json())
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == "key-1"
    assert "idempotent-replayed" not in first.headers
    assert second.headers["idempotent-replayed"] == "true"
    assert sim.stats()["runs_created"] == 1
    assert create(client, "key-2").json()["id"] == first.json()["id"] + 1


def test_posts_without_a_key_are_not_replayed(sim: SimServer, client: httpx.Client) -> None:
    sim.set_idempotency(True)
    first, second = create(client, None), create(client, None)
    assert first.json()["id"] != second.json()["id"]
    assert "idempotency-key" not in first.headers


def test_keys_belong_to_a_token(start_sim: Callable[..., SimServer], make_client: Any) -> None:
    server = start_sim(extra_users=1, honour_idempotency_keys=True)
    mine, theirs = make_client(server), make_client(server, token="sim-token-2")
    assert create(mine, "shared").json()["id"] != create(theirs, "shared").json()["id"]
    assert server.stats()["runs_created"] == 2


def test_a_key_reused_for_another_request_is_409(sim: SimServer, client: httpx.Client) -> None:
    sim.set_idempotency(True)
    create(client, "key-1", "one thing")
    response = create(client, "key-1", "another thing")
    assert response.status_code == 409
    assert response.json() == {
        "message": "This Idempotency-Key was used for a different request.",
        "status_code": 409,
    }


def test_a_repeated_resume_logs_the_follow_up_once(
    client: httpx.Client, sim: SimServer, all_logs: Callable[[int], list[dict[str, Any]]]
) -> None:
    sim.set_idempotency(True)
    run = create(client, None).json()
    sim.advance(10)
    body = {"agent_run_id": run["id"], "prompt": "Also add tests"}
    for _ in range(3):
        response = client.post(
            "/organizations/1/agent/run/resume", json=body, headers={"Idempotency-Key": "r"}
        )
        assert response.status_code == 200
    sim.advance(10)
    follow_ups = [e for e in all_logs(run["id"]) if e["observation"] == "Also add tests"]
    assert len(follow_ups) == 1


def test_a_retry_after_a_lost_answer_gets_the_run_that_was_created(
    sim: SimServer, client: httpx.Client
) -> None:
    sim.set_idempotency(True)
    sim.set_faults(1.0, ["502"], seed=9)
    for _ in range(20):
        assert create(client, "retry-me").status_code == 502
        if sim.stats()["faults_injected"]["after"]:
            break
    assert sim.stats()["runs_created"] == 1  # the handler ran once behind the 502
    sim.set_faults(0.0)
    retried = create(client, "retry-me")
    assert retried.status_code == 200 and retried.headers["idempotent-replayed"] == "true"
    assert sim.stats()["runs_created"] == 1
    assert client.get(f"/organizations/1/agent/run/{retried.json()['id']}").status_code == 200
