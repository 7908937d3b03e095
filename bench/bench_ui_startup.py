"""Start-up of the desktop app: from process start to the window on screen with the first page of
runs drawn, against Tk's own floor measured in the same run.

- the app: `codegen-ui --exit-when-ready` (it prints the moment the first page of runs is drawn,
  then quits), against `codegen-sim serve` in a process of its own, signed in through the
  environment;
- the floor: `python -c "import tkinter; tkinter.Tk().update()"` (an empty window, mapped), which
  prints the moment too; and, for scale, a script that fetches the same first page with
  `CodegenClient` and shows nothing (what any program pays for the data).

Each is timed from its start to that moment, on the machine's monotonic clock (the same in every
process on Linux): exiting is not part of starting.

Both run N times, interleaved, as fresh processes with warm bytecode caches (PYTHONDONTWRITEBYTECODE
is unset for them, as users do not set it). Without a DISPLAY an Xvfb of its own is started. The
ratio is printed, never asserted: timing on a shared machine is too noisy for a test.

    uv run python bench/bench_ui_startup.py [-n 20] [--python PATH]

`--python` runs the three with another environment's interpreter: `nox -s bench` passes one holding
only codegen-ui and its dependencies, as `pip install codegen-ui` gives a user.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from _support import TOKEN, machine, median_ms, sim_process

READY = "print(f'ready {time.monotonic():.6f}')"
FLOOR = f"import time, tkinter; tkinter.Tk().update(); {READY}"
FIRST_PAGE = f"import time, codegen; codegen.CodegenClient().list_agent_runs(limit=100); {READY}"
"""The other floor: a script that fetches the same first page with the client (no window)."""


@contextmanager
def display() -> Iterator[str]:
    """The DISPLAY to use: the caller's, or an Xvfb started for this run."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    command = ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        number = process.stdout.readline().strip()
        if not number:
            raise SystemExit("Xvfb did not start (apt-get install xvfb)")
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(10)


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from the process's start to the ``ready <monotonic>`` line it prints (Linux's
    monotonic clock is the same in every process), so its exit is not counted."""
    start = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    ready = [line for line in result.stdout.splitlines() if line.startswith("ready ")]
    if not ready:
        raise SystemExit(f"{' '.join(command)} printed no 'ready' line:\n{result.stdout}")
    return float(ready[-1].split()[1]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="runs of each (20)")
    parser.add_argument("--python", default=sys.executable, help="interpreter of the three")
    args = parser.parse_args()
    runs, python = args.runs, args.python
    app = [python, "-m", "codegen_ui", "--exit-when-ready"]
    floor_script, first_page = [python, "-c", FLOOR], [python, "-c", FIRST_PAGE]
    with display() as shown, sim_process() as api_url, tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(
            DISPLAY=shown,
            CODEGEN_API_URL=api_url,
            CODEGEN_API_TOKEN=TOKEN,
            CODEGEN_ORG_ID="1",
            CODEGEN_CONFIG_DIR=home,
        )
        for command in (floor_script, app, first_page) * 2:  # warm the file and bytecode caches
            timed(command, env)
        floor, fetch, ours = [], [], []
        for _ in range(runs):
            floor.append(timed(floor_script, env))
            fetch.append(timed(first_page, env))
            ours.append(timed(app, env))
    print(f"{machine()}; median of {runs} runs each, interleaved:")
    print(f"# interpreter: {python}")
    print(f"  {'Tk floor (empty window, mapped)':<44} {median_ms(floor):7.1f} ms")
    label = "a script fetching the first page (no window)"
    print(f"  {label:<44} {median_ms(fetch):7.1f} ms")
    print(f"  {'codegen-ui, first page of runs drawn':<44} {median_ms(ours):7.1f} ms")
    print(f"codegen-ui / Tk floor: {median_ms(ours) / median_ms(floor):.2f}x")
    print(f"codegen-ui / the script: {median_ms(ours) / median_ms(fetch):.2f}x")


if __name__ == "__main__":
    main()
