"""Shared by the benchmarks: a simulator in its own process, and timing helpers.

The server runs in a separate process so that its work does not compete with the measured client
for the GIL; every comparison is made side by side in one run against the same server.
"""

from __future__ import annotations

import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

BIN = Path(sys.executable).parent
TOKEN = "sim-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def sim_process(*options: str) -> Iterator[str]:
    """Run ``codegen-sim serve`` with ``options``; yields its API URL."""
    port = free_port()
    command = [str(BIN / "codegen-sim"), "serve", "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"codegen-sim did not start: {' '.join(command)}") from None
                time.sleep(0.05)
        yield api_url
    finally:
        process.terminate()
        process.wait(10)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def machine() -> str:
    cpus = os.cpu_count()
    return f"{date.today()} · {platform.system()} {platform.machine()} · {cpus} cores · Python {platform.python_version()}"
