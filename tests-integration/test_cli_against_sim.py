"""The real `codegen` command, run as a subprocess against a codegen-sim server: piped, and in a
pseudo-terminal, as a person sees it.

Runs take about 0.4 s here (the simulator runs ten times faster than real time); a run meant to be
still going when a test looks at it asks for a long one with `sim:seconds=`.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from codegen_sim import SimServer

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def codegen(
    env: dict[str, str], *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["codegen", *args], env=env, input=input, capture_output=True, text=True, timeout=60
    )


def test_run_wait_prints_the_result(sim_env: dict[str, str]) -> None:
    done = codegen(sim_env, "run", "--wait", "Add type hints to utils.py sim:prs=2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("id:\t")  # the header went to stderr: stdout is the run
    fields = dict(line.split("\t", 1) for line in done.stdout.split("\n--\n")[0].splitlines())
    assert fields["status:"] == "COMPLETE"
    assert fields["pull_request:"].startswith("https://github.com/")
    assert done.stdout.count("pull_request:\t") == 2
    assert "Done: Add type hints to utils.py" in done.stdout.split("\n--\n")[1]
    assert "✓ agent run" in done.stderr and "completed" in done.stderr
    header = done.stderr.splitlines()[0]
    assert re.fullmatch(r"agent run \d+ started: http://127\.0\.0\.1:\d+/\S+", header)


def test_run_wait_exit_codes_follow_the_outcome(sim_env: dict[str, str]) -> None:
    failed = codegen(sim_env, "run", "-q", "--wait", "Upgrade the build sim:fail")
    assert failed.returncode == 1
    assert failed.stdout.strip().isdigit()
    assert "ended FAILED" in failed.stderr
    paused = codegen(sim_env, "run", "-q", "--wait", "Ask me first sim:pause")
    assert paused.returncode == 0
    run_id = paused.stdout.strip()
    assert f'answer with: codegen continue {run_id} "…"' in paused.stderr
    assert f'agent run {run_id} is paused and asks: "Before I change' in paused.stderr
    shown = codegen(sim_env, "show", run_id)
    assert "question:\tBefore I change" in shown.stdout
    assert f'answer it with: codegen continue {run_id} "…"' in shown.stderr


def test_list_shows_a_new_run_first(sim_env: dict[str, str]) -> None:
    run_id = codegen(sim_env, "run", "-q", "List me").stdout.strip()
    piped = codegen(sim_env, "list", "--limit", "3")
    assert piped.returncode == 0
    rows = [line.split("\t") for line in piped.stdout.splitlines()]
    assert len(rows) == 3 and rows[0][0] == run_id
    assert all(len(row) == 5 for row in rows)
    as_json = json.loads(codegen(sim_env, "list", "--json", "--status", "FAILED").stdout)
    assert as_json and all(run["status"] == "FAILED" for run in as_json)


def test_list_on_a_forced_terminal(sim_env: dict[str, str]) -> None:
    done = codegen({**sim_env, "CODEGEN_FORCE_TTY": "1", "COLUMNS": "70"}, "list")
    assert done.returncode == 0
    header = done.stdout.splitlines()[0]
    assert "ID" in header and "STATUS" in header and "SUMMARY" in header
    assert "ago" in done.stdout


def test_logs_follow_streams_a_running_run_to_its_end(sim_env: dict[str, str]) -> None:
    run_id = codegen(sim_env, "run", "-q", "Refactor the parser sim:logs=12").stdout.strip()
    followed = codegen(sim_env, "logs", run_id, "--follow", "--json")
    assert followed.returncode == 0, followed.stderr
    entries = [json.loads(line) for line in followed.stdout.splitlines()]
    assert len(entries) == 12
    assert entries[-1]["message_type"] == "FINAL_ANSWER"
    assert all(entry["agent_run_id"] == int(run_id) for entry in entries)
    again = codegen(sim_env, "logs", run_id, "--json")
    assert [json.loads(line) for line in again.stdout.splitlines()] == entries
    newest = codegen(sim_env, "logs", run_id, "--reverse", "--limit", "1", "--type", "FINAL_ANSWER")
    assert newest.stdout.split("\t")[1] == "FINAL_ANSWER"


def test_continue_a_paused_run_and_follow_only_the_new_entries(sim_env: dict[str, str]) -> None:
    run_id = codegen(sim_env, "run", "-q", "--wait", "Plan it sim:pause sim:logs=10").stdout.strip()
    before = codegen(sim_env, "logs", run_id, "--json").stdout.splitlines()
    resumed = codegen(sim_env, "continue", run_id, "-", "--follow", "--json", input="Go ahead")
    assert resumed.returncode == 0, resumed.stderr
    new = [json.loads(line) for line in resumed.stdout.splitlines()]
    assert new and new[-1]["message_type"] == "FINAL_ANSWER"
    after = codegen(sim_env, "logs", run_id, "--json").stdout.splitlines()
    assert len(after) == len(before) + len(new)
    shown = codegen(sim_env, "show", run_id, "--json")
    assert json.loads(shown.stdout)["status"] == "COMPLETE"


def test_show_and_wait(sim_env: dict[str, str]) -> None:
    run_id = codegen(sim_env, "run", "-q", "Fix the flaky test").stdout.strip()
    waited = codegen(sim_env, "wait", run_id, "1001")
    assert waited.returncode == 1  # 1001 is a FAILED run of the simulator's history
    assert [line.split("\t")[:2] for line in waited.stdout.splitlines()] == [
        [run_id, "COMPLETE"], ["1001", "FAILED"],
    ]  # fmt: skip
    listed = codegen(sim_env, "list", "--limit", "50").stdout.splitlines()
    assert all(line in listed for line in waited.stdout.splitlines())  # as `list` prints them
    shown = codegen(sim_env, "show", run_id)
    assert f"id:\t{run_id}\n" in shown.stdout and "status:\tCOMPLETE\n" in shown.stdout
    assert "url:\thttp://127.0.0.1:" in shown.stdout


def test_wait_timeout_exits_8(sim_env: dict[str, str]) -> None:
    run_id = codegen(sim_env, "run", "-q", "A long one sim:seconds=3600").stdout.strip()
    waited = codegen(sim_env, "wait", run_id, "--timeout", "1")
    assert waited.returncode == 8
    assert "still running" in waited.stderr and f"codegen wait {run_id}" in waited.stderr


def test_ctrl_c_while_waiting_exits_130_quietly(sim_env: dict[str, str]) -> None:
    run_id = codegen(sim_env, "run", "-q", "A long one sim:seconds=3600").stdout.strip()
    process = subprocess.Popen(
        ["codegen", "wait", run_id], env=sim_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert process.stderr is not None
    first = process.stderr.readline()  # the status line: it is waiting now
    assert f"agent run {run_id}:" in first
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in rest
    assert f"agent run {run_id} carries on" in rest


def test_login_with_token_then_whoami_from_the_profile(
    sim: SimServer, sim_env: dict[str, str]
) -> None:
    env = {k: v for k, v in sim_env.items() if k not in ("CODEGEN_API_TOKEN", "CODEGEN_ORG_ID")}
    assert codegen(env, "whoami").returncode == 4
    login = codegen(env, "login", "--with-token", input=sim.token + "\n")
    assert login.returncode == 0, login.stderr
    assert sim.token not in login.stdout + login.stderr
    assert "as ada-lovelace" in login.stderr
    whoami = codegen(env, "whoami")
    assert whoami.returncode == 0
    assert (
        "user:\tada-lovelace\n" in whoami.stdout
        and f"organization:\t{sim.org_id}\n" in whoami.stdout
    )
    assert codegen(env, "logout").returncode == 0
    assert codegen(env, "whoami").returncode == 4


def test_errors_against_the_simulator(sim_env: dict[str, str]) -> None:
    bad_token = codegen({**sim_env, "CODEGEN_API_TOKEN": "not-a-real-token"}, "list")
    assert bad_token.returncode == 4
    assert bad_token.stderr.startswith("error: the API rejected the token")
    assert "not-a-real-token" not in bad_token.stderr
    forbidden = codegen(sim_env, "--org-id", "3", "list")
    assert forbidden.returncode == 1 and "permission denied" in forbidden.stderr
    missing = codegen(sim_env, "show", "999999")
    assert missing.returncode == 1 and "not found" in missing.stderr
    for done in (bad_token, forbidden, missing):
        assert len(done.stderr.splitlines()) == 1


def test_an_unreachable_api(sim_env: dict[str, str]) -> None:
    env = {**sim_env, "CODEGEN_API_URL": "http://127.0.0.1:9/v1", "CODEGEN_MAX_RETRIES": "0"}
    done = codegen(env, "list")
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot reach the API at http://127.0.0.1:9: ")


def test_an_organization_without_repositories(sim_env: dict[str, str]) -> None:
    done = codegen(sim_env, "--org-id", "2", "run", "Fix it")
    assert done.returncode == 1
    assert "No repos found in the organization" in done.stderr
    assert "`codegen repos` lists them" in done.stderr and "check the id" not in done.stderr
    repos = codegen(sim_env, "--org-id", "2", "repos")
    assert repos.returncode == 0 and "Organization 2 has no repositories" in repos.stderr


def test_login_with_the_token_as_an_argument_never_prints_it(
    sim: SimServer, sim_env: dict[str, str]
) -> None:
    done = codegen(sim_env, "login", sim.token)
    assert done.returncode == 2
    assert sim.token not in done.stdout + done.stderr
    assert "a token goes on stdin with --with-token" in done.stderr


def test_a_quiet_success_leaves_stderr_clean(sim_env: dict[str, str]) -> None:
    for args in (["list"], ["show", "1001"], ["run", "-q", "Quiet"], ["logs", "1001"]):
        done = codegen(sim_env, *args)
        assert done.returncode == 0 and done.stderr == "", (args, done.stderr)


def test_debug_with_a_log_level_prints_each_line_once(sim_env: dict[str, str]) -> None:
    done = codegen({**sim_env, "CODEGEN_LOG_LEVEL": "debug"}, "--debug", "show", "1001")
    request_lines = [line for line in done.stderr.splitlines() if "GET /v1/" in line]
    assert len(request_lines) == 1


def test_start_up_imports(sim_env: dict[str, str]) -> None:
    env = {**sim_env, "PYTHONPROFILEIMPORTTIME": "1"}
    for args in (["--version"], ["--help"], ["run", "--help"]):
        done = codegen(env, *args)
        assert done.returncode == 0
        imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
        assert not imported & {"codegen", "httpx", "pydantic", "rich"}, args
        if args == ["--version"]:
            assert "typer" not in imported


# -- in a pseudo-terminal ----------------------------------------------------------------------


@dataclass
class Terminal:
    """``codegen`` running in a pseudo-terminal of 100×30: what the screen received, as it comes."""

    process: subprocess.Popen[bytes]
    master: int
    received: bytearray = field(default_factory=bytearray)

    @classmethod
    def start(cls, env: dict[str, str], *args: str) -> Terminal:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

        def controlling_terminal() -> None:  # the pty is the session's terminal: ^C is SIGINT
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
        process = subprocess.Popen(
            ["codegen", *args], stdin=slave, stdout=slave, stderr=slave,
            env={**env, "TERM": "xterm-256color"}, start_new_session=True,
            preexec_fn=controlling_terminal,
        )  # fmt: skip
        os.close(slave)
        return cls(process, master)

    @property
    def text(self) -> str:
        return self.received.decode("utf-8", "replace")

    def read_until(self, done: Callable[[str], bool], timeout: float = 30.0) -> str:
        """Read until ``done(text so far)`` or the program ends; the text so far."""
        deadline = time.monotonic() + timeout
        while not done(self.text) and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: the program closed the terminal
                    break
                if not chunk:
                    break
                self.received += chunk
        return self.text

    def finish(self, timeout: float = 60.0) -> int:
        self.read_until(lambda _: False, timeout=timeout)
        code = self.process.wait(timeout=timeout)
        os.close(self.master)
        return code


def test_run_wait_on_a_terminal_shows_live_progress(sim_env: dict[str, str]) -> None:
    terminal = Terminal.start(sim_env, "run", "--wait", "Refactor the parser sim:seconds=60")
    code = terminal.finish()
    screen = terminal.text
    assert code == 0, screen
    live = [frame for frame in screen.split("\r\x1b[2K") if frame[:1] in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"]
    assert live, screen
    assert all(re.match(r"\S agent run \d+ · ", frame) for frame in live)
    steps = [frame for frame in live if re.search(r" · ACTIVE · \d+s · [A-Z_]+( [a-z_]+)?$", frame)]
    assert steps, live  # the latest step of the log: `ACTION view_file`, `PLAN_EVALUATION`
    assert all(len(ANSI.sub("", frame.splitlines()[0])) < 100 for frame in live)  # fits the width
    plain = ANSI.sub("", screen)
    assert re.search(r"Status +COMPLETE", plain)
    assert "✓ agent run" in plain


def test_the_live_line_says_when_it_retries_through_an_outage(
    sim: SimServer, sim_env: dict[str, str]
) -> None:
    run_id = codegen(sim_env, "run", "-q", "Long enough sim:seconds=80").stdout.strip()
    terminal = Terminal.start({**sim_env, "CODEGEN_MAX_RETRIES": "0"}, "wait", run_id)
    terminal.read_until(lambda text: f"agent run {run_id} · ACTIVE" in text)
    sim.set_faults(1.0, ["503"])
    outage = terminal.read_until(lambda text: "retrying in" in text)
    sim.set_faults(0.0)
    code = terminal.finish()
    assert code == 0, terminal.text
    assert re.search(rf"agent run {run_id} · ACTIVE · \d+s · API unavailable \(HTTP 503\), "
                     r"retrying in \d+s", outage)  # fmt: skip
    assert "Traceback" not in terminal.text


def test_a_paused_run_on_a_terminal_shows_the_question(sim_env: dict[str, str]) -> None:
    terminal = Terminal.start(sim_env, "run", "--wait", "Plan it sim:pause")
    assert terminal.finish() == 0
    plain = ANSI.sub("", terminal.text)
    assert re.search(r"Question +Before I change", plain)
    assert re.search(r'answer with: codegen continue \d+ "…"', plain)


def test_list_and_logs_on_a_terminal(sim_env: dict[str, str]) -> None:
    listing = Terminal.start(sim_env, "list", "--limit", "3")
    assert listing.finish() == 0
    header = ANSI.sub("", listing.text).splitlines()[0]
    assert re.match(r"ID +STATUS +CREATED +SUMMARY", header)
    assert "\x1b[" in listing.text  # coloured statuses
    logs = Terminal.start(sim_env, "logs", "1001", "--type", "ERROR")
    assert logs.finish() == 0
    assert re.search(r"\d\d:\d\d:\d\d ERROR", ANSI.sub("", logs.text))


def test_ctrl_c_on_a_terminal_clears_the_line_and_says_the_run_carries_on(
    sim_env: dict[str, str],
) -> None:
    run_id = codegen(sim_env, "run", "-q", "A long one sim:seconds=3600").stdout.strip()
    terminal = Terminal.start(sim_env, "wait", run_id)
    terminal.read_until(lambda text: f"agent run {run_id} · ACTIVE" in text)
    os.write(terminal.master, b"\x03")
    assert terminal.finish() == 130
    _, after = terminal.text.rsplit("\r\x1b[2K", 1)  # the live line is cleared, then:
    assert f"stopped watching; agent run {run_id} carries on" in after
    assert "Traceback" not in terminal.text


def test_a_usage_error_on_a_terminal_is_one_line(sim: SimServer, sim_env: dict[str, str]) -> None:
    terminal = Terminal.start(sim_env, "login", sim.token)
    assert terminal.finish() == 2
    lines = terminal.text.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: `codegen login` takes no arguments")
    assert sim.token not in terminal.text
