"""Settings / sign-in: token (masked), organization picker, API URL; and the appearance, which
applies at once. Enter saves, Escape cancels."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Sequence
from tkinter import ttk

from codegen_ui._palette import Appearance
from codegen_ui._settings_presenter import OrgChoice, SettingsForm, SettingsPresenter

from ._dialog import Dialog
from ._style import GAP, PAD, SMALL

MASK = "•"


class SettingsDialog(Dialog):
    def __init__(self, master: tk.Misc, presenter: SettingsPresenter) -> None:
        super().__init__(master, "Codegen settings", presenter.cancel)
        self._presenter = presenter
        self._orgs: list[OrgChoice] = []
        body = self.body
        body.columnconfigure(1, weight=1)
        ttk.Label(body, text="Sign-in", style="Heading.TLabel").grid(
            row=0, column=0, columnspan=3, sticky="w"
        )
        self.note = ttk.Label(body, text="", style="Muted.TLabel", justify="left")
        self.note.grid(row=1, column=0, columnspan=3, sticky="w", pady=(SMALL, GAP))
        self.field_label(body, "API token", 2)
        self.token = ttk.Entry(body, show=MASK, width=44)
        self.token.grid(row=2, column=1, sticky="ew", pady=SMALL)
        self.reveal = tk.BooleanVar(self, value=False)
        ttk.Checkbutton(body, text="Show", variable=self.reveal, command=self._toggle_mask).grid(
            row=2, column=2, sticky="w", padx=(GAP, 0)
        )
        self.field_label(body, "Organization", 3)
        self.organization = ttk.Combobox(body, state="readonly", values=[])
        self.organization.grid(row=3, column=1, sticky="ew", pady=SMALL)
        self.check = ttk.Button(body, text="Check token", command=self._check)
        self.check.grid(row=3, column=2, sticky="ew", padx=(GAP, 0))
        self.field_label(body, "API URL", 4)
        self.api_url = ttk.Entry(body)
        self.api_url.grid(row=4, column=1, columnspan=2, sticky="ew", pady=SMALL)

        ttk.Separator(body).grid(row=5, column=0, columnspan=3, sticky="ew", pady=PAD)
        self.field_label(body, "Appearance", 6)
        self._appearances = {appearance.label: appearance for appearance in Appearance}
        self.appearance = ttk.Combobox(
            body, state="readonly", values=list(self._appearances), width=16
        )
        self.appearance.grid(row=6, column=1, sticky="w", pady=SMALL)
        self.appearance.bind("<<ComboboxSelected>>", self._appearance_chosen)
        ttk.Label(body, text="applies now, kept for next time", style="Muted.TLabel").grid(
            row=7, column=1, columnspan=2, sticky="w"
        )

        self.save = ttk.Button(
            self.buttons, text="Save", style="Accent.TButton", command=self._save
        )
        self.save.grid(row=0, column=1, padx=(GAP, 0))
        ttk.Button(self.buttons, text="Cancel", command=presenter.cancel).grid(row=0, column=0)
        self.bind("<Return>", lambda _event: self._save())
        self.bind("<KP_Enter>", lambda _event: self._save())
        self.bind("<Control-Return>", lambda _event: self._save())
        body.bind("<Configure>", self._resized, add="+")
        self.finish(master)

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

    def show_appearance(self, appearance: Appearance) -> None:
        self.appearance.set(appearance.label)

    def focus_organizations(self) -> None:
        self.organization.focus_set()

    def set_busy(self, busy: bool) -> None:
        # Save stays pressable: pressed during a check, it saves once the check is back.
        self.check.configure(state="disabled" if busy else "normal")
        self.configure(cursor="watch" if busy else "")

    # -- events ------------------------------------------------------------------------------

    def form(self) -> SettingsForm:
        label = self.organization.get()
        org_id = next((c.org_id for c in self._orgs if c.label == label), None)
        return SettingsForm(token=self.token.get(), api_url=self.api_url.get(), org_id=org_id)

    def _resized(self, event: tk.Event[tk.Misc]) -> None:
        if event.widget is self.body:  # the note wraps at the form's width
            self.note.configure(wraplength=max(300, event.width))

    def _toggle_mask(self) -> None:
        self.token.configure(show="" if self.reveal.get() else MASK)

    def _check(self) -> None:
        self._presenter.check(self.form())

    def _save(self) -> None:
        self._presenter.save(self.form())

    def _appearance_chosen(self, _event: tk.Event[tk.Misc]) -> None:
        self._presenter.set_appearance(self._appearances[self.appearance.get()])
