"""The real `codegen` command, run as a subprocess against a codegen-sim server.

Runs take about 0.4 s here (the simulator runs ten times faster than real time); a run meant to be
still going when a test looks at it asks for a long one with `sim:seconds=`.
"""

from __future__ import annotations

import json
import signal
import subprocess

from codegen_sim import SimServer


def codegen(
    env: dict[str, str], *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["codegen", *args], env=env, input=input, capture_output=True, text=True, timeout=60
    )


def test_run_wait_prints_the_result(sim_env: dict[str, str]) -> None:
    done = codegen(sim_env, "run", "--wait", "Add type hints to utils.py sim:prs=2")
    assert done.returncode == 0, done.stderr
    fields = dict(line.split("\t", 1) for line in done.stdout.split("\n--\n")[0].splitlines())
    assert fields["status:"] == "COMPLETE"
    assert fields["pull_request:"].startswith("https://github.com/")
    assert done.stdout.count("pull_request:\t") == 2
    assert "Done: Add type hints to utils.py" in done.stdout.split("\n--\n")[1]
    assert "✓ agent run" in done.stderr and "completed" in done.stderr


def test_run_wait_exit_codes_follow_the_outcome(sim_env: dict[str, str]) -> None:
    failed = codegen(sim_env, "run", "-q", "--wait", "Upgrade the build sim:fail")
    assert failed.returncode == 1
    assert failed.stdout.strip().isdigit()
    assert "ended FAILED" in failed.stderr
    paused = codegen(sim_env, "run", "-q", "--wait", "Ask me first sim:pause")
    assert paused.returncode == 0
    assert f"codegen continue {paused.stdout.strip()}" in paused.stderr


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
    assert done.stderr.startswith("error: cannot reach the API")


def test_start_up_imports(sim_env: dict[str, str]) -> None:
    env = {**sim_env, "PYTHONPROFILEIMPORTTIME": "1"}
    for args in (["--version"], ["--help"], ["run", "--help"]):
        done = codegen(env, *args)
        assert done.returncode == 0
        imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
        assert not imported & {"codegen", "httpx", "pydantic", "rich"}, args
        if args == ["--version"]:
            assert "typer" not in imported
