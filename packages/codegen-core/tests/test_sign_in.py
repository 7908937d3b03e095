"""Signing in, as the command and the app both do it: whose token, which organization, what is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen import (
    ClientConfig,
    Organization,
    Profile,
    ProfileStore,
    User,
    check_token,
    save_sign_in,
)

USER = User.model_validate({"id": 3, "github_user_id": "9", "github_username": "ada"})


def org(org_id: int) -> Organization:
    return Organization.model_validate({"id": org_id, "name": f"org {org_id}", "settings": {}})


class Client:
    def __init__(self, organizations: list[Organization]) -> None:
        self.organizations = organizations

    def get_current_user(self) -> User:
        return USER

    def iter_organizations(self) -> list[Organization]:
        return self.organizations


@pytest.mark.parametrize(
    ("orgs", "wanted", "taken"),
    [([1], None, 1), ([1, 2], None, None), ([1, 2], 2, 2), ([1, 2], 5, None), ([], None, None)],
)
def test_the_organization_taken_without_asking(
    orgs: list[int], wanted: int | None, taken: int | None
) -> None:
    owner = check_token(Client([org(n) for n in orgs]))
    assert owner.user is USER and owner.name == "ada"
    chosen = owner.organization(wanted)
    assert (chosen.id if chosen else None) == taken


def test_the_name_is_the_full_name_when_there_is_one() -> None:
    named = User.model_validate({**USER.to_dict(), "full_name": "Ada Lovelace"})

    class Named(Client):
        def get_current_user(self) -> User:
            return named

    assert check_token(Named([])).name == "Ada Lovelace"


@pytest.mark.parametrize(
    ("api_url", "kept"),
    [("https://api.codegen.com/v1", None), ("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v1")],
)
def test_a_sign_in_is_kept_as_the_default_profile(
    tmp_path: Path, api_url: str, kept: str | None
) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.save("other", Profile(api_token="old-token", org_id=1))
    config = ClientConfig(api_token="new-token", api_url=api_url, read_env=False)
    saved = save_sign_in(store, "work", config, 7)
    assert saved == Profile(api_token="new-token", org_id=7, api_url=kept)
    loaded = store.load()
    assert loaded.default == "work" and loaded.profiles["work"] == saved
    assert loaded.profiles["other"].api_token == "old-token"
