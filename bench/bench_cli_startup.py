"""Start-up time of the `codegen` command, against the interpreter and typer themselves.

Runs each command N times as a fresh subprocess, in interleaved rounds, and prints the medians and
two ratios, with the targets of the issue:

- `codegen --version` / `python -c pass`        (target <= 3x: nothing but the version is loaded)
- `codegen --help` / `python -c "import typer"`  (target <= 1.5x: typer, no client, no rich)

`codegen run --help` is shown too: a command's help loads no more than the root's.

    uv run python bench/bench_cli_startup.py [-n 30] [--python PATH]

The `codegen` console script of the interpreter's environment is used when it exists (that is what
users run), else `python -m codegen_cli`; `--python` measures another environment (`nox -s bench`
passes one holding only codegen-cli and its dependencies). Bytecode caches are warm and written
(PYTHONDONTWRITEBYTECODE is unset, as on a user's machine). Numbers are reported, never asserted:
timing on a shared machine is too noisy for a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _support import machine


def codegen_command(python: str) -> list[str]:
    script = Path(python).with_name("codegen")
    return [str(script)] if script.exists() else [python, "-m", "codegen_cli"]


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median seconds of each command, run ``runs`` times each in interleaved rounds (so that a
    burst of load on the shared machine hits every command alike)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for command in commands.values():  # warm the file and bytecode caches
        subprocess.run(command, env=env, capture_output=True, check=True)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(samples) for name, samples in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=30, help="runs per command (30)")
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure")
    args = parser.parse_args()
    runs, python = args.runs, args.python
    codegen = codegen_command(python)
    commands = {
        "python -c pass": [python, "-c", "pass"],
        'python -c "import typer"': [python, "-c", "import typer"],
        "codegen --version": [*codegen, "--version"],
        "codegen --help": [*codegen, "--help"],
        "codegen run --help": [*codegen, "run", "--help"],
    }
    ms = {name: seconds * 1000 for name, seconds in medians(commands, runs).items()}
    print(f"# median of {runs} runs each, interleaved — {machine()}")
    print(f"# {' '.join(codegen)}")
    for name, value in ms.items():
        print(f"  {name:<28} {value:7.1f} ms")
    version = ms["codegen --version"] / ms["python -c pass"]
    help_ = ms["codegen --help"] / ms['python -c "import typer"']
    print(f"codegen --version / python -c pass:        {version:.2f}x (target <= 3x)")
    print(f'codegen --help / python -c "import typer": {help_:.2f}x (target <= 1.5x)')


if __name__ == "__main__":
    main()
