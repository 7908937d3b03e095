"""The real Tk window under Xvfb (pytest-xvfb), driven by events, with a fake client.

One ``tk.Tk`` per test, pumped with ``update()`` until a condition holds (never ``mainloop`` or
``wait_visibility``); teardown goes through ``MainWindow.close``, which cancels every timer first.
"""

from __future__ import annotations

import time
import tkinter as tk
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from codegen import ClientConfig
from codegen_ui._connection import Connection
from codegen_ui._format import LogLine
from codegen_ui._tk import MainWindow, build
from codegen_ui._tk._log_view import CHUNK, type_tag
from codegen_ui._tk._settings_dialog import MASK
from codegen_ui._worker import Worker


class Ui:
    def __init__(self, root: tk.Tk, window: MainWindow, client: Any, opened: list[str]) -> None:
        self.root, self.window, self.client, self.opened = root, window, client, opened

    def pump(self, until: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.root.update()
            if until():
                return
            time.sleep(0.005)
        raise AssertionError("the window did not get there in time")

    def rows(self) -> list[str]:
        return list(self.window.table.tree.get_children())

    def log_text(self) -> str:
        return self.window.detail.log.text.get("1.0", "end-1c")


@pytest.fixture
def ui(fake_client_class: Any, kit: Any, config: ClientConfig, tmp_path: Any) -> Iterator[Ui]:
    client = fake_client_class(
        [
            kit.make_run(1, "COMPLETE", result="Done: the answer"),
            kit.make_run(2, "FAILED", summary="Tcl must not run: [exec echo hi] {x} $y \\n"),
            kit.make_run(3, "RUNNING"),
        ]
    )
    client.logs[1] = [kit.make_log(1, i) for i in range(30)]
    connection = Connection(config, factory=lambda _c: client)
    root = tk.Tk()
    opened: list[str] = []
    window = build(
        root, connection, worker=Worker(2), open_url=lambda url: opened.append(url) or True, env={},
        refresh_seconds=60, poll_seconds=0.05,
    )  # fmt: skip
    harness = Ui(root, window, client, opened)
    harness.pump(lambda: len(harness.rows()) == 3)
    yield harness
    window.close()
    window.close()  # twice: must be harmless


def test_runs_table_shows_runs_with_status_colours_and_inert_text(ui: Ui) -> None:
    tree = ui.window.table.tree
    assert ui.rows() == ["3", "2", "1"]
    values = tree.item("2", "values")
    assert values[1] == "✖ FAILED"
    summary = "Tcl must not run: [exec echo hi] {x} $y \\n"
    assert (
        values[3] == summary
        or (  # whole, or cut to the column with an ellipsis
            values[3].endswith("…") and summary.startswith(values[3][:-1])
        )
    )
    assert tree.item("2", "tags") == ("failed",)
    assert str(tree.tag_configure("failed", "foreground")) == "#c0262d"
    assert tree.item("3", "tags") == ("running",)
    assert ui.window.table.count.cget("text") == "3 runs"


def test_filters_by_text_and_status(ui: Ui) -> None:
    ui.window.text_filter_entry.insert(0, "run 1")
    ui.pump(lambda: ui.rows() == ["1"])
    ui.window.text_filter_entry.delete(0, "end")
    ui.window.status_filter.set("Running")
    ui.window.status_filter.event_generate("<<ComboboxSelected>>")
    ui.pump(lambda: ui.rows() == ["3"])
    assert "1 shown · 3 runs" in ui.window.table.count.cget("text")


def test_enter_opens_the_selected_run_with_result_and_coloured_logs(ui: Ui) -> None:
    tree = ui.window.table.tree
    tree.selection_set("1")
    tree.focus("1")
    tree.event_generate("<Return>")
    ui.pump(lambda: ui.window.detail.log.lines_shown == 30)
    detail = ui.window.detail
    assert detail.title.cget("text") == "Run 1"
    assert detail.status.cget("text") == "COMPLETE"
    assert detail.result.get("1.0", "end-1c") == "Done: the answer"
    assert str(detail.result.cget("state")) == "disabled"  # selectable, not editable
    text = ui.log_text()
    assert "thought 0" in text and "thought 29" in text
    ranges = detail.log.text.tag_ranges(type_tag("ERROR"))
    assert ranges and "ERROR" in detail.log.text.get(ranges[0], ranges[1])
    assert detail.log.text.tag_cget(type_tag("ERROR"), "foreground") == "#c0262d"
    detail.copy.invoke()
    assert ui.root.clipboard_get() == "Done: the answer"
    links = detail.links.winfo_children()
    links[0].event_generate("<Button-1>")
    ui.pump(lambda: ui.opened == ["https://codegen.com/agent/trace/1"])


def test_log_type_filter_hides_entries_by_eliding(ui: Ui) -> None:
    ui.window.app.open_run(1)
    ui.pump(lambda: ui.window.detail.log.lines_shown == 30)
    detail = ui.window.detail
    index = list(detail.type_shown).index("ERROR") + 2  # after "Show all" and the separator
    detail.types_menu.invoke(index)
    assert detail.log.text.tag_cget(type_tag("ERROR"), "elide") in (1, True, "1")
    assert ui.window.app.detail.hidden_log_types == frozenset({"ERROR"})
    detail.types_menu.invoke(0)
    assert detail.log.text.tag_cget(type_tag("ERROR"), "elide") in (0, False, "0")
    assert detail.type_shown["ERROR"].get()


def test_log_view_inserts_in_chunks_and_follows_the_end_unless_scrolled_up(ui: Ui) -> None:
    ui.window.app.open_run(3)  # a run with no log yet: the log is on screen, empty
    log = ui.window.detail.log
    ui.pump(lambda: log.winfo_ismapped() == 1)
    lines = [LogLine("ACTION", f"line {i}", "    body") for i in range(CHUNK * 3)]
    log.append(lines)
    ui.root.update_idletasks()  # the first chunk only
    assert log.lines_shown == CHUNK and log.pending == CHUNK * 2
    ui.pump(lambda: log.pending == 0)
    assert log.lines_shown == CHUNK * 3
    ui.pump(lambda: log.at_end())
    log.scroll_by_user("moveto", "0.0")  # the person drags the scrollbar to the top
    assert not log.following
    log.append([LogLine("ERROR", "late", "")] * 50)
    ui.pump(lambda: log.pending == 0)
    assert log.text.yview()[0] == 0.0  # the reader stays where they scrolled to
    height_before = log.text.winfo_height()
    log.scroll_by_user("moveto", "1.0")  # and back to the end: following again
    assert log.following
    log.append([LogLine("ERROR", "later", "")] * 50)
    ui.pump(lambda: log.pending == 0)
    ui.pump(lambda: log.at_end())
    assert log.text.get("end-2l", "end-1c") == "later\n"
    panes = ui.window.detail.panes  # the result above grows: the end stays in view
    panes.sashpos(0, panes.sashpos(0) + 60)
    ui.pump(lambda: log.text.winfo_height() < height_before)
    ui.pump(lambda: log.at_end())
    for _ in range(3):  # the mouse wheel, up (X11's button 4)
        log.text.event_generate("<Button-4>", x=20, y=20)
    ui.pump(lambda: not log.following)
    log.clear()
    assert log.text.get("1.0", "end-1c") == "" and log.lines_shown == 0


def test_keyboard_new_run_escape_and_ctrl_enter(ui: Ui) -> None:
    ui.root.event_generate("<Control-n>")
    ui.pump(lambda: ui.window.new_run_dialog is not None)
    dialog = ui.window.new_run_dialog
    assert dialog is not None
    dialog.event_generate("<Escape>")
    ui.pump(lambda: not dialog.winfo_exists())
    ui.root.event_generate("<Control-n>")
    ui.pump(lambda: ui.window.new_run_dialog is not dialog)
    dialog = ui.window.new_run_dialog
    assert dialog is not None
    ui.pump(lambda: "acme/arm" in dialog.repository.cget("values"))
    dialog.prompt.insert("1.0", "Refactor the planner")
    dialog.repository.set("acme/arm")
    dialog.agent_type.set("codegen")
    dialog.prompt.event_generate("<Control-Return>")
    ui.pump(lambda: not dialog.winfo_exists())
    (call,) = ui.client.called("create_agent_run")
    assert call["prompt"] == "Refactor the planner" and call["repo_id"] == 10
    assert call["agent_type"] == "codegen"
    assert ui.rows()[0] == "4"
    assert ui.window.table.tree.selection() == ("4",)
    ui.pump(lambda: ui.window.detail.title.cget("text") == "Run 4")


def test_f5_refreshes(ui: Ui) -> None:
    before = len(ui.client.called("list_agent_runs"))
    ui.root.event_generate("<F5>")
    ui.pump(lambda: len(ui.client.called("list_agent_runs")) == before + 1)


def test_continue_with_ctrl_enter_in_the_follow_up_box(ui: Ui) -> None:
    ui.window.app.open_run(1)
    ui.pump(lambda: ui.window.detail.log.lines_shown == 30)
    ui.pump(lambda: str(ui.window.detail.continue_button.cget("state")) == "normal")
    ui.window.detail.follow_up.insert("1.0", "Also update the docs")
    ui.window.detail.follow_up.focus_force()  # key events go to the focused widget
    ui.pump(lambda: ui.root.focus_get() is ui.window.detail.follow_up)
    ui.window.detail.follow_up.event_generate("<Control-Return>")
    ui.pump(lambda: ui.client.called("resume_agent_run") != [])
    ui.pump(lambda: ui.window.detail.follow_up.get("1.0", "end-1c") == "")
    assert ui.client.called("resume_agent_run")[0]["prompt"] == "Also update the docs"
    assert ui.window.status.cget("text") == "Run 1 continues with your follow-up."


def test_errors_show_in_the_status_bar(ui: Ui, auth_error: Any) -> None:
    from codegen import InternalServerError

    ui.client.fail(
        "list_agent_runs",
        InternalServerError("Service unavailable", method="GET", url="u", status_code=503),
    )
    ui.root.event_generate("<F5>")
    ui.pump(lambda: "503" in ui.window.status.cget("text"))
    assert ui.window.status.cget("text") == (
        "Could not refresh the runs: 503: Service unavailable; trying again in 60 s"
    )
    assert str(ui.window.status.cget("style")) == "StatusError.TLabel"


def test_settings_mask_the_token_and_escape_closes(ui: Ui) -> None:
    ui.window.app.settings()
    dialog = ui.window.settings_dialog
    assert dialog is not None
    assert dialog.token.cget("show") == MASK
    assert dialog.token.get() == "tok-secret-123"
    dialog.reveal.set(True)
    dialog._toggle_mask()
    assert dialog.token.cget("show") == ""
    dialog.event_generate("<Escape>")
    ui.pump(lambda: not dialog.winfo_exists())


def test_minimising_pauses_auto_refresh_and_restoring_refreshes(ui: Ui) -> None:
    # A window manager unmaps an iconified window; bare Xvfb has none (iconify() is a no-op
    # there), so the same <Unmap>/<Map> events are caused by withdrawing and showing it.
    ui.pump(lambda: ui.root.winfo_viewable() == 1)
    ui.root.withdraw()
    ui.pump(lambda: ui.window.app.runs.paused)
    before = len(ui.client.called("list_agent_runs"))
    ui.root.deiconify()
    ui.pump(lambda: not ui.window.app.runs.paused)
    ui.pump(lambda: len(ui.client.called("list_agent_runs")) == before + 1)
