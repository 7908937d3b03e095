"""Structure: presenters import no tkinter; the launcher and entry point run without a window.

Subprocesses run ``python -P``: tests start in the repo root, whose ``codegen_ui.py`` launcher would
otherwise shadow the package for ``-c`` code (the very trap the launcher itself avoids).
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import codegen_ui

ROOT = Path(__file__).resolve().parents[3]

BLOCK_TKINTER = """
import importlib, pkgutil, sys
sys.modules["tkinter"] = None  # any `import tkinter` now raises ImportError
import codegen_ui
names = [info.name for info in pkgutil.walk_packages(codegen_ui.__path__, "codegen_ui.")
         if not info.name.startswith("codegen_ui._tk")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_module_but_the_views_imports_with_tkinter_blocked() -> None:
    modules = [
        info.name
        for info in pkgutil.walk_packages(codegen_ui.__path__, "codegen_ui.")
        if not info.name.startswith("codegen_ui._tk")
    ]
    assert {"codegen_ui._runs_presenter", "codegen_ui._detail_presenter", "codegen_ui.app"} <= set(
        modules
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", BLOCK_TKINTER], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(modules)


def test_gui_entry_point_answers_version_without_a_display() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    result = subprocess.run(
        [sys.executable, "-P", "-c", "from codegen_ui.app import main; main(['--version'])"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.strip() == f"codegen-ui {codegen_ui.__version__}"


def test_python_dash_m_runs_the_app(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "codegen_ui", "--version"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"codegen-ui {codegen_ui.__version__}"


def test_root_launcher_runs_the_package_not_itself() -> None:
    """`python codegen_ui.py` from the repo root: the launcher must not import itself."""
    launcher = ROOT / "codegen_ui.py"
    assert launcher.is_file()
    for args in (["--version"], ["--help"]):
        result = subprocess.run(
            [sys.executable, "codegen_ui.py", *args],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(("codegen-ui 0.", "usage: codegen-ui")), result.stdout


def run_app(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The app's ``main()`` in a subprocess; for start-ups that end before any window opens."""
    return subprocess.run(
        [sys.executable, "-P", "-c", "import sys; from codegen_ui.app import main; sys.exit(main([]))"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip


def test_without_a_display_the_app_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = run_app({**env, "CODEGEN_CONFIG_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "codegen-ui: cannot open a window" in result.stderr
    assert "is there a display?" in result.stderr


def test_a_broken_profile_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("not toml [")
    (tmp_path / "config.toml").chmod(0o600)
    result = run_app({**os.environ, "CODEGEN_CONFIG_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "is not valid TOML" in result.stderr


def test_start_up_opens_the_window_without_waiting_for_codegen() -> None:
    """The entry point, the look and the main window import no ``codegen``: they are set up while
    ``codegen`` loads on another thread (see ``codegen_ui.app``)."""
    probe = (
        "import sys, codegen_ui.app, codegen_ui._tk._main_window, codegen_ui._palette; "
        "print(sorted(m for m in sys.modules if m == 'codegen' or m.startswith('codegen_models')))"
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
