"""Fixtures for the tests of the built documentation site (run by ``uv run nox -s docs``).

``site`` is the built site: the folder ``CODEGEN_DOCS_SITE`` names (the docs session builds it
first), else a fresh ``mkdocs build --strict`` into a temporary folder (which needs the ``docs``
dependency group and the desktop app's screenshots in ``.reports/``). ``served`` serves it on a
free loopback port, as a web server would. ``chromium`` is Debian's headless Chromium: missing, the
tests that need it fail and say how to install it — they are never skipped.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the site's generators live in tools/docs
    sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
REPORTS = ROOT / ".reports"


@pytest.fixture(scope="session")
def site() -> Iterator[Path]:
    given = os.environ.get("CODEGEN_DOCS_SITE")
    if given:
        path = Path(given)
        assert (path / "index.html").is_file(), f"CODEGEN_DOCS_SITE={given} holds no built site"
        yield path
        return
    mkdocs = BIN / "mkdocs"
    assert mkdocs.exists(), (
        "mkdocs is not installed here: `uv sync --group docs` (or run nox -s docs)"
    )
    with tempfile.TemporaryDirectory() as folder:
        built = subprocess.run(
            [str(mkdocs), "build", "--strict", "--quiet", "--site-dir", folder],
            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )  # fmt: skip
        assert built.returncode == 0, built.stderr
        yield Path(folder)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The site's base URL on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def chromium() -> str:
    # Debian's chromium (.ci/run); GitHub's Ubuntu runners come with Google Chrome instead.
    found = next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if found is None:
        pytest.fail(
            "Chromium is not installed, and the site must be seen in a real browser: "
            "`apt-get install -y --no-install-recommends chromium` (.ci/run installs it)"
        )
    return found
