"""--org-id, --api-url, --profile and --debug, before or after the command name; and where the
configuration comes from (option > environment > profile > default)."""

from __future__ import annotations

from typing import Any

import pytest

from codegen import Profile, ProfileStore
from codegen_cli._global_options import hoist_global_options


@pytest.mark.parametrize(
    ("args", "hoisted"),
    [
        (["--org-id", "9", "list", "-L", "3"], ["list", "--org-id", "9", "-L", "3"]),
        (["--org-id=9", "--debug", "show", "1"], ["show", "--org-id=9", "--debug", "1"]),
        (["--profile", "work", "--api-url", "u", "run", "x"],
         ["run", "--profile", "work", "--api-url", "u", "x"]),
        (["list", "--org-id", "9"], ["list", "--org-id", "9"]),
        (["--debug", "--version"], ["--version"]),
        (["--org-id", "9", "--help"], ["--help"]),
        (["--org-id", "9"], []),
        (["--bogus", "list"], ["--bogus", "list"]),
        ([], []),
    ],
)  # fmt: skip
def test_hoist_global_options(args: list[str], hoisted: list[str]) -> None:
    assert hoist_global_options(args) == hoisted


@pytest.mark.parametrize(
    "args",
    [
        ["--org-id", "9", "show", "42"],
        ["show", "42", "--org-id", "9"],
        ["show", "--org-id=9", "42"],
    ],
)
def test_org_id_before_or_after_the_command(
    cli: Any, api: Any, bodies: Any, args: list[str]
) -> None:
    route = api.get(f"{bodies.api_url}/organizations/9/agent/run/42").respond(
        200, json=bodies.run()
    )
    assert cli(*args).exit_code == 0
    assert route.called


@pytest.mark.parametrize("before", [True, False])
def test_api_url_option_beats_the_environment(
    cli: Any, api: Any, bodies: Any, before: bool
) -> None:
    route = api.get("https://other.test/v1/organizations/7/agent/run/42").respond(
        200, json=bodies.run()
    )
    option = ["--api-url", "https://other.test/v1"]
    args = [*option, "show", "42"] if before else ["show", "42", *option]
    assert cli(*args).exit_code == 0
    assert route.called


def test_profile_option_selects_a_profile(
    cli: Any, api: Any, bodies: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CODEGEN_API_TOKEN", "CODEGEN_ORG_ID", "CODEGEN_API_URL"):
        monkeypatch.delenv(name)
    store = ProfileStore()
    store.save("work", Profile(api_token="work-token-123", org_id=3, api_url=bodies.api_url))
    store.save("home", Profile(api_token="home-token-456", org_id=4, api_url=bodies.api_url))
    work = api.get(f"{bodies.api_url}/organizations/3/agent/run/42").respond(200, json=bodies.run())
    home = api.get(f"{bodies.api_url}/organizations/4/agent/run/42").respond(200, json=bodies.run())
    assert cli("show", "42").exit_code == 0  # the file's default: the first saved
    assert cli("--profile", "home", "show", "42").exit_code == 0
    assert cli("show", "42", CODEGEN_PROFILE="home").exit_code == 0
    assert work.calls[0].request.headers["authorization"] == "Bearer work-token-123"
    assert [c.request.headers["authorization"] for c in home.calls] == ["Bearer home-token-456"] * 2


def test_an_unknown_profile_is_a_usage_error(cli: Any) -> None:
    result = cli("list", "--profile", "nope")
    assert result.exit_code == 2
    assert "no profile named 'nope'" in result.stderr
