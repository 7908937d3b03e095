"""The seed's install lines work from the repository root with plain pip, offline.

``pip install .``, ``".[async]"``, ``".[ui]"`` and ``".[dev]"`` each run in a fresh virtual
environment (the standard library's ``venv``, with the pip it brings), from the repository root, as
the seed writes them. pip builds the root distribution (hatchling) and every member it needs from
this checkout (uv_build): each ``codegen-*`` distribution must record the checkout's folder as its
origin in ``direct_url.json``, even though the wheelhouse, which stands in for the package index,
also offers same-named impostors (as PyPI does today for ``codegen-cli``).

No network: the wheelhouse holds the locked third-party wheels and the two build backends, packed
back into wheels from an environment that ``uv sync --offline`` makes out of uv's cache (the
repository's ``dev`` group locks the build backends so that the cache has them), and pip runs with
``--no-index`` and none of the machine's pip configuration.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import tomllib
import venv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from codegen_sim import SimServer

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "packages" / "codegen-cli" / "pyproject.toml"
VERSION = tomllib.loads(PYPROJECT.read_text())["project"]["version"]  # every member's (lock-step)
MEMBERS = ("codegen-models", "codegen-core", "codegen-cli", "codegen-ui", "codegen-sim")
CLIENT = {"codegen-toolkit", "codegen-models", "codegen-core", "codegen-cli"}
# Written into the wheelhouse beside the real wheels: a resolver that took a member by its name
# from the index instead of from the checkout would find these (0.5.0 is PyPI's other codegen-cli).
IMPOSTORS = [(name, VERSION) for name in MEMBERS] + [("codegen-cli", "0.5.0")]
# What an installer adds to a distribution's .dist-info, and so no wheel holds.
ADDED = ("INSTALLER", "REQUESTED", "direct_url.json", "RECORD")
# What a fresh environment reports of its distributions: each name and its direct_url.json.
ORIGINS = """
import importlib.metadata as m, json
print(json.dumps({d.metadata["Name"].lower().replace("_", "-"): json.loads(d.read_text("direct_url.json") or "null")
                  for d in m.distributions()}))
"""
ASYNC_CLIENT = """
import asyncio
from codegen import AsyncCodegenClient

async def main() -> None:
    async with AsyncCodegenClient() as client:
        me = await client.get_current_user()
        print(me.github_username)

asyncio.run(main())
"""


def run(*command: str | Path, **options: object) -> str:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **options)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    output: str = result.stdout
    return output


@pytest.fixture(scope="module")
def wheelhouse(
    tmp_path_factory: pytest.TempPathFactory,
    third_party_wheelhouse: Path,
    write_impostor: Callable[[Path, str, str], None],
) -> Path:
    house = tmp_path_factory.mktemp("wheelhouse")
    for wheel in third_party_wheelhouse.iterdir():
        shutil.copy2(wheel, house)
    for name, version in IMPOSTORS:
        write_impostor(house, name, version)
    return house


# --- fresh environments ---------------------------------------------------------------------


@dataclass
class Env:
    """A fresh virtual environment with plain pip, and a clean environment to run things in."""

    path: Path
    home: Path

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def environ(self, **extra: str) -> dict[str, str]:
        env = {
            "PATH": f"{self.path / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "HOME": str(self.home),
            "PIP_CONFIG_FILE": os.devnull,  # none of this machine's pip settings
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_INPUT": "1",
            "CODEGEN_CONFIG_DIR": str(self.home / "codegen-config"),
        }
        env.update({k: os.environ[k] for k in ("DISPLAY", "XAUTHORITY", "LANG") if k in os.environ})
        env.update(extra)
        return env

    def pip_install(self, wheelhouse: Path, target: str) -> None:
        """``pip install TARGET`` from the repository root, as the seed says, with no index."""
        run(
            self.python, "-m", "pip", "install", "-q", "--no-index", "--find-links", wheelhouse,
            target, cwd=ROOT, env=self.environ(),
        )  # fmt: skip

    def origins(self) -> dict[str, dict[str, object] | None]:
        listed: dict[str, dict[str, object] | None] = json.loads(
            run(self.python, "-I", "-c", ORIGINS, cwd=self.home, env=self.environ())
        )
        return listed


@pytest.fixture
def fresh(tmp_path: Path) -> Env:
    venv.create(tmp_path / "venv", with_pip=True)
    (tmp_path / "home").mkdir()
    return Env(tmp_path / "venv", tmp_path / "home")


def sim_vars(sim: SimServer) -> dict[str, str]:
    return {
        "CODEGEN_API_URL": sim.api_url,
        "CODEGEN_API_TOKEN": sim.token,
        "CODEGEN_ORG_ID": str(sim.org_id),
    }


def runs_listed(sim: SimServer) -> int:
    return sum(count for route, count in sim.stats()["requests"].items() if "agent/runs" in route)


def install_from_checkout(env: Env, wheelhouse: Path, target: str) -> set[str]:
    """``pip install TARGET``; every codegen distribution it installs was built from this
    checkout's folders, none taken from the wheelhouse (the index). Returns their names."""
    env.pip_install(wheelhouse, target)
    origins = env.origins()
    expected = {name: (ROOT / "packages" / name).as_uri() for name in MEMBERS}
    expected["codegen-toolkit"] = ROOT.as_uri()
    installed = {name for name in origins if name.startswith("codegen")}
    for name in installed:
        origin = origins[name]
        assert origin is not None, f"{name} came from the wheelhouse (an index), not the checkout"
        assert origin["url"] == expected[name], f"{name} came from {origin['url']}"
        assert origin.get("dir_info") == {}, f"{name} is not a plain (non-editable) build: {origin}"
    return installed


