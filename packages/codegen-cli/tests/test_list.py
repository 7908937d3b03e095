"""`codegen list`: paging, filters, and the table / tab-separated / JSON renderings."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def runs(bodies: Any) -> list[dict[str, Any]]:
    return [
        bodies.run(3, "COMPLETE", summary="Added type hints — tests pass", created_at="2024-01-15T10:30:00Z"),
        bodies.run(2, "FAILED", result="Could not build.\nSee logs.", created_at="2024-01-14T09:00:00Z"),
        bodies.run(1, "ACTIVE", created_at="2024-01-13T08:00:00Z"),
    ]  # fmt: skip


def test_piped_list_is_tab_separated_without_header(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.runs}/runs").respond(200, json=bodies.page(runs(bodies)))
    result = cli("list")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "3\tCOMPLETE\t2024-01-15T10:30:00Z\tAdded type hints — tests pass\thttps://codegen.com/x/3",
        "2\tFAILED\t2024-01-14T09:00:00Z\tCould not build.\thttps://codegen.com/x/2",
        "1\tACTIVE\t2024-01-13T08:00:00Z\t\thttps://codegen.com/x/1",
    ]
    assert route.calls[0].request.url.params["limit"] == "30"
    assert "\x1b" not in result.stdout


def test_terminal_list_is_a_coloured_table_fitted_to_the_width(
    cli: Any, api: Any, bodies: Any
) -> None:
    long = bodies.run(4, "COMPLETE", summary="word " * 60)
    api.get(f"{bodies.runs}/runs").respond(200, json=bodies.page([long, *runs(bodies)]))
    result = cli("list", tty=True, COLUMNS="60")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    plain = [ANSI.sub("", line) for line in lines]
    assert plain[0].split() == ["ID", "STATUS", "CREATED", "SUMMARY"]
    assert all(len(line.rstrip()) <= 60 for line in plain)
    assert plain[1].rstrip().endswith("…")
    assert "ago" in plain[2]  # relative times
    assert "\x1b[32mCOMPLETE" in lines[2] and "\x1b[31mFAILED" in lines[3]
    assert "\x1b[33mACTIVE" in lines[4]
    assert "https://" not in result.stdout  # the URL is for pipes and `show`


def test_no_color_disables_colour(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.runs}/runs").respond(200, json=bodies.page(runs(bodies)))
    result = cli("list", tty=True, NO_COLOR="1")
    assert result.exit_code == 0
    assert "COMPLETE" in result.stdout
    assert not re.search(r"\x1b\[3\dm", result.stdout)


def test_limit_and_all(cli: Any, api: Any, bodies: Any) -> None:
    items = [bodies.run(i, "COMPLETE") for i in range(250, 0, -1)]
    route = api.get(f"{bodies.runs}/runs").mock(
        side_effect=lambda request: httpx.Response(
            200,
            json=bodies.page(
                items[int(request.url.params["skip"]) :][: int(request.url.params["limit"])],
                total=len(items),
            ),
        )
    )
    assert len(cli("list", "--limit", "5").stdout.splitlines()) == 5
    assert route.calls[-1].request.url.params["limit"] == "5"
    before = len(route.calls)
    result = cli("list", "-a")
    assert len(result.stdout.splitlines()) == 250
    skips = [call.request.url.params["skip"] for call in route.calls[before:]]
    assert skips == ["0", "100", "200"]


def test_filters_are_sent_or_applied(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.runs}/runs").respond(200, json=bodies.page(runs(bodies)))
    result = cli(
        "list", "--status", "failed", "-s", "ACTIVE", "--source-type", "api", "--user-id", "9"
    )
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["2", "1"]
    params = route.calls[0].request.url.params
    assert params["source_type"] == "API" and params["user_id"] == "9"


def test_mine_lists_the_current_users_runs(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.api_url}/users/me").respond(
        200, json={"id": 77, "github_user_id": "1", "github_username": "ada"}
    )
    route = api.get(f"{bodies.runs}/runs").respond(200, json=bodies.page([]))
    result = cli("list", "--mine")
    assert result.exit_code == 0
    assert route.calls[0].request.url.params["user_id"] == "77"
    assert result.stdout == ""
    assert "No agent runs found." in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "bogus"], "invalid --status: expected a status: PENDING, ACTIVE,"),
        (["--source-type", "fax"], "invalid --source-type: expected a source type: LOCAL,"),
        (["--all", "--limit", "3"], "give --limit or --all"),
        (["--mine", "--user-id", "3"], "give --mine or --user-id"),
    ],
)
def test_bad_list_options_are_usage_errors(
    cli: Any, api: Any, bodies: Any, args: list[str], message: str
) -> None:
    route = api.get(f"{bodies.runs}/runs").respond(200, json=bodies.page([]))
    result = cli("list", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not route.called


def test_limit_must_be_positive(cli: Any) -> None:
    result = cli("list", "--limit", "0")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: invalid --limit: expected a whole number of 1 or more; see `codegen list --help`\n"
    )


def test_list_json_is_an_array_of_full_runs(cli: Any, api: Any, bodies: Any) -> None:
    items = runs(bodies)
    items[0]["brand_new_field"] = [1, 2]
    api.get(f"{bodies.runs}/runs").respond(200, json=bodies.page(items))
    result = cli("list", "--json")
    assert json.loads(result.stdout) == items
