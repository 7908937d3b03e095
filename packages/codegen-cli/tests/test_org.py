"""`codegen orgs`, `repos`, `users` and `integrations`."""

from __future__ import annotations

import json
import re
from typing import Any

ANSI = re.compile(r"\x1b\[[0-9;]*m")
REPOS = [
    {"id": 10, "name": "app", "full_name": "acme/app", "github_id": "1", "organization_id": 7,
     "setup_status": "COMPLETE", "description": "The app", "visibility": "PRIVATE",
     "archived": False, "language": "Python"},
    {"id": 11, "name": "docs", "full_name": "acme/docs", "github_id": "2", "organization_id": 7,
     "setup_status": "NOT_STARTED", "description": None, "visibility": None, "archived": None,
     "language": None},
]  # fmt: skip
USERS = [
    {"id": 1, "github_user_id": "58", "github_username": "ada", "full_name": "Ada Lovelace",
     "email": "ada@example.com", "role": "ADMIN"},
    {"id": 2, "github_user_id": "59", "github_username": "grace"},
]  # fmt: skip


def test_orgs_marks_the_one_in_use(cli: Any, api: Any, bodies: Any) -> None:
    orgs = [{"id": 7, "name": "Acme", "settings": {}}, {"id": 8, "name": "Side", "settings": {}}]
    api.get(f"{bodies.api_url}/organizations").respond(200, json=bodies.page(orgs))
    assert cli("orgs").stdout == "7\tAcme\t*\n8\tSide\t\n"
    plain = ANSI.sub("", cli("orgs", tty=True).stdout)
    assert plain.splitlines()[0].split() == ["ID", "NAME"]
    assert re.search(r"7 +Acme +\*", plain)
    assert json.loads(cli("orgs", "--json").stdout) == orgs


def test_repos(cli: Any, api: Any, bodies: Any) -> None:
    route = api.get(f"{bodies.org_url}/repos").respond(200, json=bodies.page(REPOS))
    assert cli("repos").stdout.splitlines() == [
        "10\tacme/app\tPython\tPRIVATE\tCOMPLETE\tThe app",
        "11\tacme/docs\t\t\tNOT_STARTED\t",
    ]
    assert cli("repos", "--limit", "1").stdout.count("\n") == 1
    tty = ANSI.sub("", cli("repos", tty=True, COLUMNS="120").stdout)
    assert tty.splitlines()[0].split() == [
        "ID",
        "NAME",
        "LANGUAGE",
        "VISIBILITY",
        "SETUP",
        "DESCRIPTION",
    ]
    assert json.loads(cli("repos", "--json").stdout) == REPOS
    assert route.called


def test_users(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.org_url}/users").respond(200, json=bodies.page(USERS))
    assert cli("users").stdout.splitlines() == [
        "1\tada\tAda Lovelace\tADMIN\tada@example.com",
        "2\tgrace\t\t\t",
    ]
    assert json.loads(cli("users", "--json").stdout) == USERS
    assert cli("users", "-L", "1").stdout == "1\tada\tAda Lovelace\tADMIN\tada@example.com\n"


def test_integrations(cli: Any, api: Any, bodies: Any) -> None:
    body = {
        "organization_id": 7,
        "organization_name": "Acme",
        "integrations": [
            {"integration_type": "github", "active": True},
            {"integration_type": "slack", "active": False},
        ],
        "total_active_integrations": 1,
    }
    api.get(f"{bodies.org_url}/integrations").respond(200, json=body)
    assert cli("integrations").stdout == "github\tactive\nslack\tinactive\n"
    tty = cli("integrations", tty=True).stdout
    assert "\x1b[32mactive" in tty
    assert json.loads(cli("integrations", "--json").stdout) == body


def test_empty_lists_say_so_on_stderr(cli: Any, api: Any, bodies: Any) -> None:
    api.get(f"{bodies.org_url}/users").respond(200, json=bodies.page([]))
    result = cli("users")
    assert result.stdout == "" and "No users." in result.stderr
    assert cli("users", "--json").stdout == "[]\n"
