"""Root pytest configuration shared by every package's suite.

The ``xvfb_*`` options in pyproject.toml size the virtual screen of the UI tests (pytest-xvfb). Only
the UI's test environment has that plugin; registering the options here too keeps the other suites
from warning about options they do not know.
"""

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    for name in ("xvfb_width", "xvfb_height"):
        if name not in parser._inidict:  # pytest-xvfb, where installed, declares them itself
            parser.addini(name, f"{name} of the Xvfb screen (used by pytest-xvfb)")
