"""Everyday commands against a raw-httpx script doing the same requests and printing the same output.

`codegen list`, `codegen show ID`, `codegen logs ID` (a run whose log is one page), `codegen whoami`
and `codegen run PROMPT` (no wait), each against `_raw_commands.py` — httpx and print, nothing
else — piped and on a terminal (a pseudo-terminal of 120 columns). Target: ≤ 1.3× each.

Both sides talk to one `codegen-sim serve` in its own process (rate limits off) and are timed from
process start to exit, N times each, interleaved so that drift hits both alike, with warm bytecode
caches (PYTHONDONTWRITEBYTECODE is unset for them, as users do not set it). Before timing, the
benchmark checks that the two make the same requests (the simulator counts them) and, piped, print
the same bytes, so the baseline does the same work. Numbers are printed, never asserted.

    uv run python bench/bench_cli_commands.py [-n 15] [--python PATH]

`--python` runs both sides with another environment's interpreter (its `codegen` script and its
httpx): `nox -s bench` passes one holding only codegen-cli and what it depends on, as
`pip install` gives a user, rather than this development environment (which holds click, trio and
others that httpx and httpcore import when they are installed, slowing both sides alike).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import struct
import subprocess
import sys
import tempfile
import termios
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from _support import TOKEN, machine, median_ms, sim_process

RAW = Path(__file__).with_name("_raw_commands.py")
TARGET = 1.3
COLUMNS, LINES = 120, 40
LOG_ENTRIES = 40
"""The benchmarked run's log: one page (`codegen logs` reads 100 entries a request)."""


def run_command(command: list[str], env: dict[str, str], *, tty: bool) -> tuple[float, bytes]:
    """Seconds from start to exit, and what it printed on stdout (on a terminal: the screen)."""
    if not tty:
        start = time.perf_counter()
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode})")
        return elapsed, done.stdout
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=follower, stderr=subprocess.DEVNULL)
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: every writer has closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    code = process.wait()
    elapsed = time.perf_counter() - start
    os.close(leader)
    if code:
        raise SystemExit(f"{' '.join(command)} failed on a terminal ({code})")
    return elapsed, screen


def stats(api_url: str) -> dict[str, int]:
    base = api_url.removesuffix("/v1")
    with urllib.request.urlopen(f"{base}/_sim/stats", timeout=10) as response:
        counts: dict[str, int] = json.loads(response.read())["requests"]
        return counts


def requests_made(api_url: str, action: Callable[[], object]) -> dict[str, int]:
    before = stats(api_url)
    action()
    after = stats(api_url)
    return {route: n - before.get(route, 0) for route, n in after.items() if n != before.get(route)}


def prepare(api_url: str) -> tuple[str, int]:
    """The organization to list, and a finished run in it with a one-page log."""
    from codegen import ClientConfig, CodegenClient

    config = ClientConfig(api_token=TOKEN, api_url=api_url, org_id=1, read_env=False)
    with CodegenClient(config) as client:
        run = client.create_agent_run(f"benchmark sim:logs={LOG_ENTRIES} sim:seconds=1 sim:prs=1")
        run = client.wait_for_completion(agent_run_id=run.id, poll_interval=0.2, timeout=60)
    return "1", run.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=15, help="runs of each side (15)")
    parser.add_argument("--python", default=sys.executable, help="interpreter of both sides")
    args = parser.parse_args()
    python = args.python
    codegen = [str(Path(python).with_name("codegen"))]
    if not Path(codegen[0]).exists():
        codegen = [python, "-m", "codegen_cli"]
    with sim_process("--no-rate-limits", "--admin", "--speed", "20") as api_url, \
            tempfile.TemporaryDirectory() as home:  # fmt: skip
        org_id, run_id = prepare(api_url)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CODEGEN_", "NO_COLOR"))}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(
            CODEGEN_API_URL=api_url,
            CODEGEN_API_TOKEN=TOKEN,
            CODEGEN_ORG_ID=org_id,
            CODEGEN_CONFIG_DIR=home,
            TERM="xterm-256color",
        )
        cases = {
            "list": ["list"],
            "show ID": ["show", str(run_id)],
            "logs ID": ["logs", str(run_id)],
            "whoami": ["whoami"],
            'run "prompt"': ["run", "benchmark prompt"],  # last: it adds to the list
        }
        for name, words in cases.items():
            check_same_work(name, api_url, [*codegen, *words], [python, str(RAW), *words], env)
        results = []
        for name, words in cases.items():
            for tty in (False, True):
                ours = [*codegen, *words]
                raw = [python, str(RAW), *words]
                for command in (ours, raw, ours, raw):  # warm the file and bytecode caches
                    run_command(command, env, tty=tty)
                ours_s, raw_s = [], []
                for _ in range(args.runs):
                    raw_s.append(run_command(raw, env, tty=tty)[0])
                    ours_s.append(run_command(ours, env, tty=tty)[0])
                results.append((name, "terminal" if tty else "piped", raw_s, ours_s))
    print(f"# everyday commands vs a raw-httpx script, median of {args.runs} each — {machine()}")
    print(f"# interpreter: {python}")
    for name, mode, raw_s, ours_s in results:
        ratio = median_ms(ours_s) / median_ms(raw_s)
        print(
            f"codegen {name:<13} {mode:<8}  raw httpx {median_ms(raw_s):6.1f} ms"
            f"   codegen {median_ms(ours_s):6.1f} ms   {ratio:.2f}x (target <= {TARGET}x)"
        )


def check_same_work(
    name: str, api_url: str, ours: list[str], raw: list[str], env: dict[str, str]
) -> None:
    """Both make the same requests, and piped, print the same bytes (but a new run's id)."""
    outputs: dict[str, bytes] = {}

    def side(label: str, command: list[str]) -> Callable[[], object]:
        def act() -> None:
            outputs[label] = run_command(command, env, tty=False)[1]

        return act

    ours_requests = requests_made(api_url, side("ours", ours))
    raw_requests = requests_made(api_url, side("raw", raw))
    if ours_requests != raw_requests:
        raise SystemExit(f"{name}: codegen made {ours_requests}, the raw script {raw_requests}")
    if name.startswith("run"):  # a new run each time: compare the shape, not the id
        outputs = {k: b"\t".join(v.split(b"\t")[1:]).split(b"/x/")[0] for k, v in outputs.items()}
    if outputs["ours"] != outputs["raw"]:
        raise SystemExit(
            f"{name}: piped output differs\ncodegen:\n{outputs['ours'].decode()}\n"
            f"raw:\n{outputs['raw'].decode()}"
        )


if __name__ == "__main__":
    main()
