"""The run detail pane: the run's state, links, result, the live log and the follow-up box."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk

from codegen_ui._detail_presenter import DetailPresenter, RunDetail
from codegen_ui._format import LogLine
from codegen_ui._theme import LOG_TYPES

from ._log_view import LogView

NO_RUN = "Select a run to see its result and logs."


class DetailPane(ttk.Frame):
    def __init__(self, master: tk.Misc, presenter: DetailPresenter) -> None:
        super().__init__(master, padding=(10, 0, 0, 0))
        self._presenter = presenter
        self.columnconfigure(0, weight=1)
        self.rowconfigure(5, weight=1)

        head = ttk.Frame(self)
        head.grid(row=0, column=0, sticky="ew")
        head.columnconfigure(2, weight=1)
        self.title = ttk.Label(head, text=NO_RUN, style="Title.TLabel")
        self.title.grid(row=0, column=0, sticky="w")
        self.status = ttk.Label(head, text="")
        self.status.grid(row=0, column=1, sticky="w", padx=(10, 0))
        self.created = ttk.Label(head, text="", style="Muted.TLabel")
        self.created.grid(row=0, column=2, sticky="e")

        self.links = ttk.Frame(self)
        self.links.grid(row=1, column=0, sticky="ew", pady=(4, 0))
        self.summary = ttk.Label(self, text="", wraplength=560, justify="left")
        self.summary.grid(row=2, column=0, sticky="ew", pady=(4, 0))

        result_head = ttk.Frame(self)
        result_head.grid(row=3, column=0, sticky="ew", pady=(8, 2))
        result_head.columnconfigure(0, weight=1)
        ttk.Label(result_head, text="Result", style="Heading.TLabel").grid(
            row=0, column=0, sticky="w"
        )
        self.copy = ttk.Button(
            result_head, text="Copy result", command=presenter.copy_result, state="disabled"
        )
        self.copy.grid(row=0, column=1, sticky="e")
        self.result = tk.Text(
            self, height=7, width=50, wrap="word", state="disabled", relief="flat", borderwidth=1,
            highlightthickness=0, padx=6, pady=4, background="white",
        )  # fmt: skip
        self.result.grid(row=4, column=0, sticky="ew")

        logs = ttk.Frame(self)
        logs.grid(row=5, column=0, sticky="nsew", pady=(8, 0))
        logs.columnconfigure(0, weight=1)
        logs.rowconfigure(1, weight=1)
        ttk.Label(logs, text="Logs", style="Heading.TLabel").grid(row=0, column=0, sticky="w")
        self.log_state = ttk.Label(logs, text="", style="Muted.TLabel")
        self.log_state.grid(row=0, column=1, sticky="e", padx=(0, 8))
        self.types = ttk.Menubutton(logs, text="Types ▾")
        self.types.grid(row=0, column=2, sticky="e")
        self.types_menu = tk.Menu(self.types, tearoff=False)
        self.types["menu"] = self.types_menu
        self.type_shown: dict[str, tk.BooleanVar] = {}
        self.types_menu.add_command(label="Show all", command=presenter.show_all_log_types)
        self.types_menu.add_separator()
        for key in LOG_TYPES:
            shown = tk.BooleanVar(self, value=True)
            self.type_shown[key] = shown
            self.types_menu.add_checkbutton(
                label=key, variable=shown, command=self._type_toggler(key, shown)
            )
        self.log = LogView(logs)
        self.log.grid(row=1, column=0, columnspan=3, sticky="nsew", pady=(2, 0))

        follow_up = ttk.Frame(self)
        follow_up.grid(row=6, column=0, sticky="ew", pady=(8, 0))
        follow_up.columnconfigure(0, weight=1)
        self.follow_up = tk.Text(
            follow_up, height=3, width=40, wrap="word", undo=True, relief="solid", borderwidth=1
        )
        self.follow_up.grid(row=0, column=0, sticky="ew")
        self.continue_button = ttk.Button(
            follow_up, text="Continue run\n(Ctrl+Enter)", command=self._continue, state="disabled"
        )
        self.continue_button.grid(row=0, column=1, sticky="nse", padx=(8, 0))
        self.follow_up.bind("<Control-Return>", self._continue_key)
        self.follow_up.bind("<Control-KP_Enter>", self._continue_key)

    # -- DetailView --------------------------------------------------------------------------

    def show_run(self, detail: RunDetail | None) -> None:
        for child in self.links.winfo_children():
            child.destroy()
        if detail is None:
            self.title.configure(text=NO_RUN)
            self.status.configure(text="")
            self.created.configure(text="")
            self.summary.configure(text="")
            self._set_result("")
            return
        self.title.configure(text=f"Run {detail.run_id}")
        self.status.configure(
            text=detail.status, style=f"{detail.status_class.value}.Status.TLabel"
        )
        self.created.configure(text=f"created {detail.created}" if detail.created else "")
        self.summary.configure(text=detail.summary)
        for row, link in enumerate(detail.links):  # the run on the web, then one per PR
            label = ttk.Label(self.links, text=link.label, style="Link.TLabel", cursor="hand2")
            label.grid(row=row, column=0, sticky="w")
            label.bind("<Button-1>", self._link_opener(link.url))
        self._set_result(detail.result)

    def clear_logs(self) -> None:
        self.log.clear()

    def append_logs(self, lines: Sequence[LogLine]) -> None:
        self.log.append(lines)

    def show_log_state(self, text: str) -> None:
        self.log_state.configure(text=text)

    def set_hidden_log_types(self, hidden: frozenset[str]) -> None:
        for key, shown in self.type_shown.items():
            shown.set(key not in hidden)
        self.log.set_hidden_types(hidden)

    def set_can_continue(self, enabled: bool) -> None:
        self.continue_button.configure(state="normal" if enabled else "disabled")

    def clear_follow_up(self) -> None:
        self.follow_up.delete("1.0", "end")

    def copy_to_clipboard(self, text: str) -> None:
        self.clipboard_clear()
        self.clipboard_append(text)

    # -- events ------------------------------------------------------------------------------

    def _set_result(self, text: str) -> None:
        self.result.configure(state="normal")
        self.result.delete("1.0", "end")
        self.result.insert("1.0", text)
        self.result.configure(state="disabled")
        self.copy.configure(state="normal" if text else "disabled")

    def _type_toggler(self, key: str, shown: tk.BooleanVar) -> Callable[[], None]:
        return lambda: self._presenter.set_log_type_visible(key, shown.get())

    def _link_opener(self, url: str) -> Callable[[tk.Event[tk.Misc]], None]:
        return lambda _event: self._presenter.open_link(url)

    def _continue(self) -> None:
        self._presenter.continue_run(self.follow_up.get("1.0", "end-1c"))

    def _continue_key(self, _event: tk.Event[tk.Misc]) -> str:
        self._continue()
        return "break"

    def cancel_timers(self) -> None:
        self.log.cancel_timers()
