"""Per-request overhead of the clients: ``get_agent_run`` vs raw httpx GET + ``.json()``.

Both talk to the same simulator (own process, rate limits off) over keep-alive connections, in
interleaved rounds so that drift hits both alike. Target: ratio ≤ 1.2, sync and async.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import httpx
from _support import TOKEN, machine, median_ms, sim_process

from codegen import AsyncCodegenClient, ClientConfig, CodegenClient


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=300, help="per round and side")
    args = parser.parse_args()
    with sim_process("--no-rate-limits", "--seed", "1") as api_url:
        config = ClientConfig(api_token=TOKEN, api_url=api_url, rate_limit=False, org_id=None)
        with CodegenClient(config=config) as client:
            org_id = next(client.iter_organizations()).id
            run = client.create_agent_run("benchmark", org_id=org_id)
        config = config.replace(org_id=org_id)
        url = f"{api_url}/organizations/{org_id}/agent/run/{run.id}"
        headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
        print(f"# client overhead per request — {machine()}")
        sync_raw, sync_ours = measure_sync(config, url, headers, run.id, args.rounds, args.requests)
        async_raw, async_ours = asyncio.run(
            measure_async(config, url, headers, run.id, args.rounds, args.requests)
        )
    for label, raw, ours in (("sync", sync_raw, sync_ours), ("async", async_raw, async_ours)):
        print(
            f"{label:5}  raw httpx {median_ms(raw):.3f} ms   get_agent_run {median_ms(ours):.3f} ms"
            f"   ratio {median_ms(ours) / median_ms(raw):.2f}x (target <= 1.2x)"
        )


def measure_sync(
    config: ClientConfig, url: str, headers: dict[str, str], run_id: int, rounds: int, n: int
) -> tuple[list[float], list[float]]:
    raw: list[float] = []
    ours: list[float] = []
    with httpx.Client() as http, CodegenClient(config=config) as client:
        for _ in range(20):  # warm both connections
            http.get(url, headers=headers).json()
            client.get_agent_run(agent_run_id=run_id)
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(n):
                http.get(url, headers=headers).json()
            raw.append((time.perf_counter() - start) / n)
            start = time.perf_counter()
            for _ in range(n):
                client.get_agent_run(agent_run_id=run_id)
            ours.append((time.perf_counter() - start) / n)
    return raw, ours


async def measure_async(
    config: ClientConfig, url: str, headers: dict[str, str], run_id: int, rounds: int, n: int
) -> tuple[list[float], list[float]]:
    raw: list[float] = []
    ours: list[float] = []
    async with httpx.AsyncClient() as http, AsyncCodegenClient(config=config) as client:
        for _ in range(20):
            (await http.get(url, headers=headers)).json()
            await client.get_agent_run(agent_run_id=run_id)
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(n):
                (await http.get(url, headers=headers)).json()
            raw.append((time.perf_counter() - start) / n)
            start = time.perf_counter()
            for _ in range(n):
                await client.get_agent_run(agent_run_id=run_id)
            ours.append((time.perf_counter() - start) / n)
    return raw, ours


if __name__ == "__main__":
    main()
