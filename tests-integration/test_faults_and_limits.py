"""A bad network and a busy program, end to end against codegen-sim.

Faults: a fifth of all API responses go wrong — 429, 502, 503, a reset connection or a slow answer —
on both sides of the handler (a 503 before it ran; a reset after it ran and changed state). Creating,
waiting, listing and following logs still succeed; the simulator's counters show no run was created
twice, and the followed log equals the log read afterwards with faults off: nothing lost, nothing
repeated.

Rate limits: 30 creates from one async batch all succeed, the client-side limiter keeping them inside
the server's limit so that no 429 reaches the caller.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from typing import Any

from codegen import AsyncCodegenClient, ClientConfig, CodegenClient, RateClass, RateLimit
from codegen_sim import SimServer

FAULTS = ("429", "502", "503", "reset", "slow")


def faulty_config(sim: SimServer, **options: Any) -> ClientConfig:
    return ClientConfig(
        api_token=sim.token,
        org_id=sim.org_id,
        api_url=sim.api_url,
        rate_limit=False,
        # The simulator honours Idempotency-Key, so a create whose connection broke after the
        # handler ran may be repeated safely (codegen-sim exec sets this for the CLI).
        trust_idempotency_keys=True,
        max_retries=6,
        timeout=10,
        **options,
    )


def test_clients_ride_out_faults_on_both_sides_of_the_handler(start_sim: Any) -> None:
    sim = start_sim(fault_rate=0.2, faults=FAULTS, slow_seconds=0.2, seed=7, speed=5.0)
    prompts = [f"job {i} sim:logs=150 sim:seconds=3" for i in range(4)]
    with CodegenClient(config=faulty_config(sim)) as client:
        runs = [client.create_agent_run(prompt) for prompt in prompts]
        followed = {
            run.id: list(client.follow_agent_run_logs(agent_run_id=run.id, poll_interval=0.05))
            for run in runs
        }
        finished = [
            client.wait_for_completion(agent_run_id=run.id, poll_interval=0.05) for run in runs
        ]
        listed = [run.id for run in client.iter_agent_runs(page_size=2)]
    stats = sim.stats()
    injected = stats["faults_injected"]
    assert sum(injected["before"].values()) > 0, injected  # the handler never ran
    assert sum(injected["after"].values()) > 0, (
        injected
    )  # the handler ran, then the answer was lost
    assert stats["runs_created"] == len(prompts)  # not one run created twice
    assert all(run.succeeded for run in finished)
    assert {run.id for run in runs} <= set(listed)
    assert len(listed) == len(set(listed))

    sim.set_faults(0.0)
    with CodegenClient(config=faulty_config(sim)) as client:
        for run in runs:
            clean = [entry.to_dict() for entry in client.iter_agent_run_logs(agent_run_id=run.id)]
            assert [
                entry.to_dict() for entry in followed[run.id]
            ] == clean  # none lost, none repeated
            assert len(clean) == 150


def test_async_client_rides_out_faults_too(start_sim: Any) -> None:
    sim = start_sim(fault_rate=0.2, faults=FAULTS, slow_seconds=0.2, seed=11, speed=5.0)

    async def main() -> list[list[Any]]:
        async with AsyncCodegenClient(config=faulty_config(sim)) as client:
            runs = await asyncio.gather(
                *(client.create_agent_run(f"async {i} sim:logs=120") for i in range(3))
            )
            await asyncio.gather(
                *(client.wait_for_completion(agent_run_id=r.id, poll_interval=0.05) for r in runs)
            )
            return [[e async for e in client.iter_agent_run_logs(agent_run_id=r.id)] for r in runs]

    logs = asyncio.run(main())
    assert sim.stats()["runs_created"] == 3
    assert [len(entries) for entries in logs] == [120, 120, 120]


def test_thirty_creates_in_one_async_batch_meet_no_429(start_sim: Any) -> None:
    window = 2.0  # the spec's 10 creates a minute, shrunk to 10 per 2 s on both sides
    sim = start_sim(rate_limit_overrides={"create": (10, window)})
    config = ClientConfig(
        api_token=sim.token,
        org_id=sim.org_id,
        api_url=sim.api_url,
        max_retries=0,  # a 429 would surface instead of being retried away
        rate_limits={RateClass.CREATE: RateLimit(10, window)},
    )

    async def main() -> list[Any]:
        async with AsyncCodegenClient(config=config) as client:
            return list(
                await asyncio.gather(*(client.create_agent_run(f"batch {i}") for i in range(30)))
            )

    started = time.monotonic()
    runs = asyncio.run(main())
    elapsed = time.monotonic() - started
    assert len({run.id for run in runs}) == 30
    assert sim.stats()["runs_created"] == 30
    assert elapsed >= 2 * window * 0.9  # the limiter, not luck, spaced them out


def test_the_cli_rides_out_faults_too(start_sim: Any, make_env: Any) -> None:
    """`run --wait`, `logs --follow` and `list` as subprocesses, with the environment `codegen-sim
    exec` gives (which says the simulator honours Idempotency-Key)."""
    sim = start_sim(fault_rate=0.2, faults=FAULTS, slow_seconds=0.2, seed=3, speed=5.0)
    env = {**make_env(sim), "CODEGEN_TRUST_IDEMPOTENCY_KEYS": "1"}

    def codegen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["codegen", *args], env=env, capture_output=True, text=True, timeout=120
        )

    done = codegen("run", "--wait", "--json", "Refactor the planner sim:logs=120 sim:seconds=2")
    assert done.returncode == 0, done.stderr
    run = json.loads(done.stdout)
    assert run["status"] == "COMPLETE"
    followed = codegen("logs", str(run["id"]), "--follow", "--json")
    assert followed.returncode == 0, followed.stderr
    listed = codegen("list", "--limit", "50")
    assert listed.returncode == 0, listed.stderr
    assert str(run["id"]) in [line.split("\t")[0] for line in listed.stdout.splitlines()]

    injected = sim.stats()["faults_injected"]
    assert sum(injected["before"].values()) + sum(injected["after"].values()) > 0
    assert sim.stats()["runs_created"] == 1  # the create was never repeated into a second run
    sim.set_faults(0.0)
    with CodegenClient(config=faulty_config(sim)) as client:
        clean = [entry.to_dict() for entry in client.iter_agent_run_logs(agent_run_id=run["id"])]
    assert [json.loads(line) for line in followed.stdout.splitlines()] == clean
    assert len(clean) == 120
