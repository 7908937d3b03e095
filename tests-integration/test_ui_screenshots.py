"""Screenshots of the real window with a simulator's runs: ``.reports/ui-main.png`` (the runs list)
and ``.reports/ui-detail.png`` (a finished run with its pull requests, result and logs).

The picture is read from the X server with ``XGetImage`` through ctypes and written as PNG with zlib:
libX11 is there wherever Tk runs on X11, so this needs nothing beyond Xvfb itself (no ImageMagick,
no Pillow). A black or empty picture fails: a real window has many colours.
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

from codegen import ClientConfig, CodegenClient
from codegen_sim import SimServer
from codegen_ui._session import Session
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


def grab_rgb(window_id: int, width: int, height: int) -> bytes:
    """The window's pixels as RGB rows (24- or 32-bit, or 16-bit visuals)."""
    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XGetImage.restype = ctypes.POINTER(XImage)
    x11.XGetImage.argtypes = [
        ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
        ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int,
    ]  # fmt: skip
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    x11.XFree.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(os.environ["DISPLAY"].encode())
    assert display, "cannot open the X display"
    try:
        pointer = x11.XGetImage(display, window_id, 0, 0, width, height, 0xFFFFFFFF, Z_PIXMAP)
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


def screenshot(root: tk.Tk, path: Path) -> int:
    """Write the window to ``path`` as PNG; the number of distinct colours in it."""
    root.update()
    width, height = root.winfo_width(), root.winfo_height()
    rgb = grab_rgb(root.winfo_id(), width, height)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(png(rgb, width, height))
    return len({rgb[i : i + 3] for i in range(0, len(rgb), 3 * 7)})


@pytest.fixture
def window(sim: SimServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[MainWindow]:
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(tmp_path))
    config = ClientConfig(api_token=sim.token, org_id=sim.org_id, api_url=sim.api_url)
    with CodegenClient(config=config) as client:  # a few more runs than the seeded ones
        for prompt in (
            "Upgrade the CI matrix to Python 3.13",
            "Document the motion planner sim:prs=0",
        ):
            client.create_agent_run(prompt, repo_id=10)
        client.create_agent_run("Speed up trajectory planning sim:prs=2", repo_id=10)
    sim.advance(60)
    root = tk.Tk()
    built = build(root, Session(config), open_url=lambda _url: True, env={}, poll_seconds=0.1)
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


def test_screenshots_of_the_main_window_and_the_run_detail(window: MainWindow) -> None:
    root = window.root
    pump(root, lambda: len(window.table.tree.get_children()) >= 10 and root.winfo_viewable() == 1)
    pump(root, lambda: "Ada Lovelace" in root.title())
    colours = screenshot(root, REPORTS / "ui-main.png")
    assert colours > 20, f"ui-main.png has only {colours} colours: is it blank?"

    newest = window.table.tree.get_children()[0]
    window.table.tree.selection_set(newest)
    window.table.tree.focus(newest)
    window.table.tree.event_generate("<Return>")
    detail = window.detail
    pump(
        root,
        lambda: (
            detail.status.cget("text") == "COMPLETE" and len(detail.links.winfo_children()) == 3
        ),
    )
    pump(root, lambda: not window.app.detail.following and detail.log.pending == 0)
    pump(root, lambda: detail.log.at_end())
    colours = screenshot(root, REPORTS / "ui-detail.png")
    assert colours > 20, f"ui-detail.png has only {colours} colours: is it blank?"
