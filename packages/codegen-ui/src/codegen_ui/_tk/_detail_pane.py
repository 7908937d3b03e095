"""The run detail pane: the run's state, a banner when it waits for an answer, links, summary,
result and live log (in two panes the person can resize), and the follow-up box.

Nothing is clipped: the summary and the agent's question wrap to the pane's width as it changes;
links too long for the pane are cut with an ellipsis and show their full text and address in a
tooltip; the result scrolls.
"""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable, Sequence
from tkinter import ttk
from typing import TYPE_CHECKING

from codegen_ui._palette import LOG_TYPES, Palette

from ._log_view import LogView
from ._style import GAP, PAD, SMALL
from ._text_fit import TextFitter
from ._tooltip import tooltip_for

if TYPE_CHECKING:
    from codegen_ui._detail_presenter import DetailPresenter, FollowUp, Link, RunDetail
    from codegen_ui._format import LogLine

NO_RUN = "Select a run to see its result and logs."
WAITING = "The agent is waiting for your answer"
ANSWER_HINT = "Write it below and press Continue run (Ctrl+Enter)."
TYPES = "Types"
NO_RESULT = "No result yet."


class DetailPane(ttk.Frame):
    def __init__(self, master: tk.Misc) -> None:
        super().__init__(master, padding=(PAD, 0, 0, 0))
        self._presenter: DetailPresenter | None = None
        """Given by :meth:`connect`; until then (the window is up before ``codegen`` is loaded)
        what the person does here does nothing."""
        self._links: tuple[Link, ...] = ()
        self.columnconfigure(0, weight=1)
        self.rowconfigure(4, weight=1)

        head = ttk.Frame(self)
        head.grid(row=0, column=0, sticky="ew")
        head.columnconfigure(2, weight=1)
        self.title = ttk.Label(head, text=NO_RUN, style="Placeholder.TLabel")
        self.title.grid(row=0, column=0, sticky="w")
        self.status = ttk.Label(head, text="")
        self.status.grid(row=0, column=1, sticky="w", padx=(GAP, 0))
        self.created = ttk.Label(head, text="", style="Muted.TLabel")
        self.created.grid(row=1, column=0, columnspan=3, sticky="w")

        # Shown while the run waits for an answer: the agent's question, and what to do.
        self.banner = ttk.Frame(self, style="Banner.TFrame", padding=(PAD, GAP))
        self.banner.columnconfigure(0, weight=1)
        ttk.Label(self.banner, text=WAITING, style="BannerTitle.TLabel").grid(
            row=0, column=0, sticky="w"
        )
        self.question = ttk.Label(self.banner, text="", style="Banner.TLabel", justify="left")
        self.question.grid(row=1, column=0, sticky="ew", pady=(SMALL, 0))
        ttk.Label(self.banner, text=ANSWER_HINT, style="Banner.TLabel").grid(
            row=2, column=0, sticky="w", pady=(SMALL, 0)
        )

        self.links = ttk.Frame(self)
        self.links.grid(row=2, column=0, sticky="ew", pady=(SMALL, 0))
        self.links.columnconfigure(0, weight=1)
        self.link_fitter = TextFitter(tkfont.nametofont("CodegenLink"))
        self.summary = ttk.Label(self, text="", justify="left")
        self.summary.grid(row=3, column=0, sticky="ew", pady=(SMALL, 0))

        # Result above, log below; the sash between them moves.
        self.panes = panes = ttk.Panedwindow(self, orient="vertical")
        panes.grid(row=4, column=0, sticky="nsew", pady=(GAP, 0))
        result = ttk.Frame(panes)
        result.columnconfigure(0, weight=1)
        result.rowconfigure(1, weight=1)
        ttk.Label(result, text="Result", style="Heading.TLabel").grid(row=0, column=0, sticky="w")
        self.copy = ttk.Button(
            result,
            text="Copy result",
            command=self._act(lambda p: p.copy_result()),
            state="disabled",
        )
        self.copy.grid(row=0, column=1, columnspan=2, sticky="e", pady=(0, SMALL))
        self.result = tk.Text(
            result, height=5, width=40, wrap="word", state="disabled", relief="flat",
            borderwidth=0, highlightthickness=1, padx=GAP, pady=SMALL,
        )  # fmt: skip
        result_scroll = ttk.Scrollbar(result, orient="vertical", command=self.result.yview)
        self.result.configure(yscrollcommand=result_scroll.set)
        self.result.grid(row=1, column=0, columnspan=2, sticky="nsew")
        result_scroll.grid(row=1, column=2, sticky="ns")

        logs = ttk.Frame(panes)
        logs.columnconfigure(0, weight=1)
        logs.rowconfigure(1, weight=1)
        ttk.Label(logs, text="Logs", style="Heading.TLabel").grid(
            row=0, column=0, sticky="w", pady=(GAP, 0)
        )
        self.log_state = ttk.Label(logs, text="", style="Muted.TLabel")
        self.log_state.grid(row=0, column=1, sticky="e", padx=(0, GAP), pady=(GAP, 0))
        self.types = ttk.Menubutton(logs, text=TYPES)
        self.types.grid(row=0, column=2, sticky="e", pady=(GAP, SMALL))
        self.types_menu = tk.Menu(self.types, tearoff=False)
        self.types["menu"] = self.types_menu
        self.type_shown: dict[str, tk.BooleanVar] = {}
        self.types_menu.add_command(
            label="Show all", command=self._act(lambda p: p.show_all_log_types())
        )
        self.types_menu.add_separator()
        for key in LOG_TYPES:
            shown = tk.BooleanVar(self, value=True)
            self.type_shown[key] = shown
            self.types_menu.add_checkbutton(
                label=key, variable=shown, command=self._type_toggler(key, shown)
            )
        self.log = LogView(logs)
        self.log.grid(row=1, column=0, columnspan=3, sticky="nsew")
        panes.add(result, weight=1)
        panes.add(logs, weight=3)

        follow_up = ttk.Frame(self)
        follow_up.grid(row=5, column=0, sticky="ew", pady=(GAP, 0))
        follow_up.columnconfigure(0, weight=1)
        self.follow_up_label = ttk.Label(follow_up, text="", style="Heading.TLabel")
        self.follow_up_label.grid(row=0, column=0, columnspan=2, sticky="w", pady=(0, SMALL))
        self.follow_up = tk.Text(
            follow_up, height=3, width=30, wrap="word", undo=True, relief="flat", borderwidth=0,
            highlightthickness=1, padx=GAP, pady=SMALL, font="TkTextFont",
        )  # fmt: skip
        self.follow_up.grid(row=1, column=0, sticky="ew")
        self.continue_button = ttk.Button(
            follow_up, text="Continue run", style="Accent.TButton", command=self._continue,
            state="disabled",
        )  # fmt: skip
        self.continue_button.grid(row=1, column=1, sticky="nse", padx=(GAP, 0))
        tooltip_for(self.continue_button, lambda: "Ctrl+Enter in the box")
        self.follow_up.bind("<Control-Return>", self._continue_key)
        self.follow_up.bind("<Control-KP_Enter>", self._continue_key)
        self.bind("<Configure>", self._resized, add="+")
        self._run_parts: tuple[tk.Widget, ...] = (self.links, self.summary, panes, follow_up)
        for part in self._run_parts:
            part.grid_remove()

    def connect(self, presenter: DetailPresenter) -> None:
        self._presenter = presenter
        presenter.attach(self)

    def _act(self, action: Callable[[DetailPresenter], object]) -> Callable[[], None]:
        """A command that tells the presenter, once there is one."""

        def command() -> None:
            if self._presenter is not None:
                action(self._presenter)

        return command

    # -- DetailView --------------------------------------------------------------------------

    def show_run(self, detail: RunDetail | None) -> None:
        if detail is None:
            self.title.configure(text=NO_RUN, style="Placeholder.TLabel")
            self.status.configure(text="", style="TLabel")
            self.created.configure(text="")
            self.summary.configure(text="")
            self._show_links(())
            self._set_result("", shown=False)
            for part in self._run_parts:  # no empty boxes that look like a form to fill
                part.grid_remove()
            return
        for part in self._run_parts:
            part.grid()
        self.title.configure(text=f"Run {detail.run_id}", style="Title.TLabel")
        self.status.configure(
            text=detail.status, style=f"{detail.status_class.value}.Status.TLabel"
        )
        facts = [f"created {detail.created}" if detail.created else "", detail.source]
        self.created.configure(text=" · from ".join(fact for fact in facts if fact))
        self.summary.configure(text=detail.summary)
        if not detail.summary:  # no empty line where a summary would be
            self.summary.grid_remove()
        self._show_links(detail.links)
        self._set_result(detail.result, shown=True)

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
        self.types.configure(text=f"Types · {len(hidden)} hidden" if hidden else TYPES)

    def show_question(self, question: str | None) -> None:
        if question is None:
            self.banner.grid_remove()
            return
        self.question.configure(text=question)
        self.banner.grid(row=1, column=0, sticky="ew", pady=(GAP, 0))

    def set_follow_up(self, follow_up: FollowUp) -> None:
        self.follow_up_label.configure(text=follow_up.label)
        self.continue_button.configure(state="normal" if follow_up.enabled else "disabled")

    def focus_follow_up(self) -> None:
        self.follow_up.focus_set()

    def clear_follow_up(self) -> None:
        self.follow_up.delete("1.0", "end")

    def copy_to_clipboard(self, text: str) -> None:
        self.clipboard_clear()
        self.clipboard_append(text)

    # -- layout ------------------------------------------------------------------------------

    def _resized(self, event: tk.Event[tk.Misc]) -> None:
        if event.widget is not self:
            return
        width = max(200, event.width - PAD)
        self.summary.configure(wraplength=width)
        self.question.configure(wraplength=width - 2 * PAD)
        self._fit_links()

    def _show_links(self, links: tuple[Link, ...]) -> None:
        if links == self._links:
            return
        self._links = links
        for child in self.links.winfo_children():
            child.destroy()
        for row, link in enumerate(links):  # the run on the web, then one per PR
            label = ttk.Label(self.links, text=link.label, style="Link.TLabel", cursor="hand2")
            label.grid(row=row, column=0, sticky="w")
            label.bind("<Button-1>", self._link_opener(link.url))
            tooltip_for(label, self._link_tip(label, link))
        self._fit_links()

    def _fit_links(self) -> None:
        width = self.winfo_width() - PAD
        if width <= 1:
            return
        for label, link in zip(self.links.winfo_children(), self._links, strict=False):
            if isinstance(label, ttk.Label):
                label.configure(text=self.link_fitter.fit(link.label, width))

    @staticmethod
    def _link_tip(label: ttk.Label, link: Link) -> Callable[[], str]:
        def tip() -> str:
            cut = str(label.cget("text")) != link.label
            return f"{link.label}\n{link.url}" if cut else link.url

        return tip

    # -- events ------------------------------------------------------------------------------

    def _set_result(self, text: str, *, shown: bool) -> None:
        self.result.configure(state="normal")
        self.result.delete("1.0", "end")
        if text:
            self.result.insert("1.0", text)
        elif shown:  # say there is nothing yet, rather than show a blank box
            self.result.insert("1.0", NO_RESULT, ("none",))
        self.result.configure(state="disabled")
        self.copy.configure(state="normal" if text else "disabled")

    def apply_palette(self, colours: Palette) -> None:
        self.result.tag_configure("none", foreground=colours.muted)

    def _type_toggler(self, key: str, shown: tk.BooleanVar) -> Callable[[], None]:
        return self._act(lambda p: p.set_log_type_visible(key, shown.get()))

    def _link_opener(self, url: str) -> Callable[[tk.Event[tk.Misc]], None]:
        action = self._act(lambda p: p.open_link(url))
        return lambda _event: action()

    def _continue(self) -> None:
        if self._presenter is not None:
            self._presenter.continue_run(self.follow_up.get("1.0", "end-1c"))

    def _continue_key(self, _event: tk.Event[tk.Misc]) -> str:
        self._continue()
        return "break"

    def cancel_timers(self) -> None:
        self.log.cancel_timers()
