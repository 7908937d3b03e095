"""Fixtures for the integration suite: a real ``codegen-sim`` server on a free loopback port.

``sim`` is a fresh simulator per test (admin API on, so tests can read its counters, reset it and
advance its clock), running fast enough that a default run finishes in well under a second.
``sim_env`` is the environment a subprocess (the real ``codegen`` command) needs to talk to it,
with a private config folder so no test ever reads or writes the user's profiles.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen_sim import SimConfig, SimServer

BIN = Path(sys.executable).parent


@pytest.fixture
def start_sim() -> Iterator[Callable[..., SimServer]]:
    """Start a simulator with the given ``SimConfig`` fields; stopped after the test."""
    servers: list[SimServer] = []

    def start(**options: Any) -> SimServer:
        options.setdefault("admin", True)
        options.setdefault("speed", 10.0)
        server = SimServer(SimConfig(**options))
        server.__enter__()
        servers.append(server)
        return server

    yield start
    for server in reversed(servers):
        server.__exit__(None, None, None)


@pytest.fixture
def sim(start_sim: Callable[..., SimServer]) -> SimServer:
    return start_sim()


@pytest.fixture
def sim_env(sim: SimServer, tmp_path: Path) -> dict[str, str]:
    return env_for(sim, tmp_path)


def env_for(server: SimServer, home: Path) -> dict[str, str]:
    """A clean environment pointing the toolkit at ``server``."""
    keep = ("PATH", "SYSTEMROOT", "LANG", "LC_ALL", "DISPLAY", "XAUTHORITY", "SSL_CERT_FILE")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        HOME=str(home),
        CODEGEN_CONFIG_DIR=str(home / "codegen-config"),
        CODEGEN_API_URL=server.api_url,
        CODEGEN_API_TOKEN=server.token,
        CODEGEN_ORG_ID=str(server.org_id),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PYTHONIOENCODING="utf-8",
    )
    return env


@pytest.fixture
def make_env(tmp_path: Path) -> Callable[[SimServer], dict[str, str]]:
    return lambda server: env_for(server, tmp_path)
