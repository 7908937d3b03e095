"""`codegen login`, `logout` and `whoami`: the token from stdin or a hidden prompt only, checked
before it is saved, never printed."""

from __future__ import annotations

import getpass
import json
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest

from codegen import Profile, ProfileStore
from codegen_cli._output import Output

NEW_TOKEN = "cg-new-token-0c9d44e1"
USER = {"id": 1, "github_user_id": "58", "github_username": "ada", "full_name": "Ada Lovelace",
        "email": "ada@example.com", "role": "ADMIN"}  # fmt: skip
ORGS = [
    {"id": 7, "name": "Acme", "settings": {}},
    {"id": 8, "name": "Side Project", "settings": {}},
]


@pytest.fixture
def logged_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """No token and no organization in the environment: only the profile file counts."""
    monkeypatch.delenv("CODEGEN_API_TOKEN")
    monkeypatch.delenv("CODEGEN_ORG_ID")


@pytest.fixture
def login_api(api: Any, bodies: Any) -> Any:
    me = api.get(f"{bodies.api_url}/users/me").respond(200, json=USER)
    api.get(f"{bodies.api_url}/organizations").respond(200, json=bodies.page(ORGS))
    return me


def saved(config_dir: Path) -> dict[str, Any]:
    return tomllib.loads((config_dir / "config.toml").read_text())


def test_login_with_token_checks_and_saves_it(
    cli: Any, login_api: Any, logged_out: None, environment: Path
) -> None:
    result = cli("login", "--with-token", input=NEW_TOKEN + "\n")
    assert result.exit_code == 0, result.stderr
    assert login_api.calls[0].request.headers["authorization"] == f"Bearer {NEW_TOKEN}"
    assert saved(environment) == {
        "default": "default",
        "profiles": {
            "default": {"api_token": NEW_TOKEN, "org_id": 7, "api_url": "https://api.test/v1"}
        },
    }
    assert stat.S_IMODE((environment / "config.toml").stat().st_mode) == 0o600
    assert result.stdout == ""
    assert "logged in to https://api.test/v1 as ada, organization Acme (7)" in result.stderr
    assert NEW_TOKEN not in result.stderr


def test_a_saved_login_is_used_by_later_commands(
    cli: Any, login_api: Any, logged_out: None, api: Any, bodies: Any
) -> None:
    assert cli("login", "--with-token", input=NEW_TOKEN).exit_code == 0
    route = api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run())
    assert cli("show", "42").exit_code == 0
    assert route.calls[0].request.headers["authorization"] == f"Bearer {NEW_TOKEN}"


def test_login_with_a_rejected_token_saves_nothing(
    cli: Any, api: Any, bodies: Any, logged_out: None, environment: Path
) -> None:
    api.get(f"{bodies.api_url}/users/me").respond(401, json={"detail": "Invalid token"})
    result = cli("login", "--with-token", input=NEW_TOKEN)
    assert result.exit_code == 4
    assert "rejected this token: Invalid token" in result.stderr
    assert "get a new one at https://codegen.com/token" in result.stderr
    assert NEW_TOKEN not in result.stderr
    assert not (environment / "config.toml").exists()


def test_login_never_prompts_without_a_terminal(cli: Any, logged_out: None) -> None:
    result = cli("login")
    assert result.exit_code == 2
    assert "stdin is not a terminal" in result.stderr
    assert "pipe the token on stdin with --with-token" in result.stderr


def test_login_refuses_an_empty_token(cli: Any, logged_out: None) -> None:
    result = cli("login", "--with-token", input="\n")
    assert result.exit_code == 2
    assert "the token is empty" in result.stderr


def test_login_takes_no_token_argument_and_never_echoes_it(cli: Any, logged_out: None) -> None:
    result = cli("login", NEW_TOKEN)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: `codegen login` takes no arguments")
    assert "a token goes on stdin with --with-token" in result.stderr
    assert NEW_TOKEN not in result.stdout + result.stderr
    result = cli("login", f"--token={NEW_TOKEN}")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown option --token")
    assert NEW_TOKEN not in result.stdout + result.stderr


