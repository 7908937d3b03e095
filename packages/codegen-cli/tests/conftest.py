"""Fixtures of the CLI tests: an isolated environment, a mocked API, and a way to invoke commands.

Every test runs with a private config folder and none of the user's ``CODEGEN_*`` variables, with a
token and organization for the mocked API ``https://api.test/v1`` (respx; nothing leaves the
process), and with a fake clock in the client, so waits, follows and retries take no real time.
``cli(...)`` invokes the typer app in-process (``typer.testing.CliRunner``): piped by default, as
on a terminal with ``tty=True`` (``CODEGEN_FORCE_TTY=1``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import respx
from typer.testing import CliRunner, Result

from codegen import CodegenClient
from codegen_cli import app

API_URL = "https://api.test/v1"
TOKEN = "cg-secret-token-7f3a91"
ORG = 7
ORG_URL = f"{API_URL}/organizations/{ORG}"
RUNS = f"{ORG_URL}/agent"
LOGS = f"{API_URL}/alpha/organizations/{ORG}/agent/run"


class FakeClock:
    """The client's monotonic clock and sleep: sleeping advances the clock at once."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float, stop: object = None) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A clean environment pointing at the mocked API; returns the private config folder."""
    for name in list(os.environ):
        if name.startswith(("CODEGEN_", "NO_COLOR", "COLUMNS", "LINES", "FORCE_COLOR")):
            monkeypatch.delenv(name)
    config_dir = tmp_path / "config"
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(config_dir))
    monkeypatch.setenv("CODEGEN_API_URL", API_URL)
    monkeypatch.setenv("CODEGEN_API_TOKEN", TOKEN)
    monkeypatch.setenv("CODEGEN_ORG_ID", str(ORG))
    monkeypatch.setenv("CODEGEN_RATE_LIMIT", "0")
    monkeypatch.setenv("TERM", "xterm")
    return config_dir


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(CodegenClient, "_clock", staticmethod(fake.monotonic))
    monkeypatch.setattr(CodegenClient, "_sleep", staticmethod(fake.sleep))
    return fake


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """The mocked API; a request no route matches fails the test."""
    with respx.mock(assert_all_called=False) as router:
        yield router


Invoke = Callable[..., Result]


@pytest.fixture
def cli() -> Invoke:
    """``cli(*args, input=None, tty=False, **env)``: run ``codegen args...`` in-process."""

    def invoke(*args: str, input: str | None = None, tty: bool = False, **env: str) -> Result:
        if tty:
            env.setdefault("CODEGEN_FORCE_TTY", "1")
        return CliRunner().invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


def run_body(run_id: int = 42, status: str = "ACTIVE", **fields: Any) -> dict[str, Any]:
    """An agent run as the API sends it."""
    return {
        "id": run_id,
        "organization_id": ORG,
        "status": status,
        "created_at": "2024-01-15T10:30:00Z",
        "web_url": f"https://codegen.com/x/{run_id}",
        "result": None,
        "summary": None,
        "source_type": "API",
        "github_pull_requests": [],
        "metadata": None,
        **fields,
    }


def log_body(index: int = 0, message_type: str = "ACTION", **fields: Any) -> dict[str, Any]:
    """A log entry as the API sends it."""
    return {
        "agent_run_id": 42,
        "created_at": f"2024-01-15T10:30:{index:02d}Z",
        "message_type": message_type,
        "tool_name": None,
        "thought": f"thought {index}",
        "observation": None,
        "tool_input": None,
        "tool_output": None,
        **fields,
    }


def logs_page(
    entries: list[dict[str, Any]], *, total: int | None = None, status: str = "COMPLETE"
) -> dict[str, Any]:
    """A page of a run's logs with the run's status, as the logs route sends it."""
    return {
        **run_body(status=status),
        "logs": entries,
        "total_logs": len(entries) if total is None else total,
        "page": 1,
        "size": 100,
        "pages": 1,
    }


def page(items: list[dict[str, Any]], *, total: int | None = None) -> dict[str, Any]:
    """A page of a list endpoint."""
    return {"items": items, "total": len(items) if total is None else total, "page": 1,
            "size": 100, "pages": 1}  # fmt: skip


class Bodies:
    """What the API sends, and where (tests get it from the ``bodies`` fixture: with
    ``--import-mode=importlib`` a conftest cannot be imported)."""

    run = staticmethod(run_body)
    log = staticmethod(log_body)
    logs_page = staticmethod(logs_page)
    page = staticmethod(page)
    api_url = API_URL
    token = TOKEN
    org = ORG
    org_url = ORG_URL
    runs = RUNS
    logs = LOGS


@pytest.fixture
def bodies() -> type[Bodies]:
    return Bodies
