"""The live log: a read-only Text that takes entries in chunks and follows the end.

Entries arrive a page (or many pages) at a time; inserting ten thousand at once would freeze the
window, so they wait in a queue and go in ``CHUNK`` per turn of the event loop, each chunk as one
``insert`` call. The view stays at the end while new entries arrive unless the person has scrolled up
to read; it follows again once they scroll back to the end. Only the person's own scrolling (wheel,
scrollbar, keys, dragging) changes that: Tk re-estimates line heights as it lays out new text, so the
scroll position alone cannot tell "scrolled up" from "text grew". Each entry carries a tag per message type: colour comes from the tag, and the type filter
hides a type by eliding its tag, at once, however long the log.
"""

from __future__ import annotations

import tkinter as tk
from collections import deque
from collections.abc import Sequence
from tkinter import ttk
from typing import TYPE_CHECKING

from codegen_ui._palette import LOG_TYPES, Palette

from ._style import GAP, SMALL

if TYPE_CHECKING:
    from codegen_ui._format import LogLine

CHUNK = 100
"""Entries inserted per turn of the event loop."""
AT_END = 0.999


def type_tag(type_key: str) -> str:
    return f"type:{type_key}"


class LogView(ttk.Frame):
    def __init__(self, master: tk.Misc) -> None:
        super().__init__(master)
        self.columnconfigure(0, weight=1)
        self.rowconfigure(0, weight=1)
        self.text = tk.Text(
            self,
            wrap="word",
            width=40,
            height=8,
            state="disabled",
            font="TkFixedFont",
            relief="flat",
            borderwidth=0,
            highlightthickness=1,
            padx=GAP,
            pady=SMALL,
            undo=False,
        )
        scroll = ttk.Scrollbar(self, orient="vertical", command=self.scroll_by_user)
        self.text.configure(yscrollcommand=scroll.set)
        self.text.grid(row=0, column=0, sticky="nsew")
        scroll.grid(row=0, column=1, sticky="ns")
        self.text.tag_configure("head", font="CodegenMonoStrong", spacing1=SMALL)
        for sequence in ("<MouseWheel>", "<Button-4>", "<Button-5>", "<KeyRelease>", "<B1-Motion>"):
            self.text.bind(sequence, self._user_moved, add="+")
        # A resize (the pane above grows when pull requests appear) must not hide the end either.
        self.text.bind("<Configure>", self._resized, add="+")
        self.bind("<Destroy>", lambda event: self.cancel_timers() if event.widget is self else None)
        self.following = True
        self._pending: deque[LogLine] = deque()
        self._flush_after: str | None = None
        self.lines_shown = 0

    def append(self, lines: Sequence[LogLine]) -> None:
        self._pending.extend(lines)
        if self._flush_after is None:
            self._flush_after = self.after_idle(self._flush)

    def clear(self) -> None:
        self.cancel_timers()
        self._pending.clear()
        self.lines_shown = 0
        self.following = True
        self.text.configure(state="normal")
        self.text.delete("1.0", "end")
        self.text.configure(state="disabled")

    def apply_palette(self, colours: Palette) -> None:
        for key in LOG_TYPES:
            self.text.tag_configure(type_tag(key), foreground=colours.log_types[key])

    def set_hidden_types(self, hidden: frozenset[str]) -> None:
        for key in LOG_TYPES:
            self.text.tag_configure(type_tag(key), elide=key in hidden)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def at_end(self) -> bool:
        return self.text.yview()[1] >= AT_END

    def scroll_by_user(self, *args: str) -> None:
        """The scrollbar's command: scroll, then follow the end only if that is where it is now."""
        self.text.yview(*args)
        self.following = self.at_end()

    def _resized(self, _event: tk.Event[tk.Misc]) -> None:
        if self.following:
            self.text.see("end -1c")

    def _user_moved(self, _event: tk.Event[tk.Misc]) -> None:
        # After the class bindings have moved the view.
        self.after_idle(lambda: setattr(self, "following", self.at_end()))

    def cancel_timers(self) -> None:
        if self._flush_after is not None:
            self.after_cancel(self._flush_after)
            self._flush_after = None

    def _flush(self) -> None:
        self._flush_after = None
        if not self._pending:
            return
        count = min(CHUNK, len(self._pending))
        chunk = [self._pending.popleft() for _ in range(count)]
        # One insert call for the chunk: text, tags, text, tags, ...
        args: list[str | tuple[str, ...]] = []
        for line in chunk:
            tag = type_tag(line.type_key)
            args += [line.head + "\n", (tag, "head")]
            if line.body:
                args += [line.body + "\n", (tag,)]
        self.text.configure(state="normal")
        self.text.insert("end -1c", str(args[0]), *args[1:])
        self.text.configure(state="disabled")
        self.lines_shown += count
        if self.following:
            self.text.see("end -1c")
        if self._pending:
            # after(1), not after_idle: let Tk redraw and take input between chunks.
            self._flush_after = self.after(1, self._flush)
