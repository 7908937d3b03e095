"""Screenshots of the real window with a simulator's runs, one per state a person meets, written
to ``.reports/`` to be looked at:

- ``ui-main.png``: the runs list; ``ui-detail.png``: a finished run with its pull requests, result
  and logs; ``ui-paused.png``: a run waiting for an answer (the banner with its question);
- ``ui-new-run.png`` and ``ui-settings.png``: the two dialogs over the window;
- ``ui-dark.png``: the detail in the dark appearance; ``ui-not-signed-in.png``: the first start;
- ``ui-minimum.png``: the window at its minimum size, with a run open.

Each picture is of the screen where the window is (dialogs included), read from the X server with
``XGetImage`` through ctypes and written as PNG with zlib: libX11 is there wherever Tk runs on X11,
so this needs nothing beyond Xvfb itself (no ImageMagick, no Pillow). Besides the picture, each test
checks what the picture is meant to show, and that nothing in the window is cut off.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
import time
import tkinter as tk
import zlib
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from codegen import ClientConfig, CodegenClient, ProfileStore
from codegen_sim import SimServer
from codegen_ui._connection import Connection
from codegen_ui._palette import DARK, Appearance
from codegen_ui._tk import MainWindow, build

REPORTS = Path(__file__).resolve().parents[1] / ".reports"
Z_PIXMAP = 2


class XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
        ("red_mask", ctypes.c_ulong),
        ("green_mask", ctypes.c_ulong),
        ("blue_mask", ctypes.c_ulong),
    ]


def _channel(value: int, mask: int) -> int:
    shift = (mask & -mask).bit_length() - 1
    return ((value & mask) >> shift) * 255 // (mask >> shift)


def grab_rgb(x: int, y: int, width: int, height: int) -> bytes:
    """The screen's pixels in that rectangle, as RGB rows (24- or 32-bit, or 16-bit visuals)."""
    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XGetImage.restype = ctypes.POINTER(XImage)
    x11.XGetImage.argtypes = [
        ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
        ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int,
    ]  # fmt: skip
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XFree.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(os.environ["DISPLAY"].encode())
    assert display, "cannot open the X display"
    try:
        screen = x11.XDefaultRootWindow(display)
        pointer = x11.XGetImage(display, screen, x, y, width, height, 0xFFFFFFFF, Z_PIXMAP)
        assert pointer, "XGetImage failed"
        image = pointer.contents
        raw = ctypes.string_at(image.data, image.bytes_per_line * height)
        masks = (image.red_mask, image.green_mask, image.blue_mask)
        depth_bytes = image.bits_per_pixel // 8
        little = image.byte_order == 0
        x11.XFree(image.data)
        x11.XFree(pointer)
    finally:
        x11.XCloseDisplay(display)
    out = bytearray()
    table: dict[int, bytes] = {}
    for y in range(height):
        line = raw[y * image.bytes_per_line : y * image.bytes_per_line + width * depth_bytes]
        if depth_bytes == 4 and masks == (0xFF0000, 0xFF00, 0xFF) and little:
            rgb = bytearray(width * 3)
            rgb[0::3], rgb[1::3], rgb[2::3] = line[2::4], line[1::4], line[0::4]
            out += rgb
            continue
        pixels = array({2: "H", 4: "I"}[depth_bytes], line)
        if not little:
            pixels.byteswap()
        for value in pixels:
            rgb_bytes = table.get(value)
            if rgb_bytes is None:
                rgb_bytes = table[value] = bytes(_channel(value, mask) for mask in masks)
            out += rgb_bytes
    return bytes(out)


def png(rgb: bytes, width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    stride = width * 3
    rows = b"".join(b"\x00" + rgb[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 6))
        + chunk(b"IEND", b"")
    )


def screenshot(root: tk.Tk, name: str) -> int:
    """Write the screen where ``root`` is (with any dialog over it) to ``.reports/<name>``; the
    number of distinct colours in it (a blank picture has one or two)."""
    root.update()
    x, y = root.winfo_rootx(), root.winfo_rooty()
    width, height = root.winfo_width(), root.winfo_height()
    rgb = grab_rgb(x, y, width, height)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / name).write_bytes(png(rgb, width, height))
    colours = len({rgb[i : i + 3] for i in range(0, len(rgb), 3 * 7)})
    assert colours > 20, f"{name} has only {colours} colours: is it blank?"
    return colours