def test_login_on_a_terminal_asks_hidden_and_offers_the_organizations(
    cli: Any, login_api: Any, logged_out: None, environment: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    prompts: list[str] = []
    monkeypatch.setattr(Output, "can_prompt", property(lambda self: True))
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or NEW_TOKEN)
    result = cli("login", input="5\n2\n")
    assert result.exit_code == 0, result.stderr
    assert "https://codegen.com/token" in prompts[0]
    assert "1. Acme (7)" in result.stderr and "2. Side Project (8)" in result.stderr
    assert "enter a number from 1 to 2" in result.stderr  # "5" was refused
    assert saved(environment)["profiles"]["default"]["org_id"] == 8
    assert result.stdout == ""


def test_login_org_id_picks_the_organization(
    cli: Any, login_api: Any, logged_out: None, environment: Path
) -> None:
    result = cli("--org-id", "8", "login", "--with-token", input=NEW_TOKEN)
    assert result.exit_code == 0
    assert saved(environment)["profiles"]["default"]["org_id"] == 8


def test_login_refuses_an_organization_the_user_is_not_in(
    cli: Any, login_api: Any, logged_out: None, environment: Path
) -> None:
    result = cli("login", "--with-token", "--org-id", "99", input=NEW_TOKEN)
    assert result.exit_code == 1
    assert "not a member of organization 99" in result.stderr and "7 (Acme)" in result.stderr
    assert not (environment / "config.toml").exists()


def test_login_to_a_named_profile_makes_it_the_default(
    cli: Any, login_api: Any, logged_out: None, environment: Path
) -> None:
    ProfileStore().save("work", Profile(api_token="old-token-1234", org_id=3))
    result = cli("login", "--with-token", "--profile", "personal", input=NEW_TOKEN)
    assert result.exit_code == 0
    content = saved(environment)
    assert content["default"] == "personal"
    assert content["profiles"]["work"]["api_token"] == "old-token-1234"
    assert content["profiles"]["personal"]["api_token"] == NEW_TOKEN


def test_login_warns_when_the_environment_token_wins(cli: Any, login_api: Any) -> None:
    result = cli("login", "--with-token", input=NEW_TOKEN)
    assert result.exit_code == 0
    assert "a token set in the environment (CODEGEN_API_TOKEN) overrides" in result.stderr


def test_login_json_prints_the_user(cli: Any, login_api: Any, logged_out: None) -> None:
    result = cli("login", "--with-token", "--json", input=NEW_TOKEN)
    assert json.loads(result.stdout) == USER


def test_logout_removes_the_profile(
    cli: Any, login_api: Any, logged_out: None, environment: Path
) -> None:
    assert cli("login", "--with-token", input=NEW_TOKEN).exit_code == 0
    result = cli("logout", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "profile": "default", "path": str(environment / "config.toml"), "removed": True,
    }  # fmt: skip
    assert "removed profile 'default'" in result.stderr
    assert saved(environment).get("profiles") in (None, {})
    again = cli("logout")
    assert again.exit_code == 1
    assert "no saved profile 'default'" in again.stderr
    assert cli("list").exit_code == 4  # not logged in any more


def test_whoami(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.api_url}/users/me").respond(200, json=USER)
    result = cli("whoami")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:5] == [
        "user:\tada", "name:\tAda Lovelace", "email:\tada@example.com", "role:\tADMIN",
        "organization:\t7",
    ]  # fmt: skip
    assert "api:\thttps://api.test/v1" in result.stdout
    assert bodies.token not in result.stdout
    assert json.loads(cli("whoami", "--json").stdout) == USER
    tty = cli("whoami", tty=True)
    assert "User" in tty.stdout and "ada" in tty.stdout


def test_whoami_without_a_token_is_exit_4(cli: Any, logged_out: None) -> None:
    result = cli("whoami")
    assert result.exit_code == 4
    assert (
        result.stderr
        == "error: not logged in: no API token; run `codegen login` or set CODEGEN_API_TOKEN\n"
    )
