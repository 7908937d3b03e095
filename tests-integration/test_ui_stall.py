"""The longest Tk-thread stall with real HTTP: 1,000 runs and a 10,000-entry log from codegen-sim.

Like ``packages/codegen-ui/tests/test_stall.py`` (which uses a client answering at once), but every
page is a real request, answered by ``codegen-sim serve`` in a process of its own, as a remote API
would be (a simulator in this process would compete with the window for the GIL, which no real
server does). The server, Xvfb and the app share this machine's cores, so this is a harsher setting
than a desktop. Rate limits are off on both sides so that the measurement is of the UI, not of
waiting. Reported in ``.reports/ui-stall-sim.txt``, never asserted (timing depends on the machine).
"""

from __future__ import annotations

import subprocess
import sys
import time
import tkinter as tk
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from codegen import ClientConfig, CodegenClient
from codegen_sim import DEFAULT_TOKEN, PRIMARY_ORG_ID
from codegen_ui._connection import Connection
from codegen_ui._tk import build

REPORTS = Path(__file__).resolve().parents[1] / ".reports"
RUNS = 1_000
LOG_LINES = 10_000
BEAT_MS = 5


@pytest.fixture
def sim_process() -> Iterator[str]:
    """``codegen-sim serve`` on a free port, fast and without rate limits; its API URL."""
    command = [sys.executable, "-m", "codegen_sim", "serve", "--port", "0", "--no-rate-limits",
               "--speed", "1000"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = None
        while url is None:
            line = process.stdout.readline()
            assert line, "codegen-sim serve ended before it printed its URL"
            if line.startswith("export CODEGEN_API_URL="):
                url = line.split("=", 1)[1].strip()
        yield url
    finally:
        process.terminate()
        process.wait(10)


def test_longest_stall_loading_from_the_simulator(sim_process: str) -> None:
    config = ClientConfig(
        api_token=DEFAULT_TOKEN, org_id=PRIMARY_ORG_ID, api_url=sim_process, rate_limit=False
    )
    with CodegenClient(config=config) as client:
        seeded = client.list_agent_runs(limit=1).total
        for n in range(RUNS - seeded - 1):
            client.create_agent_run(f"Task {n}: tidy module {n} sim:logs=3")
        big = client.create_agent_run(f"Port the planner to Rust sim:logs={LOG_LINES}")
        client.wait_for_completion(agent_run_id=big.id, poll_interval=0.05)
    root = tk.Tk()
    window = build(root, Connection(config), env={}, refresh_seconds=3600, start=False)
    app, tree = window.app, window.table.tree
    longest = 0.0
    last = time.perf_counter()

    def beat() -> None:
        nonlocal longest, last
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
        beat_id[0] = root.after(BEAT_MS, beat)

    def pump_until(done: Callable[[], bool], timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < deadline, "loading did not finish"
            root.update()

    try:
        pump_until(lambda: root.winfo_viewable() == 1)
        beat_id = [root.after(BEAT_MS, beat)]
        started = time.perf_counter()
        app.start()
        pump_until(lambda: len(tree.get_children()) > 0)
        while app.runs.more_available:
            count = len(tree.get_children())
            app.runs.load_more()
            pump_until(lambda count=count: len(tree.get_children()) > count)
        runs_done = time.perf_counter()
        app.open_run(big.id)
        pump_until(lambda: window.detail.log.lines_shown == LOG_LINES and not app.detail.following)
        finished = time.perf_counter()
        root.after_cancel(beat_id[0])
        report = (
            f"longest main-thread stall: {longest * 1000:.1f} ms (target ≤ 50 ms; heartbeat every "
            f"{BEAT_MS} ms)\nloaded {len(tree.get_children()):,} runs in {runs_done - started:.2f} s "
            f"and {LOG_LINES:,} log lines in {finished - runs_done:.2f} s from codegen-sim "
            "(codegen-sim serve, rate limits off)\n"
        )
        print("\n" + report)
        REPORTS.mkdir(exist_ok=True)
        (REPORTS / "ui-stall-sim.txt").write_text(report)
        assert len(tree.get_children()) == RUNS
    finally:
        window.close()