def cut_off(top: tk.Misc) -> list[str]:
    """Widgets under ``top`` that are shown but not wholly inside what holds them (every frame
    around them, up to the window), or given less room than they ask for: cut by an edge."""
    found = []
    stack = [top]
    while stack:
        widget = stack.pop()
        if isinstance(widget, tk.Toplevel) and widget is not top:
            continue
        stack.extend(widget.winfo_children())
        if not widget.winfo_ismapped() or widget.winfo_class() in ("Menu", "Toplevel", "Tk"):
            continue
        left, top_edge = widget.winfo_rootx(), widget.winfo_rooty()
        right, bottom = left + widget.winfo_width(), top_edge + widget.winfo_height()
        holder = widget.nametowidget(widget.winfo_parent()) if widget is not top else None
        while holder is not None:
            if (
                left < holder.winfo_rootx() - 1
                or top_edge < holder.winfo_rooty() - 1
                or right > holder.winfo_rootx() + holder.winfo_width() + 1
                or bottom > holder.winfo_rooty() + holder.winfo_height() + 1
            ):
                found.append(f"{widget} ({widget.winfo_class()}) outside {holder}")
                break
            if isinstance(holder, tk.Tk | tk.Toplevel):
                break
            holder = holder.nametowidget(holder.winfo_parent())
        short = widget.winfo_width() < widget.winfo_reqwidth() - 1
        if short and widget.winfo_class() in ("TLabel", "TButton", "TCheckbutton", "TMenubutton"):
            found.append(f"{widget} ({widget.winfo_class()}) narrower than its text")
    return found


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProfileStore:
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(tmp_path))
    return ProfileStore(tmp_path / "config.toml")


def seed_runs(sim: SimServer, config: ClientConfig) -> None:
    with CodegenClient(config=config) as client:  # a few more runs than the seeded ones
        for prompt in (
            "Upgrade the CI matrix to Python 3.13",
            "Document the motion planner sim:prs=0",
        ):
            client.create_agent_run(prompt, repo_id=10)
        client.create_agent_run(
            "Speed up trajectory planning in the motion planner, and keep the public API stable "
            "for the fleet dashboard sim:prs=2",
            repo_id=10,
        )
    sim.advance(60)


@pytest.fixture
def window(sim: SimServer, store: ProfileStore) -> Iterator[MainWindow]:
    config = ClientConfig(api_token=sim.token, org_id=sim.org_id, api_url=sim.api_url)
    seed_runs(sim, config)
    root = tk.Tk()
    built = build(
        root, Connection(config), store=store, open_url=lambda _url: True, env={}, poll_seconds=0.1
    )
    yield built
    built.close()


