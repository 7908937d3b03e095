"""Reading 10,000 log entries (100 pages) from a server that takes 20 ms per request: the async
client's concurrent paging vs sequential paging, and the peak memory while streaming.

Target: concurrent ≥ 5× faster than sequential. Memory is reported, not targeted: entries are
consumed as they stream, so the peak stays around a few pages' worth however long the log is.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import tracemalloc

from _support import TOKEN, machine, sim_process

from codegen import AsyncCodegenClient, ClientConfig, CodegenClient

ENTRIES = 10_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.02)
    args = parser.parse_args()
    options = ("--no-rate-limits", "--latency", str(args.latency), "--speed", "1000", "--seed", "1")
    with sim_process(*options) as api_url:
        config = ClientConfig(api_token=TOKEN, api_url=api_url, rate_limit=False)
        with CodegenClient(config=config) as client:
            org_id = next(client.iter_organizations()).id
            config = config.replace(org_id=org_id)
            run = client.create_agent_run(
                f"benchmark sim:logs={ENTRIES} sim:seconds=5", org_id=org_id
            )
            run = client.wait_for_completion(agent_run_id=run.id, org_id=org_id, poll_interval=0.2)
            first = client.get_agent_run_logs(org_id, run.id, limit=1)
        assert first.total_logs == ENTRIES, first.total_logs
        print(
            f"# {ENTRIES} log entries, 100 pages, {args.latency * 1000:.0f} ms per request — {machine()}"
        )
        sequential = min(asyncio.run(read_sequentially(config, run.id)) for _ in range(2))
        concurrent = min(asyncio.run(read_concurrently(config, run.id))[0] for _ in range(3))
        _, peak = asyncio.run(read_concurrently(config, run.id, trace=True))
        with CodegenClient(config=config) as client:
            start = time.perf_counter()
            count = sum(1 for _ in client.iter_agent_run_logs(agent_run_id=run.id))
            sync_seconds = time.perf_counter() - start
        assert count == ENTRIES
    print(f"sequential pages (async, one at a time)  {sequential:.2f} s")
    print(f"sync client iter_agent_run_logs          {sync_seconds:.2f} s")
    print(f"async client iter_agent_run_logs         {concurrent:.2f} s")
    print(f"speed-up concurrent vs sequential        {sequential / concurrent:.1f}x (target >= 5x)")
    print(f"peak traced memory while streaming       {peak / 1e6:.1f} MB")


async def read_sequentially(config: ClientConfig, run_id: int) -> float:
    async with AsyncCodegenClient(config=config) as client:
        start = time.perf_counter()
        count = skip = 0
        while True:
            page = await client.get_agent_run_logs(agent_run_id=run_id, skip=skip, limit=100)
            count += len(page.logs)
            skip += len(page.logs)
            if len(page.logs) < 100:
                break
        elapsed = time.perf_counter() - start
    assert count == ENTRIES
    return elapsed


async def read_concurrently(
    config: ClientConfig, run_id: int, *, trace: bool = False
) -> tuple[float, int]:
    """Seconds to stream every entry; with ``trace``, the peak traced memory instead of a
    meaningful time (tracing slows Python down several times, so the two are separate passes)."""
    async with AsyncCodegenClient(config=config) as client:
        if trace:
            tracemalloc.start()
        start = time.perf_counter()
        count = 0
        async for _entry in client.iter_agent_run_logs(agent_run_id=run_id):
            count += 1
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        tracemalloc.stop()
    assert count == ENTRIES
    return elapsed, peak


if __name__ == "__main__":
    main()
