"""How long the Tk thread stalls while 1,000 runs and 10,000 log lines load (reported, not asserted).

A heartbeat ``after`` timer runs every few milliseconds on the Tk thread; the longest gap between
two beats is the longest time the window could not redraw or take input. The fake client answers
at once, which is the hardest case for the UI: pages arrive faster than they can be shown. The
result is printed and written to ``.reports/ui-stall.txt`` at the repo root; the target is 50 ms.
Timing depends on the machine, so the test asserts only that everything loaded.
"""

from __future__ import annotations

import time
import tkinter as tk
from pathlib import Path
from typing import Any

from codegen import ClientConfig
from codegen_ui._connection import Connection
from codegen_ui._tk import build
from codegen_ui._worker import Worker

REPORTS = Path(__file__).resolve().parents[3] / ".reports"
BEAT_MS = 5
RUNS = 1_000
LOG_LINES = 10_000


class Heartbeat:
    def __init__(self, root: tk.Tk) -> None:
        self.root = root
        self.last = time.perf_counter()
        self.longest = 0.0
        self.after_id = root.after(BEAT_MS, self.beat)

    def beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.after_id = self.root.after(BEAT_MS, self.beat)

    def stop(self) -> None:
        self.root.after_cancel(self.after_id)


def test_longest_main_thread_stall_loading_1000_runs_and_10000_log_lines(
    fake_client_class: Any, kit: Any, config: ClientConfig
) -> None:
    statuses = ("COMPLETE", "FAILED", "RUNNING", "PAUSED", "ERROR")
    client = fake_client_class(
        [
            kit.make_run(i, statuses[i % 5], summary=f"Run {i}: " + "work " * 30)
            for i in range(1, RUNS + 1)
        ]
    )
    client.logs[RUNS] = [kit.make_log(RUNS, i) for i in range(LOG_LINES)]
    root = tk.Tk()
    window = build(
        root, Connection(config, factory=lambda _c: client), worker=Worker(), env={},
        refresh_seconds=3600, start=False,
    )  # fmt: skip
    app = window.app

    def pump_until(done: Any, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < deadline, "loading did not finish"
            root.update()

    try:
        pump_until(lambda: root.winfo_viewable())
        heartbeat = Heartbeat(root)
        started = time.perf_counter()
        app.start()
        while len(window.table.tree.get_children()) < RUNS:
            count = len(window.table.tree.get_children())
            app.runs.load_more()
            pump_until(lambda count=count: len(window.table.tree.get_children()) > count)
        runs_done = time.perf_counter()
        app.runs.set_text_filter("run 99")  # filtering all 1,000 rows at once
        app.runs.set_text_filter("")
        app.open_run(RUNS)
        pump_until(lambda: window.detail.log.lines_shown == LOG_LINES and not app.detail.following)
        root.update()
        finished = time.perf_counter()
        heartbeat.stop()
        longest_ms = heartbeat.longest * 1000
        report = (
            f"longest main-thread stall: {longest_ms:.1f} ms (target ≤ 50 ms; heartbeat every {BEAT_MS} ms)\n"
            f"loaded {RUNS:,} runs in {runs_done - started:.2f} s and {LOG_LINES:,} log lines in "
            f"{finished - runs_done:.2f} s (fake client answering at once)\n"
        )
        print("\n" + report)
        REPORTS.mkdir(exist_ok=True)
        (REPORTS / "ui-stall.txt").write_text(report)
        assert len(window.table.tree.get_children()) == RUNS
        assert window.detail.log.text.get("end-2l", "end-1c").strip() != ""
    finally:
        window.close()
