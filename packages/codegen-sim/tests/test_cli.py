"""The codegen-sim command, run as a real process: serve, exec, usage errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from codegen_sim._cli import main

CLI = [sys.executable, "-m", "codegen_sim"]


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=timeout)


def port_is_closed(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def serve(*options: str) -> tuple[subprocess.Popen[str], list[str]]:
    """``codegen-sim serve --port 0 --admin OPTIONS`` in its own session, and the lines it printed
    (the admin API's line is the last)."""
    process = subprocess.Popen(
        [*CLI, "serve", "--port", "0", "--admin", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or not lines[-1].startswith("# admin API"):
        line = process.stdout.readline()
        assert line, process.communicate()[1]
        lines.append(line.rstrip("\n"))
    return process, lines


def exports_of(lines: list[str]) -> dict[str, str]:
    return dict(
        line.removeprefix("export ").split("=", 1) for line in lines if line.startswith("export ")
    )


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """``codegen-sim serve`` with an extra user, and the lines it printed."""
    process, lines = serve("--extra-users", "1")
    yield process, lines
    if process.poll() is None:
        process.kill()
    process.communicate()


def test_serve_prints_what_to_use_and_stops_cleanly_on_ctrl_c(
    served: tuple[subprocess.Popen[str], list[str]],
) -> None:
    process, lines = served
    exports = exports_of(lines)
    assert exports.keys() == {"CODEGEN_API_URL", "CODEGEN_API_TOKEN", "CODEGEN_ORG_ID"}
    assert exports["CODEGEN_API_TOKEN"] == "sim-token" and exports["CODEGEN_ORG_ID"] == "1"
    url = exports["CODEGEN_API_URL"]
    assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
    assert any("sim-token-2" in line for line in lines) and any(
        "/_sim/stats" in line for line in lines
    )
    me = httpx.get(f"{url}/users/me", headers={"Authorization": "Bearer sim-token"})
    assert me.json()["id"] == 1
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Traceback" not in stderr
    assert port_is_closed(int(url.split(":")[2].split("/")[0]))


def test_serve_says_to_trust_idempotency_keys_only_when_it_honours_them() -> None:
    process, lines = serve("--honour-idempotency-keys")
    try:
        exports = exports_of(lines)
        assert exports["CODEGEN_TRUST_IDEMPOTENCY_KEYS"] == "1"
        url = exports["CODEGEN_API_URL"]
        headers = {"Authorization": "Bearer sim-token", "Idempotency-Key": "once"}
        runs = [
            httpx.post(f"{url}/organizations/1/agent/run", json={"prompt": "x"}, headers=headers)
            for _ in range(2)
        ]
        assert runs[0].json()["id"] == runs[1].json()["id"]
    finally:
        process.kill()
        process.communicate()


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--host", "0.0.0.0"],
        ["serve", "--speed", "fast"],
        ["serve", "--speed", "nan"],
        ["serve", "--run-seconds", "1e300"],
        ["serve", "--port", "99999"],
        ["serve", "--rate-limit", "create=1/99999999999999999999999999999999999999"],
        ["exec", "--slow-seconds", "inf", "--", "true"],
        ["serve", "--fault-rate", "3"],
        ["serve", "--faults", "429,teapot"],
        ["serve", "--rate-limit", "create=ten/60"],
        ["serve", "--rate-limit", "bulk=1/60"],
        ["serve", "--port", "0", "--state", "/no/such/folder/sim.db"],
        ["exec", "--no-such-option", "--", "true"],
        ["exec"],
        ["launch"],
        [],
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("codegen-sim: error: "), err
    assert out == ""


def test_a_busy_port_is_a_clear_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        result = run_cli("serve", "--port", str(busy.getsockname()[1]))
    assert (
        result.returncode == 2 and "--port 0" in result.stderr and "Traceback" not in result.stderr
    )


def test_exec_runs_the_command_against_a_private_simulator() -> None:
    script = (
        "import json, os, urllib.request\n"
        "request = urllib.request.Request(os.environ['CODEGEN_API_URL'] + '/users/me',"
        " headers={'Authorization': 'Bearer ' + os.environ['CODEGEN_API_TOKEN']})\n"
        "me = json.load(urllib.request.urlopen(request))\n"
        "names = ['CODEGEN_API_URL', 'CODEGEN_ORG_ID', 'CODEGEN_USER_ACCESS_TOKEN', 'CODEGEN_API_BASE_URL',"
        " 'CODEGEN_PROFILE', 'CODEGEN_LOG_LEVEL', 'CODEGEN_TRUST_IDEMPOTENCY_KEYS']\n"
        "print(json.dumps({'me': me['github_username'], **{n: os.environ.get(n) for n in names}}))\n"
    )
    env = {
        **os.environ,
        "CODEGEN_USER_ACCESS_TOKEN": "real-token",
        "CODEGEN_API_BASE_URL": "https://api.codegen.com",
        "CODEGEN_PROFILE": "work",
        "CODEGEN_API_TOKEN": "real-token",
        "CODEGEN_LOG_LEVEL": "debug",
        "CODEGEN_TRUST_IDEMPOTENCY_KEYS": "1",  # a promise this simulator does not keep by default
    }
    result = run_cli("exec", "--speed", "10", "--", sys.executable, "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["me"] == "ada-lovelace" and seen["CODEGEN_ORG_ID"] == "1"
    assert seen["CODEGEN_API_URL"].startswith("http://127.0.0.1:")
    assert (
        seen["CODEGEN_USER_ACCESS_TOKEN"]
        is seen["CODEGEN_API_BASE_URL"]
        is seen["CODEGEN_PROFILE"]
        is None
    )
    assert seen["CODEGEN_LOG_LEVEL"] == "debug"
    assert seen["CODEGEN_TRUST_IDEMPOTENCY_KEYS"] is None
    port = int(seen["CODEGEN_API_URL"].split(":")[2].split("/")[0])
    assert port_is_closed(port)


def test_exec_honouring_keys_tells_the_command_it_may_trust_them() -> None:
    script = "import os; print(os.environ.get('CODEGEN_TRUST_IDEMPOTENCY_KEYS'))"
    result = run_cli(
        "exec",
        "--honour-idempotency-keys",
        "--",
        sys.executable,
        "-c",
        script,
        env=dict(os.environ),
    )
    assert result.stdout.strip() == "1", result.stderr


def test_exec_options_reach_the_simulator() -> None:
    script = (
        "import os, urllib.error, urllib.request\n"
        "def create():\n"
        "    request = urllib.request.Request(os.environ['CODEGEN_API_URL'] + '/organizations/1/agent/run',"
        " data=b'{\"prompt\": \"x\"}', headers={'Authorization': 'Bearer sim-token',"
        " 'Content-Type': 'application/json'})\n"
        "    try:\n"
        "        return urllib.request.urlopen(request).status\n"
        "    except urllib.error.HTTPError as error:\n"
        "        return error.code\n"
        "print(create(), create())\n"
    )
    result = run_cli("exec", "--rate-limit", "create=1/60", "--", sys.executable, "-c", script)
    assert result.stdout.split() == ["200", "429"], result.stderr


@pytest.mark.parametrize("code", [0, 1, 7])
def test_exec_returns_the_exit_status_of_the_command(code: int) -> None:
    assert (
        run_cli("exec", "--", sys.executable, "-c", f"raise SystemExit({code})").returncode == code
    )


def test_exec_of_a_missing_command_is_127(tmp_path: Path) -> None:
    result = run_cli("exec", "--", str(tmp_path / "no-such-command"))
    assert result.returncode == 127
    assert (
        result.stderr.strip() == f"codegen-sim: command not found: {tmp_path / 'no-such-command'}"
    )


def test_exec_keeps_the_arguments_of_the_command_as_given() -> None:
    result = run_cli(
        "exec", "--", sys.executable, "-c", "import sys; print(sys.argv[1:])", "--", "--speed", "x"
    )
    assert result.stdout.strip() == "['--', '--speed', 'x']"


def test_ctrl_c_reaches_the_command_and_exec_stops_the_server_and_exits_130() -> None:
    script = (
        "import os, sys, time\nprint(os.environ['CODEGEN_API_URL'], flush=True)\ntime.sleep(30)\n"
    )
    process = subprocess.Popen(
        [*CLI, "exec", "--", sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # like a script sending SIGINT, not a terminal's Ctrl-C
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=10)
    assert process.returncode == 130
    assert time.monotonic() - started < 5
    assert "KeyboardInterrupt" in stderr  # the command got the SIGINT (and said so)
    assert port_is_closed(int(url.split(":")[2].split("/")[0]))


def test_exec_with_an_unusable_state_file_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = run_cli(
        "exec", "--state", str(tmp_path / "missing" / "sim.db"), "--", "touch", str(marker)
    )
    assert result.returncode == 2 and "cannot use the state file" in result.stderr
    assert not marker.exists()


def test_exec_starts_the_command_while_the_simulator_starts_and_its_requests_wait() -> None:
    """The command may connect at once (the port listens before it starts) and its first request
    is answered; the simulator keeps its state while the command runs (here, two creates)."""
    script = (
        "import json, os, socket, urllib.request\n"
        "host, port = os.environ['CODEGEN_API_URL'].split('/')[2].split(':')\n"
        "socket.create_connection((host, int(port)), timeout=1).close()\n"
        "def create():\n"
        "    request = urllib.request.Request(os.environ['CODEGEN_API_URL'] + '/organizations/1/agent/run',"
        " data=b'{\"prompt\": \"x\"}', headers={'Authorization': 'Bearer sim-token',"
        " 'Content-Type': 'application/json'})\n"
        "    return json.load(urllib.request.urlopen(request, timeout=30))['id']\n"
        "print(create(), create())\n"
    )
    result = run_cli("exec", "--", sys.executable, "-c", script)
    assert result.returncode == 0, result.stderr
    first, second = map(int, result.stdout.split())
    assert second == first + 1 and result.stderr == ""


def test_exec_of_a_quick_command_exits_cleanly_again_and_again() -> None:
    """`exec -- true` ends before the simulator has started: nothing may complain on the way out."""
    for _ in range(5):
        result = run_cli("exec", "--", "true")
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
