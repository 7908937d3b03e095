"""`codegen run` and `codegen continue`: what is sent, what is printed, how waiting ends."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from codegen_models.api import CLIENT_REQUEST_ID_KEY

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def create_route(api: respx.MockRouter, bodies: Any, **fields: Any) -> respx.Route:
    return api.post(f"{bodies.runs}/run").respond(200, json=bodies.run(status="PENDING", **fields))


def sent(route: respx.Route, call: int = -1) -> dict[str, Any]:
    """The JSON a call sent, without the client request id every create is stamped with."""
    body: dict[str, Any] = json.loads(route.calls[call].request.content)
    if "metadata" in body:
        assert body["metadata"].pop(CLIENT_REQUEST_ID_KEY)
        if not body["metadata"]:
            del body["metadata"]
    return body


def test_run_prints_id_and_url_tab_separated_when_piped(cli: Any, api: Any, bodies: Any) -> None:
    route = create_route(api, bodies)
    result = cli("run", "Fix the flaky test")
    assert result.exit_code == 0
    assert result.stdout == "42\thttps://codegen.com/x/42\n"
    assert sent(route) == {"prompt": "Fix the flaky test"}
    assert "codegen logs 42 -f" in result.stderr


def test_run_on_a_terminal_shows_id_and_url(cli: Any, api: Any, bodies: Any) -> None:
    create_route(api, bodies)
    result = cli("run", "Fix it", tty=True)
    assert result.exit_code == 0
    assert "42" in result.stdout and "https://codegen.com/x/42" in result.stdout
    assert "\t" not in result.stdout


def test_run_sends_every_option(cli: Any, api: Any, bodies: Any, tmp_path: Path) -> None:
    route = create_route(api, bodies)
    image = tmp_path / "screen.png"
    image.write_bytes(PNG)
    result = cli(
        "run", "Fix it", "--repo-id", "5", "--model", "claude-sonnet-4", "--agent-type",
        "claude_code", "--metadata", '{"ticket": "ENG-42"}', "--image", str(image),
        "-i", str(image),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert sent(route) == {
        "prompt": "Fix it",
        "repo_id": 5,
        "model": "claude-sonnet-4",
        "agent_type": "claude_code",
        "metadata": {"ticket": "ENG-42"},
        "images": [uri, uri],
    }


def test_run_reads_the_prompt_from_stdin_with_dash(cli: Any, api: Any, bodies: Any) -> None:
    route = create_route(api, bodies)
    result = cli("run", "-", input="Refactor the parser\nkeep the API\n")
    assert result.exit_code == 0
    assert sent(route)["prompt"] == "Refactor the parser\nkeep the API"


def test_run_reads_the_prompt_from_a_file(cli: Any, api: Any, bodies: Any, tmp_path: Path) -> None:
    route = create_route(api, bodies)
    task = tmp_path / "task.md"
    task.write_text("# Task\nAdd a --dry-run flag\n", encoding="utf-8")
    for flag in ("--file", "-F"):
        result = cli("run", flag, str(task))
        assert result.exit_code == 0
        assert sent(route)["prompt"] == "# Task\nAdd a --dry-run flag"


def test_run_quiet_prints_only_the_id(cli: Any, api: Any, bodies: Any) -> None:
    create_route(api, bodies)
    result = cli("run", "-q", "Fix it")
    assert result.exit_code == 0
    assert result.stdout == "42\n"
    assert result.stderr == ""


def test_run_json_prints_the_run_as_sent(cli: Any, api: Any, bodies: Any) -> None:
    create_route(api, bodies, future_field={"kept": True})
    result = cli("run", "--json", "Fix it")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == bodies.run(status="PENDING", future_field={"kept": True})


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["run", ""],
            None,
            'the prompt is empty; say what the agent should do, e.g. codegen run "',
        ),
        (["run", "   \n"], None, "the prompt is empty"),
        (["run", "-"], "  \n", "the prompt is empty"),
        (["run"], None, "no prompt given"),
        (["run", "x", "--file", "task.md"], None, "not both"),
        (["run", "--file", "/no/such/task.md"], None, "cannot read the prompt file"),
        (["run", "x", "--metadata", "{oops"], None, "--metadata is not valid JSON"),
        (["run", "x", "--metadata", "[1, 2]"], None, "--metadata must be a JSON object"),
        (["run", "x", "--metadata", "[" * 5000 + "]" * 5000], None, "nested too deeply"),
        (["run", "x", "--metadata", '{"a": ' + "[" * 32 + "]" * 32 + "}"], None, "more than 32"),
        (["run", "fix \udcff it"], None, "the prompt holds bytes that are not UTF-8 text"),
        (["run", "x", "--image", "/no/such/shot.png"], None, "image file not found"),
        (["run", "x", "-q", "--json"], None, "-q prints only the id"),
        (["run", "x", "-q", "--follow"], None, "-q prints only the id"),
    ],
)
def test_bad_run_input_is_a_usage_error_before_any_request(
    cli: Any, api: Any, bodies: Any, args: list[str], stdin: str | None, message: str
) -> None:
    route = create_route(api, bodies)
    result = cli(*args, input=stdin)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not route.called


def test_run_rejects_an_unknown_agent_type(cli: Any, api: Any) -> None:
    result = cli("run", "x", "--agent-type", "robot")
    assert result.exit_code == 2
    assert "codegen" in result.stderr and "claude_code" in result.stderr


def test_run_wait_prints_the_result_and_exits_0(cli: Any, api: Any, bodies: Any) -> None:
    create_route(api, bodies)
    pr = {
        "id": 9, "created_at": "2024-01-15T10:40:00Z", "title": "Fix it",
        "url": "https://github.com/acme/app/pull/9", "head_branch_name": "codegen/fix-it",
    }  # fmt: skip
    api.get(f"{bodies.runs}/run/42").mock(
        side_effect=[
            httpx.Response(200, json=bodies.run(status="ACTIVE")),
            httpx.Response(200, json=bodies.run(status="ACTIVE")),
            httpx.Response(
                200,
                json=bodies.run(
                    status="COMPLETE", result="All done.\nTests pass.", github_pull_requests=[pr]
                ),
            ),
        ]
    )
    result = cli("run", "--wait", "Fix it")
    assert result.exit_code == 0
    assert "status:\tCOMPLETE\n" in result.stdout
    assert (
        "pull_request:\thttps://github.com/acme/app/pull/9\tcodegen/fix-it\tFix it\n"
        in result.stdout
    )
    assert result.stdout.startswith("id:\t42\n")  # stdout is the final run, as `show` prints it
    assert result.stdout.endswith("--\nAll done.\nTests pass.\n")
    # Piped stderr: the header, one plain line per status change, then the outcome.
    assert result.stderr == (
        "agent run 42 started: https://codegen.com/x/42\n"
        "agent run 42: ACTIVE\nagent run 42: COMPLETE\n✓ agent run 42 completed\n"
    )


def test_run_wait_draws_a_live_line_on_a_terminal_and_clears_it(
    cli: Any, api: Any, bodies: Any
) -> None:
    create_route(api, bodies)
    api.get(f"{bodies.runs}/run/42").mock(
        side_effect=[
            httpx.Response(200, json=bodies.run(status="ACTIVE")),
            httpx.Response(200, json=bodies.run(status="COMPLETE")),
        ]
    )
    api.get(f"{bodies.logs}/42/logs").respond(
        200, json=bodies.logs_page([bodies.log(3, tool_name="view_file")], total=4)
    )
    result = cli("run", "--wait", "Fix it", tty=True)
    assert result.exit_code == 0
    header, rest = result.stderr.split("\n", 1)
    assert header == "agent run 42 started: https://codegen.com/x/42"
    assert rest.startswith("\r\x1b[2K⠋ agent run 42 · ")
    assert rest.endswith("\r\x1b[2K✓ agent run 42 completed\n")  # the line is cleared first


@pytest.mark.parametrize(("status", "code"), [("FAILED", 1), ("ERROR", 1), ("CANCELLED", 1)])
def test_run_wait_exits_1_when_the_run_ends_unsuccessfully(
    cli: Any, api: Any, bodies: Any, status: str, code: int
) -> None:
    create_route(api, bodies)
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status=status))
    result = cli("run", "-w", "Fix it")
    assert result.exit_code == code
    assert f"✗ agent run 42 ended {status}" in result.stderr
    assert f"status:\t{status}" in result.stdout


QUESTION = "May the public signature of plan() change?"


def paused_log(api: Any, bodies: Any) -> Any:
    entries = [
        bodies.log(9, "PLAN_EVALUATION", thought=f"{QUESTION} Waiting for your reply."),
        bodies.log(8, "ACTION", tool_name="view_file", thought=None),
    ]
    return api.get(f"{bodies.logs}/42/logs").respond(
        200, json=bodies.logs_page(entries, total=10, status="PAUSED")
    )


def test_run_wait_on_a_paused_run_shows_its_question_and_exits_0(
    cli: Any, api: Any, bodies: Any
) -> None:
    create_route(api, bodies)
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="PAUSED"))
    logs = paused_log(api, bodies)
    result = cli("run", "--wait", "Fix it")
    assert result.exit_code == 0
    assert f"question:\t{QUESTION} Waiting for your reply.\n" in result.stdout
    assert result.stderr.endswith(
        f'agent run 42 is paused and asks: "{QUESTION} Waiting for your reply."\n'
        '  answer with: codegen continue 42 "…"\n'
    )
    assert logs.calls[-1].request.url.params["reverse"] == "true"


def test_run_wait_timeout_exits_8(cli: Any, api: Any, bodies: Any, clock: Any) -> None:
    create_route(api, bodies)
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="ACTIVE"))
    result = cli("run", "--wait", "--timeout", "2m", "Fix it")
    assert result.exit_code == 8
    assert "still running after 120 s" in result.stderr
    assert "codegen wait 42" in result.stderr
    assert sum(clock.sleeps) == pytest.approx(120)


def test_run_wait_json_prints_only_the_final_run(cli: Any, api: Any, bodies: Any) -> None:
    create_route(api, bodies)
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="COMPLETE"))
    result = cli("run", "--wait", "--json", "Fix it")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["status"] == "COMPLETE"


def test_run_quiet_wait_prints_the_id_and_exits_with_the_outcome(
    cli: Any, api: Any, bodies: Any
) -> None:
    create_route(api, bodies)
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="FAILED"))
    result = cli("run", "-q", "--wait", "Fix it")
    assert result.exit_code == 1
    assert result.stdout == "42\n"
    assert "agent run 42: " not in result.stderr  # no progress with -q
    assert "ended FAILED" in result.stderr  # but the outcome is always told


def test_run_follow_streams_logs_then_exits_with_the_outcome(
    cli: Any, api: Any, bodies: Any
) -> None:
    create_route(api, bodies)
    api.get(f"{bodies.logs}/42/logs").mock(
        side_effect=[
            httpx.Response(200, json=bodies.logs_page([bodies.log(0)], status="ACTIVE")),
            httpx.Response(200, json=bodies.logs_page([bodies.log(1)], total=2, status="FAILED")),
            httpx.Response(200, json=bodies.logs_page([], total=2, status="FAILED")),
        ]
    )
    run_route = api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="FAILED"))
    result = cli("run", "--follow", "Fix it")
    assert result.exit_code == 1
    assert not run_route.called  # the last log page told how the run ended
    lines = result.stdout.splitlines()
    assert [line.split("\t")[3] for line in lines] == ["thought 0", "thought 1"]
    assert result.stderr == (
        "agent run 42 started: https://codegen.com/x/42\n✗ agent run 42 ended FAILED\n"
    )


def test_continue_sends_the_follow_up(cli: Any, api: Any, bodies: Any) -> None:
    route = api.post(f"{bodies.runs}/run/resume").respond(200, json=bodies.run(status="ACTIVE"))
    result = cli("continue", "42", "Also update the changelog")
    assert result.exit_code == 0
    assert sent(route) == {"agent_run_id": 42, "prompt": "Also update the changelog"}
    assert result.stdout == "42\thttps://codegen.com/x/42\n"


def test_continue_follow_shows_only_new_entries(cli: Any, api: Any, bodies: Any) -> None:
    api.post(f"{bodies.runs}/run/resume").respond(200, json=bodies.run(status="ACTIVE"))
    logs = api.get(f"{bodies.logs}/42/logs").mock(
        side_effect=[
            httpx.Response(200, json=bodies.logs_page([bodies.log(0)], total=5, status="PAUSED")),
            httpx.Response(200, json=bodies.logs_page([bodies.log(5)], total=6, status="COMPLETE")),
            httpx.Response(200, json=bodies.logs_page([], total=6, status="COMPLETE")),
        ]
    )
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="COMPLETE"))
    result = cli("continue", "42", "-", "--follow", input="Go on")
    assert result.exit_code == 0
    assert logs.calls[1].request.url.params["skip"] == "5"
    assert [line.split("\t")[3] for line in result.stdout.splitlines()] == ["thought 5"]


def test_continue_wait_and_images(cli: Any, api: Any, bodies: Any, tmp_path: Path) -> None:
    image = tmp_path / "shot.png"
    image.write_bytes(PNG)
    route = api.post(f"{bodies.runs}/run/resume").respond(200, json=bodies.run(status="ACTIVE"))
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="COMPLETE"))
    result = cli("continue", "42", "Look at this", "--image", str(image), "--wait", "--json")
    assert result.exit_code == 0
    assert sent(route)["images"][0].startswith("data:image/png;base64,")
    assert json.loads(result.stdout)["status"] == "COMPLETE"


def test_continue_with_an_empty_prompt_is_a_usage_error(cli: Any, api: Any, bodies: Any) -> None:
    route = api.post(f"{bodies.runs}/run/resume").respond(200, json=bodies.run())
    result = cli("continue", "42", " ")
    assert result.exit_code == 2
    assert "the prompt is empty" in result.stderr
    assert not route.called


def test_continue_quiet_wait_timeout(cli: Any, api: Any, bodies: Any) -> None:
    api.post(f"{bodies.runs}/run/resume").respond(200, json=bodies.run(status="ACTIVE"))
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="ACTIVE"))
    result = cli("continue", "42", "More", "-q", "-w", "--timeout", "5")
    assert result.exit_code == 8
    assert result.stdout == "42\n"
