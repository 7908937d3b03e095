"""The app presenter: first start, sign-in on a rejected token, created runs, minimising."""

from __future__ import annotations

from typing import Any

import pytest

from codegen import ClientConfig, ProfileStore
from codegen_ui._app_presenter import FIRST_START, AppPresenter
from codegen_ui._connection import Connection


class MainView:
    """Records what the app shows; attaches fake dialog views like the real window does."""

    def __init__(self, recorder_class: Any) -> None:
        self.log = recorder_class()
        self.recorder_class = recorder_class
        self.dialogs: list[Any] = []

    def show_status(self, text: str) -> None:
        self.log.show_status(text)

    def show_error(self, text: str) -> None:
        self.log.show_error(text)

    def show_identity(self, text: str) -> None:
        self.log.show_identity(text)

    def open_new_run(self, presenter: Any) -> None:
        view = self.recorder_class()
        self.dialogs.append(("new run", presenter, view))
        presenter.attach(view)

    def open_settings(self, presenter: Any, reason: str) -> None:
        view = self.recorder_class()
        self.dialogs.append(("settings", presenter, view))
        presenter.attach(view, reason=reason)

    def show_appearance(self, dark: bool) -> None:
        self.log.show_appearance(dark)

    def clear_filters(self) -> None:
        self.log.clear_filters()


def make_app(
    kit: Any,
    recorder_class: Any,
    connection: Connection | None = None,
    *,
    store: ProfileStore | None = None,
    system_dark: bool | None = None,
) -> tuple[AppPresenter, MainView]:
    app = AppPresenter(
        connection or kit.connection,
        kit.worker,
        kit.scheduler,
        open_url=lambda _u: True,
        env={},
        store=store or ProfileStore(kit.config_dir / "config.toml"),
        system_dark=lambda: system_dark,
    )
    view = MainView(recorder_class)
    app.attach(view)
    app.runs.attach(recorder_class())
    app.detail.attach(recorder_class())
    return app, view


def test_start_loads_runs_and_shows_who_is_signed_in(kit: Any, recorder_class: Any) -> None:
    app, view = make_app(kit, recorder_class)
    app.start()
    kit.settle()
    assert view.log.last("show_identity") == ("Ada Lovelace · organization 7 · api.example.test",)
    assert app.runs.visible_ids() == [3, 2, 1]
    assert view.dialogs == []
    assert view.log.last("show_status")[0].startswith(
        "Signed in as Ada Lovelace. The list refreshes every 10 s"
    )


@pytest.mark.parametrize("missing", ["api_token", "org_id"])
def test_without_token_or_org_settings_open_instead_of_failing(
    kit: Any, recorder_class: Any, config: ClientConfig, missing: str
) -> None:
    connection = Connection(config.replace(**{missing: None}), factory=lambda _c: kit.client)
    app, view = make_app(kit, recorder_class, connection)
    app.start()
    kit.settle()
    ((kind, _, dialog),) = view.dialogs
    assert kind == "settings"
    assert dialog.last("show_form")[1].startswith(FIRST_START)
    # No runs are asked for; with a token, only who it is and their organizations (the picker).
    asked = {name for name, _ in kit.client.calls}
    assert asked == (
        set() if missing == "api_token" else {"get_current_user", "iter_organizations"}
    )
    assert view.log.last("show_status") == ("Not signed in: Settings… takes your API token.",)
    app.new_run()  # Ctrl+N before signing in: the settings (already open) come forward
    assert len(view.dialogs) == 1 and dialog.all("bring_to_front")


def test_a_rejected_token_at_start_opens_settings_with_the_reason(
    kit: Any, recorder_class: Any, auth_error: Any
) -> None:
    kit.client.fail("get_current_user", auth_error)
    app, view = make_app(kit, recorder_class)
    app.start()
    kit.settle()
    ((kind, _, dialog),) = view.dialogs
    assert kind == "settings"
    assert "The API token was not accepted (401: Invalid API token)" in dialog.last("show_form")[1]


def test_a_created_run_is_selected_and_opened(kit: Any, recorder_class: Any) -> None:
    app, view = make_app(kit, recorder_class)
    app.start()
    kit.settle()
    app.new_run()
    kit.settle()
    app.new_run()  # already open: brought forward, not opened twice
    ((_, form, form_view),) = view.dialogs
    assert form_view.all("bring_to_front")
    from codegen_ui._new_run_presenter import NewRunForm

    form.submit(NewRunForm(prompt="Write docs"))
    kit.settle()
    assert app.runs.visible_ids()[0] == 4
    assert app.detail.run_id == 4
    assert view.log.last("show_status") == ("Run 4 started.",)


