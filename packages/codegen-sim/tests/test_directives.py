"""Prompt directives make outcomes deterministic; resume carries a run on."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from codegen_sim import SimServer

Logs = Callable[[int], list[dict[str, Any]]]


def run_of(client: httpx.Client, run_id: int) -> dict[str, Any]:
    run: dict[str, Any] = client.get(f"/organizations/1/agent/run/{run_id}").json()
    return run


def resume(client: httpx.Client, run_id: int, prompt: str) -> httpx.Response:
    return client.post(
        "/organizations/1/agent/run/resume", json={"agent_run_id": run_id, "prompt": prompt}
    )


@pytest.mark.parametrize(
    ("directive", "status", "last_type"),
    [
        ("sim:fail", "FAILED", "FINAL_ANSWER"),
        ("sim:error", "ERROR", "ERROR"),
        ("sim:cancel", "CANCELLED", None),
    ],
)
def test_outcome_directives(
    client: httpx.Client,
    create_run: Any,
    sim: SimServer,
    all_logs: Logs,
    directive: str,
    status: str,
    last_type: str | None,
) -> None:
    run = create_run(f"Upgrade the dependencies {directive}")
    sim.advance(1)
    assert run_of(client, run["id"])["status"] == "ACTIVE"
    sim.advance(10)
    done = run_of(client, run["id"])
    assert done["status"] == status and done["github_pull_requests"] == []
    logs = all_logs(run["id"])
    assert "FINAL_ANSWER" not in [entry["message_type"] for entry in logs[:-1]]
    if last_type is not None:
        assert logs[-1]["message_type"] == last_type
    if status == "FAILED":
        assert "could not finish" in done["result"]
        assert "ERROR" in {entry["message_type"] for entry in logs}
    else:
        assert done["result"] is None


def test_pause_waits_for_a_resume_that_logs_the_follow_up_and_carries_on(
    client: httpx.Client, create_run: Any, sim: SimServer, all_logs: Logs
) -> None:
    run = create_run("Add an emergency stop sim:pause")
    sim.advance(3)
    assert run_of(client, run["id"])["status"] == "PAUSED"
    before = all_logs(run["id"])
    sim.advance(3600)
    assert run_of(client, run["id"])["status"] == "PAUSED" and all_logs(run["id"]) == before
    resumed = resume(client, run["id"], "Keep the old signature, add a wrapper")
    assert resumed.status_code == 200 and resumed.json()["status"] == "ACTIVE"
    message = all_logs(run["id"])[len(before)]
    assert (message["message_type"], message["observation"]) == (
        "USER_MESSAGE",
        "Keep the old signature, add a wrapper",
    )
    sim.advance(10)
    done = run_of(client, run["id"])
    assert done["status"] == "COMPLETE" and len(done["github_pull_requests"]) == 1
    assert all_logs(run["id"])[-1]["message_type"] == "FINAL_ANSWER"


@pytest.mark.parametrize("count", [0, 3])
def test_prs_directive_opens_that_many_pull_requests(
    client: httpx.Client, create_run: Any, sim: SimServer, count: int
) -> None:
    run = create_run(f"Split the module sim:prs={count}")
    sim.advance(10)
    done = run_of(client, run["id"])
    assert done["status"] == "COMPLETE"
    prs = done["github_pull_requests"]
    assert len(prs) == count
    assert len({pr["id"] for pr in prs}) == len({pr["head_branch_name"] for pr in prs}) == count


@pytest.mark.parametrize("count", [0, 1, 2, 7, 57])
def test_logs_directive_writes_exactly_that_many_entries(
    create_run: Any, sim: SimServer, all_logs: Logs, count: int
) -> None:
    run = create_run(f"Tidy up sim:logs={count}")
    sim.advance(10)
    logs = all_logs(run["id"])
    assert len(logs) == count
    if count:
        assert logs[-1]["message_type"] == "FINAL_ANSWER"
    if count >= 2:
        assert logs[0]["message_type"] == "USER_MESSAGE"


def test_ten_thousand_log_entries_page_quickly(
    client: httpx.Client, create_run: Any, sim: SimServer
) -> None:
    run = create_run("Big job sim:logs=10000")
    sim.advance(10)
    path = f"/alpha/organizations/1/agent/run/{run['id']}/logs"
    started = time.perf_counter()
    entries: list[dict[str, Any]] = []
    page_times = []
    while len(entries) < 10_000:
        page_started = time.perf_counter()
        page = client.get(path, params={"skip": len(entries), "limit": 100}).json()
        page_times.append(time.perf_counter() - page_started)
        assert page["total_logs"] == 10_000 and len(page["logs"]) == 100
        entries += page["logs"]
    assert time.perf_counter() - started < 20
    # Not quadratic: the last pages cost about what the first ones did.
    assert sum(page_times[-10:]) < 3 * sum(page_times[:10]) + 0.05
    assert entries[-1]["message_type"] == "FINAL_ANSWER"
    stamps = [entry["created_at"] for entry in entries]
    assert stamps == sorted(stamps)


def test_seconds_directive_sets_the_duration(
    client: httpx.Client, create_run: Any, sim: SimServer
) -> None:
    run = create_run("Take your time sim:seconds=30")
    sim.advance(29)
    assert run_of(client, run["id"])["status"] == "ACTIVE"
    sim.advance(1.5)
    assert run_of(client, run["id"])["status"] == "COMPLETE"
    instant = create_run("Right now sim:seconds=0")
    assert instant["status"] == "COMPLETE"


def test_a_paused_run_with_a_log_quota_keeps_it_across_the_resume(
    client: httpx.Client, create_run: Any, sim: SimServer, all_logs: Logs
) -> None:
    run = create_run("Careful sim:pause sim:logs=10")
    sim.advance(10)
    assert len(all_logs(run["id"])) == 5
    resume(client, run["id"], "Go ahead")
    sim.advance(10)
    assert len(all_logs(run["id"])) == 10 and run_of(client, run["id"])["status"] == "COMPLETE"


@pytest.mark.parametrize(
    "prompt", ["Do it sim:fial", "Do it sim:logs=lots", "Do it sim:prs=-1", "sim:seconds"]
)
def test_a_bad_directive_is_422_on_the_prompt(client: httpx.Client, prompt: str) -> None:
    response = client.post("/organizations/1/agent/run", json={"prompt": prompt})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "prompt"] and "sim:" in error["msg"]


def test_a_follow_up_on_a_finished_run_starts_a_new_phase(
    client: httpx.Client, create_run: Any, sim: SimServer, all_logs: Logs
) -> None:
    run = create_run("Add a cache")
    sim.advance(10)
    first = run_of(client, run["id"])
    logged = len(all_logs(run["id"]))
    assert resume(client, run["id"], "Also add unit tests").json()["status"] == "ACTIVE"
    assert all_logs(run["id"])[logged]["observation"] == "Also add unit tests"
    assert run_of(client, run["id"])["result"] == first["result"]  # until the follow-up has its own
    sim.advance(10)
    done = run_of(client, run["id"])
    assert done["status"] == "COMPLETE" and "Also add unit tests" in done["result"]
    assert done["github_pull_requests"] == first["github_pull_requests"]
    assert len(all_logs(run["id"])) > logged + 1


def test_a_follow_up_can_carry_directives(
    client: httpx.Client, create_run: Any, sim: SimServer
) -> None:
    run = create_run("Add a cache")
    sim.advance(10)
    resume(client, run["id"], "Now break it sim:fail")
    sim.advance(10)
    assert run_of(client, run["id"])["status"] == "FAILED"


def test_resuming_an_active_run_interrupts_it_and_carries_on(
    client: httpx.Client, create_run: Any, sim: SimServer, all_logs: Logs
) -> None:
    run = create_run("Long job sim:seconds=20")
    sim.advance(5)
    logged = len(all_logs(run["id"]))
    resume(client, run["id"], "Also handle the empty case")
    assert all_logs(run["id"])[logged]["message_type"] == "USER_MESSAGE"
    sim.advance(30)
    assert run_of(client, run["id"])["status"] == "COMPLETE"


def test_resuming_an_unknown_run_is_404(client: httpx.Client) -> None:
    response = resume(client, 999999, "hello")
    assert (response.status_code, response.json()) == (
        404,
        {"message": "Agent run not found.", "status_code": 404},
    )


def test_directives_stay_out_of_titles(
    client: httpx.Client, create_run: Any, sim: SimServer
) -> None:
    run = create_run("Please rename the helpers. sim:prs=1 sim:seconds=1")
    sim.advance(5)
    (pr,) = run_of(client, run["id"])["github_pull_requests"]
    assert pr["title"] == "Rename the helpers"
