"""The app as a whole: what starts when, the dialogs, the shortcuts' actions, the status bar.

It owns the runs and detail presenters and wires them together (a run created in the form is
selected in the list and opened in the detail; a run that changes in the detail updates its row),
and pauses both while the window is minimised.

The status bar holds a resting line (who is signed in, how the list refreshes) and passing notes:
a note gives way to the resting line after ``NOTE_SECONDS``, so that "Run 12 started." does not
outlive the run; an error stays until something replaces it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Protocol
from urllib.parse import urlsplit

from codegen import AgentRun, AuthenticationError, ClientConfig, ProfileStore, User
from codegen_models.api import TOKEN_URL

from ._connection import Client, Connection
from ._detail_presenter import MAX_POLL_SECONDS, POLL_SECONDS, DetailPresenter
from ._errors import describe
from ._new_run_presenter import NewRunPresenter
from ._palette import Appearance
from ._preferences import FILE_NAME, Preferences, PreferencesStore
from ._runs_presenter import REFRESH_SECONDS, EmptyAction, RunsPresenter
from ._scheduler import OneShot, Scheduler
from ._settings_presenter import SettingsPresenter
from ._view_link import ViewLink
from ._worker import Generation, Worker

CURRENT_USER = "current user"
"""The name under which start-up asks early who is signed in (``Connection.start_early``)."""


def current_user(client: Client) -> User:
    return client.get_current_user()


FIRST_START = f"Sign in: paste an API token (from {TOKEN_URL}) and pick the organization."
NOT_SIGNED_IN = "Not signed in: Settings… takes your API token."
NOTE_SECONDS = 8.0
"""How long a passing note stays in the status bar before the resting line comes back."""


class MainView(Protocol):
    def show_status(self, text: str) -> None: ...

    def show_error(self, text: str) -> None: ...

    def show_identity(self, text: str) -> None:
        """Who is signed in where (window title)."""
        ...

    def open_new_run(self, presenter: NewRunPresenter) -> None:
        """Show the new-run form and ``presenter.attach`` it."""
        ...

    def open_settings(self, presenter: SettingsPresenter, reason: str) -> None:
        """Show the settings form and ``presenter.attach(form, reason=reason)`` it."""
        ...

    def show_appearance(self, dark: bool) -> None:
        """Switch to the dark or the light colours."""
        ...

    def clear_filters(self) -> None:
        """Set the status and text filters back to "all" and empty."""
        ...


class AppPresenter(ViewLink[MainView]):
    def __init__(
        self,
        connection: Connection,
        worker: Worker,
        scheduler: Scheduler,
        *,
        store: ProfileStore | None = None,
        open_url: Callable[[str], bool],
        env: Mapping[str, str] | None = None,
        refresh_seconds: float = REFRESH_SECONDS,
        poll_seconds: float = POLL_SECONDS,
        system_dark: Callable[[], bool | None] = lambda: None,
    ) -> None:
        super().__init__()
        self.connection = connection
        self.worker = worker
        self._env = os.environ if env is None else env
        self._store = store or ProfileStore(env=self._env)
        self._preferences_store = PreferencesStore(self._store.path.with_name(FILE_NAME))
        self.preferences: Preferences = self._preferences_store.load()
        self._system_dark = system_dark
        self._note_timer = OneShot(scheduler)
        self._resting = ""
        self._generation = Generation()
        self._new_run: NewRunPresenter | None = None
        self._settings: SettingsPresenter | None = None
        self._minimised = False
        self._refresh_seconds = refresh_seconds
        self.runs = RunsPresenter(
            connection, worker, scheduler, self, refresh_seconds=refresh_seconds
        )
        self.detail = DetailPresenter(
            connection,
            worker,
            scheduler,
            self,
            on_run_changed=self.runs.update_run,
            open_url=open_url,
            poll_seconds=poll_seconds,
            max_poll_seconds=max(poll_seconds, MAX_POLL_SECONDS),
        )

    def attach(self, view: MainView) -> None:
        self._attach(view)

    # -- the status bar, for the presenters it owns --------------------------------------------

    def show_status(self, text: str) -> None:
        """A passing note; the resting line comes back after ``NOTE_SECONDS``."""
        self.view.show_status(text)
        self._note_timer.start(NOTE_SECONDS, self._rest)

    def show_error(self, text: str) -> None:
        """An error: it stays until a note or another error replaces it."""
        self._note_timer.cancel()
        self.view.show_error(text)

    def _show_resting(self, text: str) -> None:
        self._resting = text
        self._note_timer.cancel()
        self.view.show_status(text)

    def _rest(self) -> None:
        self.view.show_status(self._resting)

    # -- appearance ------------------------------------------------------------------------------

    @property
    def dark(self) -> bool:
        """Whether the window is in its dark colours (the setting, or the system's preference)."""
        return self.preferences.appearance.is_dark(self._system_dark())

    def set_appearance(self, appearance: Appearance) -> None:
        """The person chose the colours in Settings: use them now, and keep them for next time."""
        if appearance is self.preferences.appearance:
            return
        self.preferences = replace(self.preferences, appearance=appearance)
        self.view.show_appearance(self.dark)
        try:
            self._preferences_store.save(self.preferences)
        except OSError as error:
            self.show_error(f"Could not keep the appearance for next time: {error}")

    # -- what the person does ----------------------------------------------------------------

    def start(self) -> None:
        """Load the runs, or ask for a token and organization when there are none yet."""
        self.runs.start()  # without a sign-in, the table says so and offers it
        if not self.connection.ready:
            self.view.show_identity("not signed in")
            self._show_resting(NOT_SIGNED_IN)
            self.settings(FIRST_START)
            return
        self._identify()

    def new_run(self) -> None:
        if not self.connection.ready:
            self.settings(FIRST_START)
            return
        if self._new_run is not None and self._new_run.is_open:
            self._new_run.view.bring_to_front()
            return
        self._new_run = NewRunPresenter(self.connection, self.worker, on_created=self._run_created)
        self.view.open_new_run(self._new_run)

    def settings(self, reason: str = "") -> None:
        if self._settings is not None and self._settings.is_open:
            self._settings.view.bring_to_front()
            return
        self._settings = SettingsPresenter(
            self.connection,
            self.worker,
            self._store,
            on_saved=self._settings_saved,
            env=self._env,
            appearance=self.preferences.appearance,
            on_appearance=self.set_appearance,
        )
        self.view.open_settings(self._settings, reason)

    def refresh(self) -> None:
        """F5: the list and the open run, now."""
        if not self.connection.ready:
            self.settings(FIRST_START)
            return
        self.runs.refresh()
        self.detail.refresh()

    def open_run(self, run_id: int) -> None:
        """Enter or double-click: show the run, fetching it again if it is already shown."""
        self.detail.open(run_id, self.runs.run(run_id), focus=True)

    def empty_table_action(self, action: EmptyAction) -> None:
        """The button in an empty table."""
        if action is EmptyAction.SIGN_IN:
            self.settings(FIRST_START)
        elif action is EmptyAction.NEW_RUN:
            self.new_run()
        elif action is EmptyAction.RETRY:
            self.refresh()
        else:
            self.view.clear_filters()

    def select_run(self, run_id: int) -> None:
        """A row was selected: show that run unless it is the one shown."""
        if run_id != self.detail.run_id:
            self.detail.open(run_id, self.runs.run(run_id))

    def minimised(self) -> None:
        if not self._minimised:
            self._minimised = True
            self.runs.pause()
            self.detail.pause()

    def restored(self) -> None:
        if self._minimised:
            self._minimised = False
            self.runs.resume()
            self.detail.resume()

    def shutdown(self) -> None:
        self._generation.bump()
        self._note_timer.cancel()
        self.runs.pause()
        self.detail.shutdown()
        self.worker.shutdown()
        self.connection.close()

    # -- answers -----------------------------------------------------------------------------

    def _identify(self) -> None:
        self._generation.bump()
        connection = self.connection
        self.worker.submit(
            lambda: connection.answer(CURRENT_USER, current_user),
            self._generation.guard(self._identified),
            self._generation.guard(self._identify_failed),
        )

    def _identified(self, user: User) -> None:
        name = user.full_name or user.github_username
        self.view.show_identity(self._identity(name))
        self._show_resting(self._signed_in(name))

    def _signed_in(self, name: str) -> str:
        return (
            f"Signed in as {name}. The list refreshes every {self._refresh_seconds:g} s "
            "(paused while the window is minimised); F5 refreshes now."
        )

    def _identify_failed(self, error: Exception) -> None:
        if isinstance(error, AuthenticationError):
            self.settings(describe(error))
        else:
            self.show_error(describe(error))

    def _identity(self, name: str) -> str:
        config = self.connection.config
        return f"{name} · organization {config.org_id} · {urlsplit(config.api_url).netloc}"

    def _run_created(self, run: AgentRun) -> None:
        self.runs.add_run(run)
        self.detail.open(run.id, run, focus=True)
        self.show_status(f"Run {run.id} started.")

    def _settings_saved(self, config: ClientConfig, user_name: str) -> None:
        self.connection.replace(config)
        self.detail.close()
        self.runs.start()
        self.view.show_identity(self._identity(user_name))
        self._resting = self._signed_in(user_name)
        self.show_status(
            f"Signed in as {user_name}; saved as profile {config.profile!r} in {self._store.path}."
        )