def test_saved_settings_replace_the_connection_and_reload(kit: Any, recorder_class: Any) -> None:
    app, view = make_app(kit, recorder_class)
    app.start()
    kit.settle()
    app.open_run(2)
    kit.settle()
    app.settings()
    ((_, settings, _),) = view.dialogs
    from codegen_ui._settings_presenter import SettingsForm

    settings.save(SettingsForm(token="fresh", api_url="https://api.example.test/v1", org_id=7))
    kit.settle()
    assert kit.connection.config.api_token == "fresh"
    assert kit.connection.generation == 1
    assert app.detail.run_id is None
    assert len(kit.client.called("list_agent_runs")) == 2
    assert view.log.last("show_status")[0].startswith(
        "Signed in as Ada Lovelace; saved as profile 'default'"
    )


def test_minimising_pauses_both_and_restoring_catches_up(kit: Any, recorder_class: Any) -> None:
    app, _ = make_app(kit, recorder_class)
    app.start()
    kit.settle()
    app.open_run(3)
    kit.settle()
    app.minimised()
    assert app.runs.paused and kit.scheduler.pending() == []
    before = len(kit.client.calls)
    kit.scheduler.advance(300)
    kit.settle()
    assert len(kit.client.calls) == before
    app.restored()
    kit.settle(lambda: len(kit.client.follows) == 2)
    assert not app.runs.paused
    asked = {name for name, _ in kit.client.calls[before:]}
    assert {"list_agent_runs", "follow_agent_run_logs"} <= asked  # the list, and the log again
    assert kit.client.follows[0].stop.is_set()


def test_select_opens_once_enter_refreshes(kit: Any, recorder_class: Any) -> None:
    app, _ = make_app(kit, recorder_class)
    app.start()
    kit.settle()
    app.select_run(1)
    kit.settle()
    gets = len(kit.client.called("get_agent_run"))
    app.select_run(1)  # the same row again: nothing to do
    kit.settle()
    assert len(kit.client.called("get_agent_run")) == gets
    app.open_run(1)  # Enter on it: fetched again
    kit.settle()
    assert len(kit.client.called("get_agent_run")) == gets + 1


def test_a_note_gives_way_to_the_resting_line_an_error_stays(kit: Any, recorder_class: Any) -> None:
    from codegen_ui._app_presenter import NOTE_SECONDS

    app, view = make_app(kit, recorder_class)
    app.start()
    kit.settle()
    (resting,) = view.log.last("show_status")
    app.show_status("Result copied to the clipboard.")
    kit.scheduler.advance(NOTE_SECONDS - 1)
    assert view.log.last("show_status") == ("Result copied to the clipboard.",)
    kit.scheduler.advance(1)
    assert view.log.last("show_status") == (resting,)
    app.show_error("Could not load run 9: 404")
    kit.scheduler.advance(NOTE_SECONDS * 3)
    assert view.log.calls[-1] == ("show_error", ("Could not load run 9: 404",))


def test_appearance_follows_the_system_until_set_and_is_kept(
    kit: Any, recorder_class: Any, tmp_path: Any
) -> None:
    from codegen_ui._palette import Appearance

    store = ProfileStore(tmp_path / "config.toml")
    app, view = make_app(kit, recorder_class, store=store, system_dark=True)
    assert app.dark  # nothing set: as the system
    app.set_appearance(Appearance.LIGHT)
    assert view.log.last("show_appearance") == (False,)
    assert (tmp_path / "ui.toml").read_text().splitlines()[-1] == 'appearance = "light"'
    again, _ = make_app(kit, recorder_class, store=store, system_dark=True)
    assert not again.dark and again.preferences.appearance is Appearance.LIGHT
    app.settings()
    ((_, settings, dialog),) = view.dialogs
    assert dialog.last("show_appearance") == (Appearance.LIGHT,)
    settings.set_appearance(Appearance.DARK)  # from the Settings dialog
    assert view.log.last("show_appearance") == (True,)


def test_a_broken_preferences_file_gives_the_defaults(tmp_path: Any) -> None:
    from codegen_ui._palette import Appearance
    from codegen_ui._preferences import Preferences, PreferencesStore

    path = tmp_path / "ui.toml"
    store = PreferencesStore(path)
    assert store.load() == Preferences()  # missing
    path.write_text("appearance = [")
    assert store.load() == Preferences()  # not TOML
    path.write_text('appearance = "purple"')
    assert store.load() == Preferences()  # not a choice
    store.save(Preferences(Appearance.DARK))
    assert store.load().appearance is Appearance.DARK


def test_the_empty_tables_button_does_the_next_step(kit: Any, recorder_class: Any) -> None:
    from codegen_ui._runs_presenter import EmptyAction

    app, view = make_app(kit, recorder_class)
    app.empty_table_action(EmptyAction.CLEAR_FILTERS)
    assert view.log.all("clear_filters")
    app.empty_table_action(EmptyAction.NEW_RUN)
    assert [kind for kind, *_ in view.dialogs] == ["new run"]
    app.empty_table_action(EmptyAction.SIGN_IN)
    assert [kind for kind, *_ in view.dialogs] == ["new run", "settings"]
