"""Settings and sign-in: token, organization and API URL, saved to the CLI's profile file.

Nothing is saved until the token has been tried: Save (and Check) ask the API who the token belongs
to and which organizations that user is in. A rejected token gets a message saying so and what to
do, and leaves the profile file as it was. What is saved is the profile the app was started with
(``default`` unless ``--profile``/``CODEGEN_PROFILE`` says otherwise), made the default, so the
``codegen`` command uses the same sign-in.

The organization picker is filled as soon as a token is known, with one organization chosen (the
configured one if the user is in it, else the first): Save then has what it needs. A user in several
organizations who saves before choosing is asked to choose (nothing is saved yet).

The appearance (light, dark, as the system) is not part of the sign-in: it applies and is kept at
once, whatever happens to the rest of the form.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from codegen import (
    DEFAULT_API_URL,
    DEFAULT_PROFILE,
    ClientConfig,
    ConfigError,
    Organization,
    ProfileStore,
    TokenOwner,
    check_token,
    save_sign_in,
)
from codegen_models.api import ENV_ALIASES, TOKEN_URL, EnvVar

from ._connection import Connection
from ._errors import describe
from ._palette import Appearance
from ._view_link import ViewLink
from ._worker import Generation, Worker

ENV_OVERRIDES = (EnvVar.API_TOKEN, *ENV_ALIASES[EnvVar.API_TOKEN], EnvVar.ORG_ID)
"""Variables that override what Settings saves."""


@dataclass(frozen=True)
class SettingsForm:
    token: str
    api_url: str
    org_id: int | None = None


@dataclass(frozen=True)
class OrgChoice:
    org_id: int
    label: str


class SettingsView(Protocol):
    def show_form(self, form: SettingsForm, note: str) -> None:
        """Fill the fields (the token field masks what it shows)."""
        ...

    def show_organizations(self, choices: Sequence[OrgChoice], selected: int | None) -> None: ...

    def show_appearance(self, appearance: Appearance) -> None: ...

    def focus_organizations(self) -> None: ...

    def show_message(self, text: str) -> None: ...

    def show_error(self, text: str) -> None: ...

    def set_busy(self, busy: bool) -> None: ...

    def close(self) -> None: ...

    def bring_to_front(self) -> None: ...


@dataclass(frozen=True)
class _Checked:
    """What trying a token found out; ``saved`` is the configuration written, if it was."""

    owner: TokenOwner
    saved: ClientConfig | None = None

    @property
    def organizations(self) -> list[Organization]:
        return self.owner.organizations

    @property
    def user_name(self) -> str:
        return self.owner.name

    def preselected(self, wanted: int | None) -> int | None:
        """What the picker shows: ``wanted`` if the user is in it, else their first organization."""
        chosen = self.owner.organization(wanted) if wanted is not None else None
        if chosen is not None:
            return chosen.id
        return self.organizations[0].id if self.organizations else None


class SettingsPresenter(ViewLink[SettingsView]):
    def __init__(
        self,
        connection: Connection,
        worker: Worker,
        store: ProfileStore,
        *,
        on_saved: Callable[[ClientConfig, str], None],
        env: Mapping[str, str] | None = None,
        appearance: Appearance = Appearance.SYSTEM,
        on_appearance: Callable[[Appearance], None] = lambda _appearance: None,
    ) -> None:
        super().__init__()
        self._appearance = appearance
        self._on_appearance = on_appearance
        self._connection = connection
        self._worker = worker
        self._store = store
        self._on_saved = on_saved
        self._env = os.environ if env is None else env
        self._generation = Generation()
        self._busy = False
        self._pending_save: SettingsForm | None = None
        self.is_open = False

    @property
    def profile_name(self) -> str:
        return self._connection.config.profile or DEFAULT_PROFILE

    def attach(self, view: SettingsView, *, reason: str = "") -> None:
        self._attach(view)
        self.is_open = True
        config = self._connection.config
        form = SettingsForm(
            token=config.api_token or "", api_url=config.api_url, org_id=config.org_id
        )
        notes = [reason] if reason else []
        notes.append(
            f"Save checks the token, then keeps it in profile {self.profile_name!r} "
            f"(the codegen command reads it too):\n{self._store.path}"
        )
        overriding = [name for name in ENV_OVERRIDES if self._env.get(name, "").strip()]
        if overriding:
            notes.append(f"Note: {', '.join(overriding)} in the environment override the profile.")
        view.show_form(form, "\n".join(notes))
        view.show_appearance(self._appearance)
        if config.org_id is not None:
            view.show_organizations([OrgChoice(config.org_id, str(config.org_id))], config.org_id)
        if form.token:  # fill the organization picker with names
            self.check(form)

    def set_appearance(self, appearance: Appearance) -> None:
        self._appearance = appearance
        self._on_appearance(appearance)

    def check(self, form: SettingsForm) -> None:
        """Try the token: who it belongs to, and their organizations for the picker."""
        self._try(form, save=False)

    def save(self, form: SettingsForm) -> None:
        """Try the token, then save the profile and use it (or say what is wrong)."""
        self._try(form, save=True)

    def cancel(self) -> None:
        self._generation.bump()
        if self.is_open:
            self.is_open = False
            self.view.close()

    # -- steps -------------------------------------------------------------------------------

    def _try(self, form: SettingsForm, *, save: bool) -> None:
        if not form.token.strip():
            self.view.show_error(f"Paste your API token (from {TOKEN_URL}).")
            return
        try:
            config = self._candidate(form)
        except ConfigError as error:
            self.view.show_error(str(error))
            return
        if self._busy:
            if save:  # a check is on its way (the one made on opening): save once it is back
                self._pending_save = form
                self.view.show_message("Checking the token; saving once that is done…")
            return
        connection, store, profile_name = self._connection, self._store, self.profile_name

        def job() -> _Checked:
            client = connection.client_for(config)
            try:
                owner = check_token(client)
            finally:
                client.close()
            organization = owner.organization(form.org_id)  # None: the person must choose
            if not save or organization is None:
                return _Checked(owner)
            saved = config.replace(org_id=organization.id)
            save_sign_in(store, profile_name, saved, organization.id)
            return _Checked(owner, saved)

        self._busy = True
        self.view.set_busy(True)
        self.view.show_message("Checking the token…")
        self._worker.submit(
            job,
            self._generation.guard(lambda checked: self._checked(checked, form, save=save)),
            self._generation.guard(self._failed),
        )

    def _candidate(self, form: SettingsForm) -> ClientConfig:
        return self._connection.config.replace(
            api_token=form.token.strip(),
            api_url=form.api_url.strip() or DEFAULT_API_URL,
            org_id=form.org_id,
            profile=self.profile_name,
        )

    def _checked(self, checked: _Checked, form: SettingsForm, *, save: bool) -> None:
        self._busy = False
        self.view.set_busy(False)
        if checked.saved is not None:
            self.cancel()
            self._on_saved(checked.saved, checked.user_name)
            return
        selected = checked.preselected(form.org_id)
        self.view.show_organizations(
            [OrgChoice(org.id, f"{org.name} ({org.id})") for org in checked.organizations], selected
        )
        name = checked.user_name
        ids = [org.id for org in checked.organizations]
        pending, self._pending_save = self._pending_save, None
        if not ids:
            self.view.show_error(
                f"Signed in as {name}, who belongs to no organization: "
                "ask an admin of yours to invite you, then Check again."
            )
        elif form.org_id is not None and form.org_id not in ids:
            self.view.show_error(
                f"{name} is not a member of organization {form.org_id}; "
                "pick one of theirs and Save."
            )
            self.view.focus_organizations()
        elif save:  # several organizations and none chosen: nothing saved yet
            self.view.show_error(
                f"Signed in as {name}, who is in {len(ids)} organizations: choose one, then Save."
            )
            self.view.focus_organizations()
        elif pending is not None:  # Save was pressed while this check was on its way
            self._try(pending, save=True)
        elif form.org_id is None and len(ids) > 1:
            self.view.show_message(f"Signed in as {name}. Check the organization, then Save.")
        else:
            self.view.show_message(f"Signed in as {name}.")

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self._pending_save = None  # the same token would fail the same way
        self.view.set_busy(False)
        self.view.show_error(describe(error))