def pump(root: tk.Tk, until: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        root.update()
        if until():
            return
        time.sleep(0.005)
    raise AssertionError("the window did not get there in time")


def open_newest(window: MainWindow, *, links: int | None = None) -> None:
    root, detail = window.root, window.detail
    newest = window.table.tree.get_children()[0]
    window.table.tree.selection_set(newest)
    window.table.tree.focus(newest)
    window.table.tree.event_generate("<Return>")
    pump(root, lambda: detail.title.cget("text") == f"Run {newest}")
    if links is not None:
        pump(root, lambda: len(detail.links.winfo_children()) == links)
    pump(root, lambda: not window.app.detail.following and detail.log.pending == 0)
    pump(root, lambda: detail.log.at_end())


def loaded(window: MainWindow) -> None:
    root = window.root
    pump(root, lambda: len(window.table.tree.get_children()) >= 10 and root.winfo_viewable() == 1)
    pump(root, lambda: "Ada Lovelace" in root.title())


def test_screenshots_of_the_main_window_and_the_run_detail(window: MainWindow) -> None:
    root = window.root
    loaded(window)
    cells_fit(window)
    screenshot(root, "ui-main.png")
    assert cut_off(root) == []

    open_newest(window, links=3)
    detail = window.detail
    assert detail.status.cget("text") == "COMPLETE"
    assert "live" not in detail.log_state.cget("text")  # it ended: nothing is followed
    screenshot(root, "ui-detail.png")
    assert cut_off(root) == []


def test_screenshot_of_a_paused_run(window: MainWindow) -> None:
    root = window.root
    loaded(window)
    window.app.new_run()
    form = window.new_run_dialog
    assert form is not None
    form.prompt.insert("1.0", "Rename the planner's public entry point sim:pause")
    form.submit.invoke()
    detail = window.detail
    pump(root, lambda: detail.status.cget("text") == "PAUSED")
    pump(root, lambda: detail.banner.winfo_ismapped() == 1)
    pump(root, lambda: not window.app.detail.following and detail.log.pending == 0)
    assert "?" in detail.question.cget("text")
    assert detail.follow_up_label.cget("text") == "Your answer to the agent"
    pump(root, lambda: root.focus_get() is detail.follow_up)
    screenshot(root, "ui-paused.png")
    assert cut_off(root) == []


def test_screenshots_of_the_dialogs(window: MainWindow) -> None:
    root = window.root
    loaded(window)
    window.app.new_run()
    form = window.new_run_dialog
    assert form is not None
    pump(root, lambda: len(form.repository.cget("values")) > 1 and form.winfo_viewable() == 1)
    form.prompt.insert("1.0", "Add a regression test for the limit-switch debounce")
    screenshot(root, "ui-new-run.png")
    assert cut_off(form) == []
    form.event_generate("<Escape>")
    pump(root, lambda: not form.winfo_exists())

    window.app.settings()
    dialog = window.settings_dialog
    assert dialog is not None
    pump(root, lambda: "Acme Robotics (1)" in dialog.organization.cget("values"))
    pump(root, lambda: dialog.winfo_viewable() == 1)
    screenshot(root, "ui-settings.png")
    assert cut_off(dialog) == []


def test_screenshot_of_the_dark_appearance(window: MainWindow, store: ProfileStore) -> None:
    root = window.root
    loaded(window)
    window.app.set_appearance(Appearance.DARK)
    open_newest(window, links=3)
    assert str(window.detail.log.text.cget("background")) == DARK.surface
    assert (store.path.parent / "ui.toml").read_text().count('appearance = "dark"') == 1
    screenshot(root, "ui-dark.png")


def test_screenshot_of_the_first_start_not_signed_in(sim: SimServer, store: ProfileStore) -> None:
    root = tk.Tk()
    window = build(
        root, Connection(ClientConfig(api_token=None, org_id=None, api_url=sim.api_url)), store=store,
        open_url=lambda _url: True, env={},
    )  # fmt: skip
    try:
        pump(root, lambda: window.settings_dialog is not None and root.winfo_viewable() == 1)
        dialog = window.settings_dialog
        assert dialog is not None
        dialog.event_generate("<Escape>")  # closed without signing in: the table says what to do
        pump(root, lambda: not dialog.winfo_exists())
        assert window.table.placeholder.winfo_ismapped()
        assert "not signed in" in window.table.placeholder_text.cget("text")
        assert window.table.placeholder_button.cget("text") == "Sign in…"
        screenshot(root, "ui-not-signed-in.png")
        window.table.placeholder_button.invoke()
        pump(root, lambda: window.settings_dialog is not dialog)
    finally:
        window.close()


def cells_fit(window: MainWindow) -> None:
    """Every cell of the runs table is within its column (cut with an ellipsis if need be)."""
    table = window.table
    pump(window.root, lambda: table._refit_after is None)
    tree, shown = table.tree, [str(key) for key in table.tree.cget("displaycolumns")]
    for iid in tree.get_children():
        for key in shown:
            text = str(tree.set(iid, key))
            assert table.fitter.width(text) <= int(tree.column(key, "width")), (iid, key, text)


def test_screenshot_at_the_minimum_size(window: MainWindow) -> None:
    root = window.root
    loaded(window)
    open_newest(window, links=3)
    width, height = (int(n) for n in root.minsize())
    assert (width, height) == (900, 600)  # the 900×600 is the minimum, and holds all
    root.geometry(f"{width}x{height}")
    pump(root, lambda: root.winfo_width() == width and root.winfo_height() == height)
    cells_fit(window)
    assert cut_off(root) == []
    assert "source" not in window.table.tree.cget("displaycolumns")  # no room: the detail has it
    assert "from API" in window.detail.created.cget("text")
    screenshot(root, "ui-minimum.png")
    window.panes.sashpos(0, width - 250)  # squeezed by hand, the detail is cut: the check sees it
    pump(root, lambda: window.detail.winfo_width() < 260)
    assert cut_off(root) != []
