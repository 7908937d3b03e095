"""The look under Xvfb: the sv-ttk theme in light and dark, plain ttk when it cannot load, text
cut to fit with the whole of it in a tooltip, and exceptions in the window shown and survived."""

from __future__ import annotations

import logging
import sys
import time
import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable, Iterator
from pathlib import Path
from tkinter import ttk
from typing import Any

import pytest

from codegen import ClientConfig, ProfileStore
from codegen_ui._connection import Connection
from codegen_ui._palette import DARK, LIGHT, Appearance, StatusClass
from codegen_ui._tk import MainWindow, build
from codegen_ui._tk._log_view import type_tag
from codegen_ui._tk._text_fit import ELLIPSIS, TextFitter
from codegen_ui._worker import Worker


def pump(root: tk.Tk, until: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        root.update()
        if until():
            return
        time.sleep(0.005)
    raise AssertionError("the window did not get there in time")


@pytest.fixture
def open_window(
    fake_client_class: Any, kit: Any, config: ClientConfig, tmp_path: Path
) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def start(**options: Any) -> MainWindow:
        client = fake_client_class(
            [kit.make_run(1, "COMPLETE", summary="word " * 60), kit.make_run(2, "RUNNING")]
        )
        client.logs[1] = [kit.make_log(1, i) for i in range(5)]
        root = tk.Tk()
        window = build(
            root, Connection(config, factory=lambda _c: client), worker=Worker(2),
            store=ProfileStore(tmp_path / "config.toml"), open_url=lambda _url: True, env={},
            refresh_seconds=60, poll_seconds=0.05, **options,
        )  # fmt: skip
        windows.append(window)
        pump(root, lambda: len(window.table.tree.get_children()) == 2)
        return window

    yield start
    for window in windows:
        window.close()


def test_the_theme_is_sv_ttk_light_unless_the_system_is_dark(
    open_window: Callable[..., MainWindow],
) -> None:
    light = open_window()
    assert light.look.themed
    assert ttk.Style(light.root).theme_use() == "sun-valley-light"
    assert str(light.detail.log.text.cget("background")) == LIGHT.surface
    light.close()
    dark = open_window(system_dark=lambda: True)
    assert ttk.Style(dark.root).theme_use() == "sun-valley-dark"
    assert str(dark.detail.log.text.cget("background")) == DARK.surface
    assert (
        str(dark.table.tree.tag_configure("failed", "foreground"))
        == (DARK.statuses[StatusClass.FAILED])
    )


def test_switching_to_dark_recolours_everything_shown(
    open_window: Callable[..., MainWindow],
) -> None:
    window = open_window()
    window.app.open_run(1)
    detail = window.detail
    pump(window.root, lambda: detail.log.lines_shown == 5)
    window.app.set_appearance(Appearance.DARK)
    pump(window.root, lambda: ttk.Style(window.root).theme_use() == "sun-valley-dark")
    window.root.update()  # sv-ttk's own recolouring runs when idle; the app's comes after it
    assert str(detail.result.cget("background")) == DARK.surface
    assert str(detail.follow_up.cget("foreground")) == DARK.foreground
    assert detail.log.text.tag_cget(type_tag("ERROR"), "foreground") == DARK.log_types["ERROR"]
    style = ttk.Style(window.root)
    assert (
        style.lookup("complete.Status.TLabel", "foreground")
        == (DARK.statuses[StatusClass.COMPLETE])
    )
    # ttk labels keep to their styles: tk_setPalette's colours are not theirs.
    assert str(detail.status.cget("foreground")) == ""
    assert str(window.status.cget("background")) == ""


@pytest.mark.parametrize("failure", ["not installed", "broken files"])
def test_without_the_theme_the_app_starts_with_plain_ttk(
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    failure: str,
) -> None:
    if failure == "not installed":
        monkeypatch.setitem(sys.modules, "sv_ttk", None)  # import sv_ttk raises ImportError
    else:
        import sv_ttk

        monkeypatch.setattr(sv_ttk, "TCL_THEME_FILE_PATH", Path("/nonexistent/sv.tcl"))
    with caplog.at_level(logging.WARNING, logger="codegen_ui"):
        window = open_window()
    assert not window.look.themed
    assert ttk.Style(window.root).theme_use() == "clam"
    assert "the sv-ttk theme could not load" in caplog.text
    window.app.open_run(1)  # and it works
    pump(window.root, lambda: window.detail.log.lines_shown == 5)
    window.app.set_appearance(Appearance.DARK)  # the palette still switches
    assert str(window.detail.log.text.cget("background")) == DARK.surface


def test_text_is_cut_at_a_word_with_an_ellipsis(root_font: tkfont.Font) -> None:
    fitter = TextFitter(root_font)
    text = "Speed up trajectory planning in the motion planner"
    assert fitter.fit(text, fitter.width(text)) == text
    assert fitter.width(text) == root_font.measure(text)  # the sum of the characters' widths
    cut = fitter.fit(text, fitter.width("Speed up trajectory plan"))
    assert cut == "Speed up trajectory" + ELLIPSIS  # back to the word boundary
    assert fitter.width(cut) <= fitter.width("Speed up trajectory plan")
    path = "src/robot_arm/planner/trajectory_optimisation.py"
    cut = fitter.fit(path, fitter.width(path) // 2)
    assert cut.endswith(ELLIPSIS) and path.startswith(cut[:-1]) and len(cut) > 10  # mid-word


@pytest.fixture
def root_font() -> Iterator[tkfont.Font]:
    root = tk.Tk()
    yield tkfont.Font(root=root, family="DejaVu Sans", size=-14)
    root.destroy()


def test_a_cut_cell_shows_its_whole_text_under_the_pointer(
    open_window: Callable[..., MainWindow],
) -> None:
    window = open_window()
    tree, table = window.table.tree, window.table
    pump(window.root, lambda: table._refit_after is None and tree.winfo_viewable() == 1)
    shown = str(tree.set("1", "summary"))
    assert shown.endswith(ELLIPSIS) and len(shown) < 300
    x, y, _width, height = tree.bbox("1", "summary")  # type: ignore[misc]
    tree.event_generate("<Motion>", x=x + 5, y=y + height // 2)
    pump(window.root, lambda: table.tooltip.showing)
    assert table.tooltip.text == ("word " * 60).strip()
    x, y, _width, height = tree.bbox("1", "id")  # type: ignore[misc]
    tree.event_generate("<Motion>", x=x + 5, y=y + height // 2)  # a whole cell: no tooltip
    assert not table.tooltip.showing


def test_an_exception_in_a_callback_is_shown_logged_and_survived(
    open_window: Callable[..., MainWindow], caplog: pytest.LogCaptureFixture
) -> None:
    window = open_window()
    root = window.root

    def broken() -> None:
        raise ValueError("a bug in a handler")

    button = ttk.Button(root, command=broken)
    with caplog.at_level(logging.ERROR, logger="codegen_ui"):
        button.invoke()  # through Tk, as a click would
    assert "unexpected error in the app" in caplog.text and "a bug in a handler" in caplog.text
    errors = window.errors.window
    assert errors is not None and errors.winfo_exists()
    assert "ValueError: a bug in a handler" in errors.details.get("1.0", "end")
    assert "ValueError: a bug in a handler" in window.status.cget("text")
    assert str(window.status.cget("style")) == "StatusError.TLabel"

    # An answer from a worker whose callback fails: the same, in the same window.
    window.app.worker.submit(lambda: 1, lambda _result: broken(), lambda _error: None)
    pump(root, lambda: window.errors.count == 2)
    assert errors.details.get("1.0", "end").count("ValueError: a bug in a handler") == 2
    # And the app carries on.
    window.app.open_run(1)
    pump(root, lambda: window.detail.log.lines_shown == 5)


def test_a_window_shown_before_its_app_says_it_is_loading_and_waits_for_it(
    fake_client_class: Any, kit: Any, config: ClientConfig, tmp_path: Path
) -> None:
    """Start-up shows the window while codegen loads: clicks wait for the app, then it takes over."""
    root = tk.Tk()
    early = MainWindow(root)
    try:
        root.update()
        assert early.table.placeholder_text.cget("text") == "Loading the runs…"
        root.event_generate("<Control-n>")  # nothing to do it yet: nothing happens, nothing fails
        root.event_generate("<F5>")
        root.update()
        assert early.new_run_dialog is None and early.errors.count == 0
        client = fake_client_class([kit.make_run(1)])
        window = build(
            root, Connection(config, factory=lambda _c: client), worker=Worker(2),
            store=ProfileStore(tmp_path / "config.toml"), open_url=lambda _url: True, env={},
            window=early,
        )  # fmt: skip
        assert window is early
        pump(root, lambda: early.table.tree.get_children() == ("1",))
        assert not early.table.placeholder.winfo_ismapped()
        root.event_generate("<Control-n>")
        pump(root, lambda: early.new_run_dialog is not None)
    finally:
        early.close()
