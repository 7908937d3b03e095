"""A batch of 200 prompts at the API's ceiling: how close to the floor the create limit sets, and
what watching the runs costs.

The simulator's create class is scaled to 100 per 10 s (the real API: 10 per 60 s), the client's
limiter to the same, so the floor — the least time 200 creates can take at that rate — is
200 ÷ 10/s = 20 s. The batch's wall time (creates plus waiting for the last run to end) is printed
against it, with the simulator's count of 429s (the target: none) and the API requests made per
watched run per minute (the runs are watched through pages of list_agent_runs).
"""

from __future__ import annotations

import json
import time
import urllib.request

from _support import TOKEN, machine, sim_process

from codegen import ClientConfig, CodegenClient, RateClass, RateLimit

PROMPTS = 200
CREATES, WINDOW = 100, 10.0


def main() -> None:
    rate = CREATES / WINDOW
    options = (
        "--admin", "--speed", "4", "--run-seconds", "8", "--seed", "1",
        "--rate-limit", f"create={CREATES}/{WINDOW:g}",
    )  # fmt: skip
    with sim_process(*options) as api_url:
        config = ClientConfig(
            api_token=TOKEN,
            api_url=api_url,
            read_env=False,
            rate_limits={RateClass.CREATE: RateLimit(CREATES, WINDOW)},
        )
        with CodegenClient(config) as client:
            org_id = next(client.iter_organizations()).id
            before = stats(api_url)
            started = time.perf_counter()
            results = list(
                client.run_batch(
                    [f"batch prompt {n}" for n in range(PROMPTS)], org_id=org_id, poll_interval=2.0
                )
            )
            wall = time.perf_counter() - started
            after = stats(api_url)
    assert len(results) == PROMPTS and all(r.succeeded for r in results)
    floor = PROMPTS / rate

    def count(kind: str, route: str) -> int:
        return after[kind].get(route, 0) - before[kind].get(route, 0)

    create = "POST /v1/organizations/{org_id}/agent/run"
    lists = count("requests", "GET /v1/organizations/{org_id}/agent/runs")
    gets = count("requests", "GET /v1/organizations/{org_id}/agent/run/{agent_run_id}")
    rejected = count("requests", create) - count("handled", create)  # no faults: only 429s
    per_run_minute = (lists + gets) / PROMPTS / (wall / 60)
    print(f"# {PROMPTS} prompts, creates limited to {CREATES} per {WINDOW:g} s — {machine()}")
    print(f"floor (prompts ÷ create rate)            {floor:.1f} s")
    print(
        f"batch wall time (creates + runs ending)  {wall:.1f} s: {wall / floor:.2f}x the floor (target <= 1.10x)"
    )
    print(f"429 answers from the simulator           {rejected} (target 0)")
    print(f"watch requests: {lists} list pages, {gets} single GETs")
    print(f"API requests per watched run per minute  {per_run_minute:.2f}")


def stats(api_url: str) -> dict[str, dict[str, int]]:
    base = api_url.removesuffix("/v1")
    with urllib.request.urlopen(f"{base}/_sim/stats", timeout=10) as response:
        data: dict[str, dict[str, int]] = json.loads(response.read())
        return data


if __name__ == "__main__":
    main()
