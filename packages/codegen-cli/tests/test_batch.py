"""``codegen batch``: lines checked up front, JSON lines in a pipe, a journal that carries it on,
exit codes; and Ctrl-C while a run is being started."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from codegen import CodegenClient
from codegen_models.api import CLIENT_REQUEST_ID_KEY


class Org:
    """Runs that end on the second list request after their creation."""

    def __init__(self, bodies: Any) -> None:
        self.bodies = bodies
        self.runs: list[dict[str, Any]] = []
        self.seen: dict[int, int] = {}

    def create(self, request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        run = self.bodies.run(100 + len(self.runs), status="PENDING", metadata=sent["metadata"])
        run["prompt"] = sent["prompt"]
        self.runs.insert(0, run)
        return httpx.Response(200, json=run)

    def list(self, request: httpx.Request) -> httpx.Response:
        for run in self.runs:
            self.seen[run["id"]] = self.seen.get(run["id"], 0) + 1
            if self.seen[run["id"]] >= 2:
                run["status"] = "FAILED" if "fail" in run["prompt"] else "COMPLETE"
        return httpx.Response(200, json=self.bodies.page(self.runs))


@pytest.fixture
def org(api: Any, bodies: Any) -> Org:
    server = Org(bodies)
    api.post(f"{bodies.runs}/run").mock(side_effect=server.create)
    api.get(f"{bodies.runs}/runs").mock(side_effect=server.list)
    return server


@pytest.fixture
def prompts(tmp_path: Path) -> Path:
    path = tmp_path / "prompts.txt"
    path.write_text('Fix the flaky test\n\n{"prompt": "Add docs", "repo_id": 5}\nplease fail\n')
    return path


def test_a_batch_prints_one_json_line_per_finished_run_and_exits_1_when_one_failed(
    cli: Any, org: Org, prompts: Path, tmp_path: Path
) -> None:
    out = tmp_path / "results.jsonl"
    result = cli("batch", str(prompts), "--out", str(out))
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(line["line"] for line in lines) == [1, 3, 4]
    by_line = {line["line"]: line for line in lines}
    assert by_line[4]["status"] == "FAILED" and by_line[1]["status"] == "COMPLETE"
    assert set(by_line[1]) == {"line", "id", "status", "web_url", "summary", "pull_requests"}
    assert [json.loads(line) for line in out.read_text().splitlines()] == lines
    assert "batch: 3 runs finished now; all 3: 2 COMPLETE, 1 FAILED;" in result.stderr
    assert len(org.runs) == 3
    assert all(run["metadata"][CLIENT_REQUEST_ID_KEY] for run in org.runs)


def test_the_same_command_again_starts_nothing_and_prints_nothing_twice(
    cli: Any, org: Org, prompts: Path
) -> None:
    first = cli("batch", str(prompts))
    assert len(first.stdout.splitlines()) == 3
    again = cli("batch", str(prompts))
    assert again.stdout == "" and len(org.runs) == 3
    assert "(carrying on)" in again.stderr
    replayed = cli("batch", str(prompts), "--replay")
    assert sorted(first.stdout.splitlines()) == sorted(replayed.stdout.splitlines())
    assert len(org.runs) == 3


def test_no_wait_reports_runs_as_they_start_and_exits_0(cli: Any, org: Org, prompts: Path) -> None:
    result = cli("batch", str(prompts), "--no-wait")
    assert result.exit_code == 0
    assert [json.loads(line)["status"] for line in result.stdout.splitlines()] == ["PENDING"] * 3
    assert "batch: 3 runs created now; all 3: 3 PENDING;" in result.stderr


def test_bad_lines_are_a_usage_error_listing_each_before_anything_starts(
    cli: Any, org: Org, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('ok\n{"prompt": " "}\n{nope\n{"prompt": "x", "images": ["gone.png"]}\n')
    result = cli("batch", str(path))
    assert result.exit_code == 2
    assert "line 2: the prompt is missing or empty" in result.stderr
    assert "line 3: not valid JSON" in result.stderr
    assert "line 4:" in result.stderr and "gone.png" in result.stderr
    assert org.runs == []


def test_a_missing_file_is_a_usage_error(cli: Any, org: Org, tmp_path: Path) -> None:
    result = cli("batch", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_during_a_batch_says_how_to_carry_on(
    cli: Any, org: Org, prompts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(seconds: float, stop: object = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(CodegenClient, "_sleep", staticmethod(interrupted))
    result = cli("batch", str(prompts))
    assert result.exit_code == 130
    assert "run the same command again to carry on" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "route", "what"),
    [
        (["run", "Fix it"], "run", "the agent run may have started"),
        (["continue", "42", "Also tests"], "run/resume", "the follow-up of agent run 42 may"),
    ],
)
def test_ctrl_c_while_a_run_starts_says_it_may_have_started_and_gives_the_request_id(
    cli: Any, api: Any, bodies: Any, args: list[str], route: str, what: str
) -> None:
    keys: list[str] = []

    def interrupted(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers["idempotency-key"])
        raise KeyboardInterrupt  # Ctrl-C while the request is out

    api.post(f"{bodies.runs}/{route}").mock(side_effect=interrupted)
    result = cli(*args)
    assert result.exit_code == 130
    (request_id,) = keys
    assert what in result.stderr
    assert f"(request id {request_id})" in result.stderr
    assert "codegen list" in result.stderr
    assert "check your connection" not in result.stderr


def test_the_out_file_is_the_record_of_what_was_reported(
    cli: Any, org: Org, prompts: Path, tmp_path: Path
) -> None:
    out = tmp_path / "results.jsonl"
    state = tmp_path / "journal"
    first = cli("batch", str(prompts), "--out", str(out), "--state", str(state))
    lines = out.read_text().splitlines()
    assert len(lines) == 3
    # A kill after the out file was written but before the journal recorded it: the journal
    # forgets the last report, and the out file ends in a torn write.
    journal = state.read_text().splitlines()
    state.write_text(
        "\n".join(
            line
            for line in journal
            if '"reported"' not in line or json.loads(line)["line"] != json.loads(lines[-1])["line"]
        )
        + "\n"
    )
    out.write_text("\n".join(lines) + '\n{"line": 9, "id"')
    again = cli("batch", str(prompts), "--out", str(out), "--state", str(state))
    assert again.stdout == "" and first.exit_code == again.exit_code == 1
    assert out.read_text().splitlines() == lines  # nothing twice, the torn line cut off
    assert len(org.runs) == 3
