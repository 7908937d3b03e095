"""A run's life on the simulated clock: PENDING → ACTIVE → COMPLETE, its logs, result and PRs."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from codegen_models import AgentRun, AgentRunLog, LogMessageType
from codegen_sim import SimServer

Logs = Callable[[int], list[dict[str, Any]]]


def status(client: httpx.Client, run_id: int) -> str:
    run: str = client.get(f"/organizations/1/agent/run/{run_id}").json()["status"]
    return run


def test_a_run_goes_pending_active_complete(
    client: httpx.Client, create_run: Any, sim: SimServer
) -> None:
    run = create_run("Help me refactor this code for better performance")
    assert run["status"] == "PENDING"
    sim.advance(1.0)
    assert status(client, run["id"]) == "ACTIVE"
    sim.advance(2.8)
    assert status(client, run["id"]) == "ACTIVE"
    sim.advance(0.3)  # the default run takes 4 simulated seconds
    done = AgentRun.model_validate(client.get(f"/organizations/1/agent/run/{run['id']}").json())
    assert done.status == "COMPLETE"
    assert done.result and "Refactor this code for better performance" in done.result
    assert done.summary and "tests pass" in done.summary
    (pr,) = done.pull_requests
    assert pr.url and pr.url.startswith("https://github.com/acme-robotics/robot-arm/pull/")
    assert pr.head_branch_name and pr.head_branch_name.startswith("codegen-bot/refactor-this-code")
    assert pr.title == "Refactor this code for better performance" and pr.created_at


def test_logs_appear_over_time_and_end_with_the_final_answer(
    client: httpx.Client, create_run: Any, sim: SimServer, all_logs: Logs
) -> None:
    run = create_run()
    counts = []
    for _ in range(6):
        counts.append(len(all_logs(run["id"])))
        sim.advance(0.8)
    assert counts[0] == 0 and counts == sorted(counts) and len(set(counts)) >= 4
    logs = [AgentRunLog.model_validate(entry) for entry in all_logs(run["id"])]
    assert logs[-1].message_type == "FINAL_ANSWER"
    assert (
        logs[-1].observation
        == client.get(f"/organizations/1/agent/run/{run['id']}").json()["result"]
    )
    assert (
        logs[0].message_type == "USER_MESSAGE"
        and logs[0].observation == "Help me refactor this code"
    )


def test_a_default_run_logs_all_thirteen_message_types(
    create_run: Any, sim: SimServer, all_logs: Logs
) -> None:
    run = create_run()
    sim.advance(10)
    logs = [AgentRunLog.model_validate(entry) for entry in all_logs(run["id"])]
    assert {log.message_type_value for log in logs} == set(LogMessageType)
    actions = [log for log in logs if log.message_type == "ACTION"]
    assert all(
        log.tool_name and log.tool_input is not None and log.tool_output is not None
        for log in actions
    )
    assert {"ripgrep_search", "view_file", "edit_file", "run_command", "create_pr"} <= {
        log.tool_name for log in actions
    }
    observations = [log.observation for log in logs if log.observation is not None]
    assert any(isinstance(o, str) for o in observations) and any(
        isinstance(o, dict) for o in observations
    )
    assert all(log.thought for log in logs if log.message_type == "PLAN_EVALUATION")
    assert all(log.observation for log in logs if log.message_type in ("ERROR", "FINAL_ANSWER"))
    assert all(log.agent_run_id == run["id"] for log in logs)


def test_logs_are_chronological_and_reversible_and_page_consistently(
    client: httpx.Client, create_run: Any, sim: SimServer, all_logs: Logs
) -> None:
    run = create_run()
    sim.advance(10)
    path = f"/alpha/organizations/1/agent/run/{run['id']}/logs"
    everything = all_logs(run["id"])
    stamps = [entry["created_at"] for entry in everything]
    assert stamps == sorted(stamps)
    newest_first = client.get(path, params={"reverse": True}).json()
    assert newest_first["logs"] == everything[::-1]
    page = client.get(path, params={"skip": 5, "limit": 7}).json()
    assert page["logs"] == everything[5:12]
    assert (page["total_logs"], page["page"], page["size"]) == (len(everything), 1, 7)
    tail = client.get(path, params={"skip": 5, "limit": 7, "reverse": True}).json()["logs"]
    assert tail == everything[::-1][5:12]
    assert client.get(path, params={"skip": 1000}).json()["logs"] == []
    assert client.get(path, params={"limit": 101}).status_code == 422


def test_the_same_run_tells_the_same_story(
    client: httpx.Client, create_run: Any, sim: SimServer, all_logs: Logs
) -> None:
    def story() -> list[tuple[Any, ...]]:
        run = create_run("Add caching")
        sim.advance(10)
        return [
            (e["message_type"], e["thought"], e["tool_input"], e["observation"])
            for e in all_logs(run["id"])
        ]

    first = story()
    sim.reset()
    assert story() == first


def test_speed_makes_a_run_finish_in_real_time(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    server = start_sim(speed=40.0)
    client = make_client(server)
    run = client.post("/organizations/1/agent/run", json={"prompt": "Quick one"}).json()
    deadline = time.monotonic() + 5
    while status(client, run["id"]) != "COMPLETE":
        assert time.monotonic() < deadline, "a default run at speed 40 should take 0.1 s"
        time.sleep(0.02)


def test_run_seconds_sets_the_default_duration(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    server = start_sim(run_seconds=100)
    client = make_client(server)
    run = client.post("/organizations/1/agent/run", json={"prompt": "Slow one"}).json()
    server.advance(99)
    assert status(client, run["id"]) == "ACTIVE"
    server.advance(2)
    assert status(client, run["id"]) == "COMPLETE"