# --- the four install lines -------------------------------------------------------------------

SEED_LINES = [
    "pip install .",
    'pip install ".[async]"',
    'pip install ".[ui]"',
    'pip install ".[dev]"',
]


def test_the_readme_shows_the_seeds_install_lines() -> None:
    """The README shows the four lines these tests run, as the seed writes them."""
    readme = (ROOT / "README.md").read_text()
    shown = re.findall(r'^(pip install (?:\.|"\.\[\w+\]"))\s', readme, re.MULTILINE)
    assert shown == SEED_LINES


def test_pip_install_dot_gives_the_client_and_the_codegen_command(
    wheelhouse: Path, fresh: Env, sim: SimServer
) -> None:
    assert install_from_checkout(fresh, wheelhouse, ".") == CLIENT
    assert {"httpx", "pydantic", "typer"} <= set(fresh.origins())
    version = run("codegen", "--version", env=fresh.environ())
    assert version.split() == ["codegen", VERSION]
    where = run(fresh.python, "-I", "-c", "import codegen; print(codegen.__file__)",
                cwd=fresh.home, env=fresh.environ())  # fmt: skip
    assert Path(where.strip()).is_relative_to(fresh.path), where
    before = runs_listed(sim)
    run("codegen", "list", env=fresh.environ(**sim_vars(sim)), cwd=fresh.home)
    assert runs_listed(sim) == before + 1


def test_pip_install_async_extra_runs_the_async_client(
    wheelhouse: Path, fresh: Env, sim: SimServer
) -> None:
    assert install_from_checkout(fresh, wheelhouse, ".[async]") == CLIENT
    output = run(fresh.python, "-I", "-c", ASYNC_CLIENT, cwd=fresh.home,
                 env=fresh.environ(**sim_vars(sim)))  # fmt: skip
    assert output.strip(), "the async client printed no user"
    assert any("users/me" in route for route in sim.stats()["requests"])


def app_starts(command: list[str | Path], env: dict[str, str], sim: SimServer) -> None:
    """The app's process stays up and lists runs from the API: its window is up and working."""
    before = runs_listed(sim)
    process = subprocess.Popen(
        [str(c) for c in command], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None and runs_listed(sim) == before:
            time.sleep(0.1)
        assert process.poll() is None, process.communicate()
        assert runs_listed(sim) > before, f"{command} never listed the runs"
    finally:
        process.terminate()
        process.wait(10)


def test_pip_install_ui_extra_adds_the_app_and_both_ways_to_start_it(
    wheelhouse: Path, fresh: Env, sim: SimServer
) -> None:
    assert install_from_checkout(fresh, wheelhouse, ".[ui]") == {*CLIENT, "codegen-ui"}
    env = fresh.environ(**sim_vars(sim))
    version = run(fresh.python, "codegen_ui.py", "--version", cwd=ROOT, env=env)
    assert version.split() == ["codegen-ui", VERSION]
    app_starts([fresh.python, "codegen_ui.py"], env, sim)
    app_starts([fresh.path / "bin" / "codegen-ui"], env, sim)


def test_pip_install_dev_extra_runs_a_package_suite(wheelhouse: Path, fresh: Env) -> None:
    assert install_from_checkout(fresh, wheelhouse, ".[dev]") == {
        *CLIENT,
        "codegen-ui",
        "codegen-sim",
    }
    tools = {"pytest", "pytest-xvfb", "respx", "hypothesis", "trio", "nox", "ruff", "mypy"}
    assert tools <= set(fresh.origins())
    run("nox", "--version", env=fresh.environ())
    suite = run(
        fresh.python, "-m", "pytest", "packages/codegen-models/tests", "-q", "-p", "no:cacheprovider",
        cwd=ROOT, env=fresh.environ(),
    )  # fmt: skip
    assert " passed" in suite and "failed" not in suite, suite
