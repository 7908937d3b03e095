"""Root pytest configuration shared by every package's suite.

Every test runs without the ``CODEGEN_*`` variables of the shell that started it and with a private,
empty profile folder, so neither a developer's token nor their profile file can change a result
(clients read both for whatever they are not given).

The ``xvfb_*`` options in pyproject.toml size the virtual screen of the UI tests (pytest-xvfb). Only
the UI's test environment has that plugin; registering the options here too keeps the other suites
from warning about options they do not know.
"""

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_ambient_codegen_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("CODEGEN_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(tmp_path / "codegen-config"))


def pytest_addoption(parser: pytest.Parser) -> None:
    for name in ("xvfb_width", "xvfb_height", "xvfb_colordepth"):
        if name not in parser._inidict:  # pytest-xvfb, where installed, declares them itself
            parser.addini(name, f"{name} of the Xvfb screen (used by pytest-xvfb)")
