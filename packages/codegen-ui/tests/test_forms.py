"""The new-run form and the settings form, with fake views and a fake client."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from codegen import ClientConfig, ImageError, Profile, ProfileStore
from codegen_ui._new_run_presenter import DEFAULT_CHOICE, NO_REPOSITORY, NewRunForm, NewRunPresenter
from codegen_ui._settings_presenter import SettingsForm, SettingsPresenter

API_URL = "https://api.example.test/v1"

# -- new run --------------------------------------------------------------------------------


@pytest.fixture
def new_run(kit: Any, recorder_class: Any) -> tuple[NewRunPresenter, Any, list[Any]]:
    created: list[Any] = []
    presenter = NewRunPresenter(kit.connection, kit.worker, on_created=created.append)
    view = recorder_class()
    presenter.attach(view)
    kit.settle()
    return presenter, view, created


def test_repository_picker_lists_active_repositories(kit: Any, new_run: Any) -> None:
    _, view, _ = new_run
    assert view.last("show_repositories") == ([NO_REPOSITORY, "acme/arm", "acme/dash"],)
    assert kit.client.called("iter_repositories") == [{"org_id": 7}]


def test_submit_sends_every_option_and_hands_over_the_run(kit: Any, new_run: Any) -> None:
    presenter, view, created = new_run
    form = NewRunForm(
        prompt="  Fix the flaky test\nin CI  ",
        repository="acme/dash",
        model="claude-sonnet",
        agent_type="claude_code",
        images=("/tmp/a.png",),
    )
    presenter.submit(form)
    kit.settle()
    (call,) = kit.client.called("create_agent_run")
    assert call == {
        "prompt": "Fix the flaky test\nin CI",
        "org_id": 7,
        "repo_id": 12,
        "model": "claude-sonnet",
        "agent_type": "claude_code",
        "images": ["/tmp/a.png"],
    }
    assert [run.id for run in created] == [4]
    assert view.all("close") and not presenter.is_open


def test_defaults_send_nothing_extra(kit: Any, new_run: Any) -> None:
    presenter, _, _ = new_run
    presenter.submit(
        NewRunForm(prompt="Do it", repository=NO_REPOSITORY, agent_type=DEFAULT_CHOICE)
    )
    kit.settle()
    (call,) = kit.client.called("create_agent_run")
    assert call["repo_id"] is None and call["model"] is None
    assert call["agent_type"] is None and call["images"] is None


def test_empty_prompt_is_refused_before_any_request(kit: Any, new_run: Any) -> None:
    presenter, view, created = new_run
    presenter.submit(NewRunForm(prompt="  \n "))
    assert view.last("show_error") == ("Write a prompt: what should the agent do?",)
    assert kit.client.called("create_agent_run") == [] and created == []


def test_a_failed_create_keeps_the_form_open_with_the_message(kit: Any, new_run: Any) -> None:
    presenter, view, created = new_run
    kit.client.fail("create_agent_run", ImageError("image file not found: /tmp/nope.png"))
    presenter.submit(NewRunForm(prompt="With a picture", images=("/tmp/nope.png",)))
    kit.settle()
    assert view.last("show_error") == ("image file not found: /tmp/nope.png",)
    assert view.last("set_busy") == (False,)
    assert presenter.is_open and created == []


# -- settings -------------------------------------------------------------------------------


@pytest.fixture
def store(isolated_config: Path) -> ProfileStore:
    return ProfileStore(isolated_config / "config.toml")


def settings(
    kit: Any, recorder_class: Any, store: ProfileStore, env: dict[str, str] | None = None
) -> tuple[SettingsPresenter, Any, list[Any]]:
    saved: list[Any] = []
    presenter = SettingsPresenter(
        kit.connection, kit.worker, store, on_saved=lambda c, n: saved.append((c, n)), env=env or {}
    )
    view = recorder_class()
    presenter.attach(view, reason="Sign in")
    kit.settle()  # the check made on opening, which fills the organization picker
    return presenter, view, saved


def test_form_starts_with_the_current_settings(
    kit: Any, recorder_class: Any, store: ProfileStore
) -> None:
    _, view, _ = settings(kit, recorder_class, store, env={"CODEGEN_API_TOKEN": "x"})
    form, note = view.last("show_form")
    assert form == SettingsForm(token="tok-secret-123", api_url=API_URL, org_id=7)
    assert note.startswith(
        "Sign in\nSave checks the token, then keeps it in profile 'default' (the codegen command"
    )
    assert str(store.path) in note and not store.path.exists()  # said, not done
    assert "CODEGEN_API_TOKEN in the environment override the profile" in note
    # Opening it filled the organization picker with names, the configured one chosen.
    choices, selected = view.last("show_organizations")
    assert [c.label for c in choices] == ["Org 7 (7)"] and selected == 7


def test_save_checks_the_token_then_writes_the_clis_profile_file(
    kit: Any, recorder_class: Any, store: ProfileStore
) -> None:
    presenter, view, saved = settings(kit, recorder_class, store)
    presenter.save(SettingsForm(token=" new-token ", api_url=API_URL, org_id=7))
    kit.settle()
    assert store.get("default") == Profile(api_token="new-token", org_id=7, api_url=API_URL)
    assert store.load().default == "default"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    config, name = saved[0]
    assert (config.api_token, config.org_id, name) == ("new-token", 7, "Ada Lovelace")
    assert kit.client.called("get_current_user")
    assert view.all("close")


def test_a_wrong_token_says_so_and_saves_nothing(
    kit: Any, recorder_class: Any, store: ProfileStore, auth_error: Any
) -> None:
    presenter, view, saved = settings(kit, recorder_class, store)
    kit.client.fail("get_current_user", auth_error)
    presenter.save(SettingsForm(token="wrong-token", api_url=API_URL, org_id=7))
    kit.settle()
    (message,) = view.last("show_error")
    assert message.startswith("The API token was not accepted (401: Invalid API token).")
    assert "https://codegen.com/token" in message
    assert "wrong-token" not in message
    assert not store.path.exists() and saved == []
    assert view.last("set_busy") == (False,)


def test_check_fills_the_organization_picker(
    kit: Any, recorder_class: Any, store: ProfileStore
) -> None:
    kit.client.orgs = [*kit.client.orgs, type(kit.client.orgs[0])(id=8, name="Side")]
    presenter, view, _ = settings(kit, recorder_class, store)
    presenter.check(SettingsForm(token="t", api_url=API_URL, org_id=None))
    kit.settle()
    choices, selected = view.last("show_organizations")
    assert [(c.org_id, c.label) for c in choices] == [(7, "Org 7 (7)"), (8, "Side (8)")]
    assert selected == 7  # one is always chosen: the first
    assert view.last("show_message") == (
        "Signed in as Ada Lovelace. Check the organization, then Save.",
    )
    presenter.save(SettingsForm(token="t", api_url=API_URL, org_id=None))
    kit.settle()
    assert not store.path.exists()  # two organizations and none chosen: nothing saved yet
    assert view.last("show_error") == (
        "Signed in as Ada Lovelace, who is in 2 organizations: choose one, then Save.",
    )
    assert view.all("focus_organizations")
    presenter.save(SettingsForm(token="t", api_url=API_URL, org_id=8))
    kit.settle()
    assert store.get() == Profile(api_token="t", org_id=8, api_url=API_URL)


def test_the_only_organization_is_chosen_and_the_default_url_not_pinned(
    kit: Any, recorder_class: Any, store: ProfileStore
) -> None:
    presenter, _, saved = settings(kit, recorder_class, store)
    presenter.save(SettingsForm(token="t", api_url="https://api.codegen.com/v1/", org_id=None))
    kit.settle()
    assert store.get() == Profile(api_token="t", org_id=7, api_url=None)
    assert saved[0][0].api_url == "https://api.codegen.com/v1"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (SettingsForm(token="  ", api_url=API_URL), "Paste your API token"),
        (SettingsForm(token="t", api_url="ftp://x"), "api_url must be an http(s) URL"),
        (
            SettingsForm(token="t", api_url="http://example.com/v1"),
            "refusing to send the API token over plain http",
        ),
    ],
)
def test_bad_input_is_refused_before_any_request(
    kit: Any, recorder_class: Any, store: ProfileStore, form: SettingsForm, message: str
) -> None:
    presenter, view, _ = settings(kit, recorder_class, store)
    before = len(kit.client.called("get_current_user"))
    presenter.save(form)
    assert message in view.last("show_error")[0]
    assert len(kit.client.called("get_current_user")) == before


def test_a_member_of_another_org_is_told(
    kit: Any, recorder_class: Any, store: ProfileStore
) -> None:
    presenter, view, _ = settings(kit, recorder_class, store)
    presenter.save(SettingsForm(token="t", api_url=API_URL, org_id=99))
    kit.settle()
    assert view.last("show_error") == (
        "Ada Lovelace is not a member of organization 99; pick one of theirs and Save.",
    )
    assert not store.path.exists()


def test_saves_to_the_profile_the_app_was_started_with(
    kit: Any, recorder_class: Any, store: ProfileStore, config: ClientConfig
) -> None:
    store.save("default", Profile(api_token="other", org_id=1))
    kit.connection.replace(config.replace(profile="work"))
    presenter, _, _ = settings(kit, recorder_class, store)
    presenter.save(SettingsForm(token="t", api_url=API_URL, org_id=7))
    kit.settle()
    loaded = store.load()
    assert loaded.default == "work"
    assert loaded.profiles["default"] == Profile(api_token="other", org_id=1)
    assert loaded.profiles["work"].api_token == "t"


def test_save_pressed_while_the_opening_check_is_out_saves_once_it_is_back(
    kit: Any, recorder_class: Any, store: ProfileStore
) -> None:
    import threading

    gate = threading.Event()
    kit.client.gates["iter_organizations"] = gate
    presenter = SettingsPresenter(kit.connection, kit.worker, store, on_saved=lambda c, n: None)
    view = recorder_class()
    presenter.attach(view)  # checks the configured token, to fill the picker
    presenter.save(SettingsForm(token="t", api_url=API_URL, org_id=7))
    assert view.last("show_message") == ("Checking the token; saving once that is done…",)
    gate.set()
    kit.settle()
    assert store.get() == Profile(api_token="t", org_id=7, api_url=API_URL)
