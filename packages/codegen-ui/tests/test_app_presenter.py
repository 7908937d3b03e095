"""The app presenter: first start, sign-in on a rejected token, created runs, minimising."""

from __future__ import annotations

from typing import Any

import pytest

from codegen import ClientConfig
from codegen_ui._app_presenter import FIRST_START, AppPresenter
from codegen_ui._session import Session


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


def make_app(
    kit: Any, recorder_class: Any, session: Session | None = None
) -> tuple[AppPresenter, MainView]:
    app = AppPresenter(
        session or kit.session, kit.worker, kit.scheduler, open_url=lambda _u: True, env={}
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
    session = Session(config.replace(**{missing: None}), factory=lambda _c: kit.client)
    app, view = make_app(kit, recorder_class, session)
    app.start()
    kit.settle()
    ((kind, _, dialog),) = view.dialogs
    assert kind == "settings"
    assert dialog.last("show_form")[1].startswith(FIRST_START)
    assert kit.client.calls == []
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


def test_saved_settings_replace_the_session_and_reload(kit: Any, recorder_class: Any) -> None:
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
    assert kit.session.config.api_token == "fresh"
    assert kit.session.generation == 1
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
    kit.settle()
    assert not app.runs.paused
    assert {name for name, _ in kit.client.calls[before:]} == {
        "list_agent_runs",
        "get_agent_run_logs",
    }


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
