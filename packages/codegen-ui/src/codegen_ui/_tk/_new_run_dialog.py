"""The new-run form. Ctrl+Enter submits (also from inside the prompt), Escape cancels."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Sequence
from pathlib import Path
from tkinter import filedialog, ttk

from codegen_ui._new_run_presenter import (
    AGENT_TYPES,
    DEFAULT_CHOICE,
    NO_REPOSITORY,
    NewRunForm,
    NewRunPresenter,
)

from ._dialog import Dialog
from ._style import GAP, SMALL

IMAGE_TYPES = [("Images", "*.png *.jpg *.jpeg *.gif *.webp"), ("All files", "*")]


class NewRunDialog(Dialog):
    def __init__(self, master: tk.Misc, presenter: NewRunPresenter) -> None:
        super().__init__(master, "New agent run", presenter.cancel)
        self._presenter = presenter
        self.images: list[str] = []
        body = self.body
        body.columnconfigure(1, weight=1)
        body.rowconfigure(1, weight=1)
        ttk.Label(body, text="What should the agent do?", style="Heading.TLabel").grid(
            row=0, column=0, columnspan=2, sticky="w"
        )
        self.prompt = tk.Text(
            body, width=72, height=10, wrap="word", undo=True, relief="flat", borderwidth=0,
            highlightthickness=1, padx=GAP, pady=SMALL, font="TkTextFont",
        )  # fmt: skip
        self.prompt.grid(row=1, column=0, columnspan=2, sticky="nsew", pady=(SMALL, GAP))
        self.field_label(body, "Repository", 2)
        self.repository = ttk.Combobox(body, state="readonly", values=[NO_REPOSITORY])
        self.repository.set(NO_REPOSITORY)
        self.repository.grid(row=2, column=1, sticky="ew", pady=SMALL)
        self.field_label(body, "Model", 3)
        self.model = ttk.Entry(body)
        self.model.grid(row=3, column=1, sticky="ew", pady=(SMALL, 0))
        ttk.Label(body, text="empty: the organization's default model", style="Muted.TLabel").grid(
            row=4, column=1, sticky="w"
        )
        self.field_label(body, "Agent type", 5)
        self.agent_type = ttk.Combobox(body, state="readonly", values=list(AGENT_TYPES))
        self.agent_type.set(DEFAULT_CHOICE)
        self.agent_type.grid(row=5, column=1, sticky="ew", pady=SMALL)

        self.field_label(body, "Images", 6, sticky="nw")
        images = ttk.Frame(body)
        images.grid(row=6, column=1, sticky="ew", pady=SMALL)
        images.columnconfigure(0, weight=1)
        self.image_list = tk.Listbox(
            images, height=3, activestyle="none", relief="flat", borderwidth=0,
            highlightthickness=1,
        )  # fmt: skip
        self.image_list.grid(row=0, column=0, rowspan=2, sticky="nsew")
        ttk.Button(images, text="Add…", command=self._add_images).grid(
            row=0, column=1, sticky="ew", padx=(GAP, 0)
        )
        ttk.Button(images, text="Remove", command=self._remove_image).grid(
            row=1, column=1, sticky="ew", padx=(GAP, 0), pady=(SMALL, 0)
        )

        self.submit = ttk.Button(
            self.buttons, text="Start run", style="Accent.TButton", command=self._submit
        )
        self.submit.grid(row=0, column=2, padx=(GAP, 0))
        ttk.Button(self.buttons, text="Cancel", command=presenter.cancel).grid(row=0, column=1)
        self.bind("<Control-Return>", self._submit_key)
        self.bind("<Control-KP_Enter>", self._submit_key)
        self.prompt.bind("<Control-Return>", self._submit_key)
        self.prompt.bind("<Control-KP_Enter>", self._submit_key)
        ttk.Label(self.buttons, text="Ctrl+Enter starts it", style="Muted.TLabel").grid(
            row=0, column=0, padx=(0, GAP)
        )
        self.finish(master)

    def focus_first(self) -> None:
        self.prompt.focus_set()

    # -- NewRunView --------------------------------------------------------------------------

    def show_repositories(self, names: Sequence[str]) -> None:
        chosen = self.repository.get()
        self.repository.configure(values=list(names))
        self.repository.set(chosen if chosen in names else names[0])

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.submit.configure(state="disabled" if busy else "normal")
        self.configure(cursor="watch" if busy else "")
        if busy:
            self.show_message(text)

    # -- events ------------------------------------------------------------------------------

    def form(self) -> NewRunForm:
        return NewRunForm(
            prompt=self.prompt.get("1.0", "end-1c"),
            repository=self.repository.get(),
            model=self.model.get(),
            agent_type=self.agent_type.get(),
            images=tuple(self.images),
        )

    def add_image(self, path: str) -> None:
        self.images.append(path)
        self.image_list.insert("end", Path(path).name)

    def _add_images(self) -> None:
        for path in filedialog.askopenfilenames(
            parent=self, title="Attach images", filetypes=IMAGE_TYPES
        ):
            self.add_image(path)

    def _remove_image(self) -> None:
        selected: tuple[int, ...] = self.image_list.curselection()  # type: ignore[no-untyped-call]
        for index in reversed(selected):
            self.image_list.delete(index)
            del self.images[index]

    def _submit(self) -> None:
        self._presenter.submit(self.form())

    def _submit_key(self, _event: tk.Event[tk.Misc]) -> str:
        self._submit()
        return "break"
