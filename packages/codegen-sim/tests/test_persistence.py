"""--state FILE: the state survives a restart, and a kill loses nothing that was acknowledged."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from codegen_sim import SimServer


def without_web_url(body: dict[str, Any]) -> dict[str, Any]:
    """A run's JSON but its ``web_url``, which names the port the server happened to get."""
    return {key: value for key, value in body.items() if key != "web_url"}


def test_a_restart_sees_the_same_runs_logs_settings_and_counters(
    tmp_path: Path, start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    state = str(tmp_path / "sim.db")
    first = start_sim(state_file=state, honour_idempotency_keys=True)
    client = make_client(first)
    run = client.post("/organizations/1/agent/run", json={"prompt": "Persist me sim:prs=2"}).json()
    first.advance(10)
    client.post(
        "/organizations/1/agent/run/resume", json={"agent_run_id": run["id"], "prompt": "More"}
    )
    first.advance(10)
    client.put(
        "/organizations/1/repos/check-suite-settings",
        params={"repo_id": 10},
        json={"check_retry_count": 7},
    )
    replayable = client.post(
        "/organizations/1/agent/run", json={"prompt": "Once"}, headers={"Idempotency-Key": "k"}
    )
    before_run = without_web_url(client.get(f"/organizations/1/agent/run/{run['id']}").json())
    before_logs = without_web_url(
        client.get(f"/alpha/organizations/1/agent/run/{run['id']}/logs").json()
    )
    first.stop()

    second = start_sim(state_file=state, honour_idempotency_keys=True)
    client = make_client(second)
    assert (
        without_web_url(client.get(f"/organizations/1/agent/run/{run['id']}").json()) == before_run
    )
    logs = client.get(f"/alpha/organizations/1/agent/run/{run['id']}/logs").json()
    assert without_web_url(logs) == before_logs and len(logs["logs"]) > 20
    assert (
        client.get("/organizations/1/repos/check-suite-settings", params={"repo_id": 10}).json()[
            "check_retry_count"
        ]
        == 7
    )
    assert second.stats()["runs_created"] == 2
    again = client.post(
        "/organizations/1/agent/run", json={"prompt": "Once"}, headers={"Idempotency-Key": "k"}
    )
    assert again.json() == replayable.json() and again.headers["idempotent-replayed"] == "true"
    newer = client.post("/organizations/1/agent/run", json={"prompt": "New"}).json()
    assert newer["id"] == replayable.json()["id"] + 1


def test_the_clock_does_not_go_back_across_a_restart(
    tmp_path: Path, start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    state = str(tmp_path / "sim.db")
    first = start_sim(state_file=state)
    run = (
        make_client(first)
        .post("/organizations/1/agent/run", json={"prompt": "Slow sim:seconds=1000"})
        .json()
    )
    first.advance(2000)
    first.stop()
    second = start_sim(state_file=state)
    assert (
        make_client(second).get(f"/organizations/1/agent/run/{run['id']}").json()["status"]
        == "COMPLETE"
    )


def test_a_reset_clears_the_state_file_too(
    tmp_path: Path, start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    state = str(tmp_path / "sim.db")
    first = start_sim(state_file=state)
    run = make_client(first).post("/organizations/1/agent/run", json={"prompt": "Gone soon"}).json()
    first.reset()
    first.stop()
    second = start_sim(state_file=state)
    assert make_client(second).get(f"/organizations/1/agent/run/{run['id']}").status_code == 404
    assert second.stats()["runs_created"] == 0


def serve(state: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "codegen_sim",
            "serve",
            "--port",
            "0",
            "--state",
            str(state),
            "--no-rate-limits",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("export CODEGEN_API_URL="):
            return process, line.strip().split("=", 1)[1]
    raise AssertionError("serve printed no URL")


def test_a_kill_loses_nothing_that_was_acknowledged(tmp_path: Path) -> None:
    state = tmp_path / "sim.db"
    process, url = serve(state)
    headers = {"Authorization": "Bearer sim-token"}
    try:
        created = [
            httpx.post(
                f"{url}/organizations/1/agent/run", json={"prompt": f"run {n}"}, headers=headers
            ).json()["id"]
            for n in range(5)
        ]
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert process.stdout is not None
        process.stdout.close()
    process, url = serve(state)
    try:
        for run_id in created:
            assert (
                httpx.get(f"{url}/organizations/1/agent/run/{run_id}", headers=headers).status_code
                == 200
            )
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
        assert process.stdout is not None
        process.stdout.close()
