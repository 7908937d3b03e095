"""Peak memory of `codegen logs ID --follow` over a run that writes 100,000 log entries, live.

The command runs as a process of its own against `codegen-sim serve` (rate limits off on both
sides, so the follow reads as fast as the entries are written), its output piped and counted, and
its peak resident set size taken from the kernel when it exits (`wait4`). For scale, the same command
following a run of 100 entries: a follow keeps only its position in the log, so the two should be
about the same. Target: under 60 MB. Printed, never asserted.

    uv run python bench/bench_logs_follow_memory.py [--entries 100000] [--python PATH]

`--python` runs the command with another environment's interpreter, as bench_cli_commands.py does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _support import TOKEN, machine, sim_process

TARGET_MB = 60
RUN_SECONDS = 20
"""How long (simulated, at speed 1: real) a run takes to write its entries."""


def start_run(api_url: str, entries: int) -> int:
    from codegen import ClientConfig, CodegenClient

    config = ClientConfig(api_token=TOKEN, api_url=api_url, org_id=1, read_env=False)
    with CodegenClient(config) as client:
        return client.create_agent_run(
            f"follow benchmark sim:logs={entries} sim:seconds={RUN_SECONDS}"
        ).id


def follow(command: list[str], env: dict[str, str]) -> tuple[int, float, float]:
    """Lines printed, seconds taken and peak resident megabytes of ``command``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: process.stdout.read(1 << 16), b""))
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: the run ended unsuccessfully
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")
    return lines, time.perf_counter() - started, usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--python", default=sys.executable, help="interpreter of the command")
    args = parser.parse_args()
    script = Path(args.python).with_name("codegen")
    codegen = [str(script)] if script.exists() else [args.python, "-m", "codegen_cli"]
    results = {}
    with sim_process("--no-rate-limits", "--seed", "1") as api_url, \
            tempfile.TemporaryDirectory() as home:  # fmt: skip
        env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
        env.update(
            CODEGEN_API_URL=api_url,
            CODEGEN_API_TOKEN=TOKEN,
            CODEGEN_ORG_ID="1",
            CODEGEN_CONFIG_DIR=home,
            CODEGEN_RATE_LIMIT="0",
        )
        for entries in (100, args.entries):
            run_id = start_run(api_url, entries)
            results[entries] = follow([*codegen, "logs", str(run_id), "--follow"], env)
    print(f"# codegen logs ID --follow, peak resident memory — {machine()}")
    for entries, (lines, seconds, megabytes) in results.items():
        print(
            f"{entries:>7,} entries written over {RUN_SECONDS} s: {lines:>7,} lines in"
            f" {seconds:5.1f} s, peak {megabytes:5.1f} MB"
        )
    _, _, peak = results[args.entries]
    print(f"peak with {args.entries:,} entries: {peak:.1f} MB (target < {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
