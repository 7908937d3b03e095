"""The desktop app's real window against a real ``codegen-sim`` server, under Xvfb.

A person's paths through the app: start a run from the form and watch it finish, read its logs,
continue a paused run, sign in (a wrong token is told so, a right one is saved to the CLI's profile
file), and ``python codegen_ui.py`` from the repo root opening a window that talks to the API.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
import tkinter as tk
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen import ClientConfig, ProfileStore
from codegen_sim import SimServer
from codegen_ui._connection import Connection
from codegen_ui._tk import MainWindow, build

ROOT = Path(__file__).resolve().parents[1]
PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


class App:
    def __init__(self, root: tk.Tk, window: MainWindow) -> None:
        self.root, self.window = root, window

    def pump(self, until: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.root.update()
            if until():
                return
            time.sleep(0.005)
        raise AssertionError("the window did not get there in time")

    def rows(self) -> tuple[str, ...]:
        return self.window.table.tree.get_children()

    def log_text(self) -> str:
        return self.window.detail.log.text.get("1.0", "end-1c")


@pytest.fixture
def private_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ProfileStore:
    for name in list(os.environ):
        if name.startswith("CODEGEN_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(tmp_path / "config"))
    return ProfileStore(tmp_path / "config" / "config.toml")


@pytest.fixture
def open_app(private_config: ProfileStore) -> Iterator[Callable[..., App]]:
    windows: list[MainWindow] = []

    def start(sim: SimServer, **config: Any) -> App:
        values: dict[str, Any] = {
            "api_token": sim.token,
            "org_id": sim.org_id,
            "api_url": sim.api_url,
        }
        values.update(config)
        root = tk.Tk()
        window = build(
            root, Connection(ClientConfig(**values)), store=private_config,
            open_url=lambda _url: True, env={}, poll_seconds=0.1,
        )  # fmt: skip
        windows.append(window)
        return App(root, window)

    yield start
    for window in windows:
        window.close()


def test_create_a_run_watch_it_complete_and_read_its_logs(
    sim: SimServer, open_app: Callable[..., App], tmp_path: Path
) -> None:
    app = open_app(sim)
    app.pump(lambda: len(app.rows()) > 0)
    seeded = len(app.rows())
    app.root.event_generate("<Control-n>")
    app.pump(lambda: app.window.new_run_dialog is not None)
    form = app.window.new_run_dialog
    assert form is not None
    app.pump(lambda: "acme-robotics/robot-arm" in form.repository.cget("values"))
    form.prompt.insert("1.0", "Add type hints to the planner sim:prs=1")
    form.repository.set("acme-robotics/robot-arm")
    screenshot = tmp_path / "sketch.png"
    screenshot.write_bytes(base64.b64decode(PIXEL_PNG))
    form.add_image(str(screenshot))  # what "Add…" does with the file chosen
    assert form.image_list.get(0) == "sketch.png"
    form.prompt.event_generate("<Control-Return>")
    app.pump(lambda: not form.winfo_exists())
    new_id = app.rows()[0]
    assert len(app.rows()) == seeded + 1
    assert app.window.table.tree.selection() == (new_id,)
    detail = app.window.detail
    app.pump(
        lambda: detail.status.cget("text") == "COMPLETE" and not app.window.app.detail.following
    )
    assert detail.title.cget("text") == f"Run {new_id}"
    assert detail.result.get("1.0", "end-1c").startswith("Done: Add type hints to the planner")
    links = [label.cget("text") for label in detail.links.winfo_children()]
    assert links[0] == "Open in browser" and links[1].startswith("Pull request: ")
    app.pump(lambda: detail.log.pending == 0)
    text = app.log_text()
    assert "USER_MESSAGE" in text and "FINAL_ANSWER" in text
    assert detail.log.lines_shown == app.window.app.detail.log_count > 5
    assert "COMPLETE" in app.window.table.tree.item(new_id, "values")[1]  # the row followed


def test_continue_a_paused_run(sim: SimServer, open_app: Callable[..., App]) -> None:
    app = open_app(sim)
    app.pump(lambda: len(app.rows()) > 0)
    app.window.app.new_run()
    form = app.window.new_run_dialog
    assert form is not None
    form.prompt.insert("1.0", "Plan the migration sim:pause")
    form.submit.invoke()
    detail = app.window.detail
    app.pump(lambda: detail.status.cget("text") == "PAUSED")
    app.pump(lambda: str(detail.continue_button.cget("state")) == "normal")
    before = app.window.app.detail.log_count
    detail.follow_up.insert("1.0", "Go ahead with option B")
    detail.continue_button.invoke()
    app.pump(lambda: detail.follow_up.get("1.0", "end-1c") == "")
    app.pump(
        lambda: detail.status.cget("text") == "COMPLETE" and not app.window.app.detail.following
    )
    app.pump(lambda: detail.log.pending == 0)
    assert app.window.app.detail.log_count > before
    assert "Go ahead with option B" in app.log_text()


def test_a_wrong_token_opens_settings_with_a_clear_message_then_signing_in_saves_the_profile(
    sim: SimServer, open_app: Callable[..., App], private_config: ProfileStore
) -> None:
    app = open_app(sim, api_token="not-a-real-token")
    app.pump(lambda: app.window.settings_dialog is not None)
    dialog = app.window.settings_dialog
    assert dialog is not None
    assert "The API token was not accepted (401:" in dialog.note.cget("text")
    assert "not-a-real-token" not in dialog.note.cget("text")
    assert dialog.token.cget("show") == "•"
    dialog.save.invoke()  # the same wrong token: refused, nothing written
    app.pump(lambda: "not accepted" in dialog.message.cget("text"))
    assert str(dialog.message.cget("style")) == "Error.TLabel"
    assert not private_config.path.exists()
    dialog.token.delete(0, "end")
    dialog.token.insert(0, sim.token)
    dialog.check.invoke()
    app.pump(lambda: len(dialog.organization.cget("values")) == 2)
    assert list(dialog.organization.cget("values")) == [
        "Acme Robotics (1)",
        "Side Project Labs (2)",
    ]
    assert dialog.organization.get() == "Acme Robotics (1)"  # the org the app was started with
    dialog.event_generate("<Return>")
    app.pump(lambda: not dialog.winfo_exists())
    profile = private_config.get()
    assert profile is not None
    assert (profile.api_token, profile.org_id, profile.api_url) == (sim.token, 1, sim.api_url)
    app.pump(lambda: len(app.rows()) > 0)
    assert "Signed in as Ada Lovelace" in app.window.status.cget("text")
    assert "Ada Lovelace · organization 1" in app.root.title()


def test_first_start_without_a_token_opens_settings(
    sim: SimServer, open_app: Callable[..., App], private_config: ProfileStore
) -> None:
    app = open_app(sim, api_token=None, org_id=None)
    app.pump(lambda: app.window.settings_dialog is not None)
    dialog = app.window.settings_dialog
    assert dialog is not None
    assert dialog.note.cget("text").startswith("Sign in: paste an API token")
    assert app.rows() == ()
    dialog.token.insert(0, sim.token)
    dialog.check.invoke()
    app.pump(lambda: len(dialog.organization.cget("values")) == 2)
    assert (
        dialog.organization.get() == "Acme Robotics (1)"
    )  # one is chosen; the person may change it
    dialog.organization.set("Side Project Labs (2)")
    dialog.save.invoke()
    app.pump(lambda: not dialog.winfo_exists())
    profile = private_config.get()
    assert profile is not None and profile.org_id == 2


def test_python_codegen_ui_py_from_the_repo_root_opens_the_app(
    sim: SimServer, sim_env: dict[str, str]
) -> None:
    """The launcher shares the package's name; run as a script it must start the package's app."""
    process = subprocess.Popen(
        [sys.executable, "codegen_ui.py"], cwd=ROOT, env=sim_env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            routes = sim.stats().get("requests", {})
            if any("agent/runs" in str(route) for route in routes):
                break
            time.sleep(0.1)
        assert process.poll() is None, process.communicate()
        assert any("agent/runs" in str(route) for route in sim.stats().get("requests", {}))
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize("theme", ["sv-ttk", "no theme"])
def test_the_app_starts_and_draws_the_first_page(
    sim: SimServer, sim_env: dict[str, str], theme: str
) -> None:
    """`codegen-ui --exit-when-ready` quits once the first page of runs is drawn: it starts, and
    without its theme (sv-ttk missing) it starts all the same, with plain ttk."""
    block = "import sys; sys.modules['sv_ttk'] = None; " if theme == "no theme" else ""
    code = (
        f"{block}import sys; from codegen_ui.app import main; sys.exit(main(['--exit-when-ready']))"
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", code], env=sim_env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert any("agent/runs" in str(route) for route in sim.stats().get("requests", {}))
    if theme == "no theme":
        assert "the sv-ttk theme could not load" in result.stderr
    else:
        assert result.stderr == ""
