"""Start-up of the desktop app: from process start to the window on screen with the first page of
runs drawn, against Tk's own floor measured in the same run.

- the app: `codegen-ui --exit-when-ready` (it quits once the first page of runs is drawn), against
  `codegen-sim serve` in a process of its own, signed in through the environment;
- the floor: `python -c "import tkinter; tkinter.Tk().update()"` (an empty window, mapped).

Both run N times, interleaved, as fresh processes with warm bytecode caches (PYTHONDONTWRITEBYTECODE
is unset for them, as users do not set it). Without a DISPLAY an Xvfb of its own is started. The
ratio is printed, never asserted: timing on a shared machine is too noisy for a test.

    uv run python bench/bench_ui_startup.py [-n 20]
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

FLOOR = [sys.executable, "-c", "import tkinter; tkinter.Tk().update()"]
IMPORT = [sys.executable, "-c", "import codegen"]
"""For scale: loading the client library alone, which the app must do before its first request."""


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
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="runs of each (20)")
    runs = parser.parse_args().runs
    app = [sys.executable, "-m", "codegen_ui", "--exit-when-ready"]
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
        for command in (FLOOR, app, FLOOR, app):  # warm the file and bytecode caches
            timed(command, env)
        floor, imports, ours = [], [], []
        for _ in range(runs):
            floor.append(timed(FLOOR, env))
            imports.append(timed(IMPORT, env))
            ours.append(timed(app, env))
    print(f"{machine()}; median of {runs} runs each, interleaved:")
    print(f"  {'Tk floor (empty window, mapped)':<44} {median_ms(floor):7.1f} ms")
    label = 'python -c "import codegen" (for scale)'
    print(f"  {label:<44} {median_ms(imports):7.1f} ms")
    print(f"  {'codegen-ui, first page of runs drawn':<44} {median_ms(ours):7.1f} ms")
    print(f"codegen-ui / Tk floor: {median_ms(ours) / median_ms(floor):.2f}x")


if __name__ == "__main__":
    main()
