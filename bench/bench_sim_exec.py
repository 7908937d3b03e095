"""What `codegen-sim exec` adds to the command it runs.

- `codegen-sim exec -- true` against `true` itself (target: adds <= 0.5 s);
- a command's first API answer: a small script that GETs /users/me, run under `codegen-sim exec`,
  against the same script run against a simulator that is already serving (`codegen-sim serve`):
  how much longer the command waits for its private simulator than for one that is up.

Each command runs N times as a fresh process, in interleaved rounds so that drift hits all alike;
medians are printed. Bytecode caches are warm and written (PYTHONDONTWRITEBYTECODE is unset for
the commands, as on a user's machine).

    uv run python bench/bench_sim_exec.py [-n 20]

Numbers are reported, never asserted: timing on a shared machine is too noisy for a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

from _support import BIN, TOKEN, machine, median_ms, sim_process

FIRST_REQUEST = (
    "import os, urllib.request\n"
    "request = urllib.request.Request(os.environ['CODEGEN_API_URL'] + '/users/me',"
    " headers={'Authorization': 'Bearer ' + os.environ['CODEGEN_API_TOKEN']})\n"
    "urllib.request.urlopen(request, timeout=30).read()\n"
)
TARGET_MS = 500


def codegen_sim() -> list[str]:
    script = BIN / "codegen-sim"
    return [str(script)] if script.exists() else [sys.executable, "-m", "codegen_sim"]


def seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def interleaved(
    commands: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> dict[str, float]:
    """Median milliseconds of each command, run ``runs`` times each, round by round."""
    for command, env in commands.values():
        seconds(command, env)  # warm the file and bytecode caches
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            samples[name].append(seconds(command, env))
    return {name: median_ms(times) for name, times in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="runs per command (20)")
    runs = parser.parse_args().runs
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "PYTHONDONTWRITEBYTECODE" and not name.startswith("CODEGEN_")
    }
    true = shutil.which("true") or "true"
    sim = codegen_sim()
    with sim_process("--no-rate-limits") as api_url:
        serving = {**env, "CODEGEN_API_URL": api_url, "CODEGEN_API_TOKEN": TOKEN}
        first_request = [sys.executable, "-c", FIRST_REQUEST]
        medians = interleaved(
            {
                "true": ([true], env),
                "codegen-sim exec -- true": ([*sim, "exec", "--", true], env),
                "first answer, simulator already serving": (first_request, serving),
                "first answer under codegen-sim exec": ([*sim, "exec", "--", *first_request], env),
            },
            runs,
        )
    print(f"# codegen-sim exec start-up, median of {runs} runs each — {machine()}")
    for name, ms in medians.items():
        print(f"  {name:<42} {ms:8.1f} ms")
    ours, baseline = medians["codegen-sim exec -- true"], medians["true"]
    print(
        f"codegen-sim exec -- true / true: {ours / baseline:.1f}x; exec adds {ours - baseline:.0f} ms"
        f" (target <= {TARGET_MS} ms)"
    )
    waited = medians["first answer under codegen-sim exec"]
    ready = medians["first answer, simulator already serving"]
    print(
        f"first answer under exec / against a serving simulator: {waited / ready:.2f}x;"
        f" exec adds {waited - ready:.0f} ms before the command's first answer"
    )


if __name__ == "__main__":
    main()
