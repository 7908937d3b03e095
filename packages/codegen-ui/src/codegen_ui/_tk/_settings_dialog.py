"""Settings / sign-in: token (masked), organization picker, API URL. Enter saves, Escape cancels."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Sequence
from tkinter import ttk

from codegen_ui._settings_presenter import OrgChoice, SettingsForm, SettingsPresenter

from ._dialog import Dialog

MASK = "•"


class SettingsDialog(Dialog):
    def __init__(self, master: tk.Misc, presenter: SettingsPresenter) -> None:
        super().__init__(master, "Codegen settings", presenter.cancel)
        self._presenter = presenter
        self._orgs: list[OrgChoice] = []
        body = self.body
        body.columnconfigure(1, weight=1)
        self.note = ttk.Label(body, text="", style="Muted.TLabel", wraplength=520, justify="left")
        self.note.grid(row=0, column=0, columnspan=3, sticky="w", pady=(0, 8))
        ttk.Label(body, text="API token").grid(row=1, column=0, sticky="w", pady=3)
        self.token = ttk.Entry(body, show=MASK, width=48)
        self.token.grid(row=1, column=1, sticky="ew", pady=3)
        self.reveal = tk.BooleanVar(self, value=False)
        ttk.Checkbutton(body, text="Show", variable=self.reveal, command=self._toggle_mask).grid(
            row=1, column=2, padx=(6, 0)
        )
        ttk.Label(body, text="Organization").grid(row=2, column=0, sticky="w", pady=3)
        self.organization = ttk.Combobox(body, state="readonly", values=[])
        self.organization.grid(row=2, column=1, sticky="ew", pady=3)
        self.check = ttk.Button(body, text="Check token", command=self._check)
        self.check.grid(row=2, column=2, padx=(6, 0))
        ttk.Label(body, text="API URL").grid(row=3, column=0, sticky="w", pady=3)
        self.api_url = ttk.Entry(body)
        self.api_url.grid(row=3, column=1, columnspan=2, sticky="ew", pady=3)
        self.save = ttk.Button(self.buttons, text="Save", command=self._save)
        self.save.grid(row=0, column=1, padx=(6, 0))
        ttk.Button(self.buttons, text="Cancel", command=presenter.cancel).grid(row=0, column=0)
        self.bind("<Return>", lambda _event: self._save())
        self.bind("<KP_Enter>", lambda _event: self._save())
        self.bind("<Control-Return>", lambda _event: self._save())
        self.place_over(master)
        self.focus_first()

    def focus_first(self) -> None:
        self.token.focus_set()

    # -- SettingsView ------------------------------------------------------------------------

    def show_form(self, form: SettingsForm, note: str) -> None:
        self.token.delete(0, "end")
        self.token.insert(0, form.token)
        self.api_url.delete(0, "end")
        self.api_url.insert(0, form.api_url)
        self.note.configure(text=note)

    def show_organizations(self, choices: Sequence[OrgChoice], selected: int | None) -> None:
        self._orgs = list(choices)
        self.organization.configure(values=[choice.label for choice in choices])
        chosen = next((c.label for c in choices if c.org_id == selected), "")
        self.organization.set(chosen)

    def set_busy(self, busy: bool) -> None:
        state = "disabled" if busy else "normal"
        self.save.configure(state=state)
        self.check.configure(state=state)
        self.configure(cursor="watch" if busy else "")

    # -- events ------------------------------------------------------------------------------

    def form(self) -> SettingsForm:
        label = self.organization.get()
        org_id = next((c.org_id for c in self._orgs if c.label == label), None)
        return SettingsForm(token=self.token.get(), api_url=self.api_url.get(), org_id=org_id)

    def _toggle_mask(self) -> None:
        self.token.configure(show="" if self.reveal.get() else MASK)

    def _check(self) -> None:
        self._presenter.check(self.form())

    def _save(self) -> None:
        self._presenter.save(self.form())
