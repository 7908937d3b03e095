"""The built wheels install with plain pip into fresh virtual environments.

The wheels are built from this checkout (``uv build``, as ``nox -s build`` does), beside the locked
third-party wheels packed offline from uv's cache (the ``third_party_wheelhouse`` fixture); every
install runs with ``--no-index``, from those wheels alone: nothing is downloaded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "packages" / "codegen-cli" / "pyproject.toml").read_text())[
    "project"
]["version"]
NOT_COUNTED = {"pip", "setuptools", "wheel"}
INSTALLED = (
    "import importlib.metadata as m, json; "
    "print(json.dumps(sorted({d.metadata['Name'].lower().replace('_', '-') for d in m.distributions()})))"
)


def run(*command: str | Path, **options: object) -> str:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **options)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    output: str = result.stdout
    return output


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory, third_party_wheelhouse: Path) -> Path:
    uv = shutil.which("uv")
    assert uv, "uv is needed to build the wheels (see the README)"
    house = tmp_path_factory.mktemp("wheelhouse")
    run(uv, "build", "--all-packages", "--no-sources", "--out-dir", house, "-q", cwd=ROOT)
    for wheel in third_party_wheelhouse.iterdir():
        shutil.copy2(wheel, house)
    return house


def fresh_venv(path: Path) -> Path:
    venv.create(path, with_pip=True)
    return path / "bin" / "python"


def pip_install(python: Path, wheelhouse: Path, *requirements: str) -> list[str]:
    run(
        python,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-index",
        "--find-links",
        wheelhouse,
        *requirements,
    )
    names: list[str] = json.loads(run(python, "-c", INSTALLED))
    return [name for name in names if name not in NOT_COUNTED]


def test_the_cli_wheel_set_installs_with_plain_pip_and_runs(
    wheelhouse: Path, tmp_path: Path
) -> None:
    python = fresh_venv(tmp_path / "cli")
    installed = pip_install(python, wheelhouse, f"codegen-cli=={VERSION}")
    assert {"codegen-cli", "codegen-core", "codegen-models", "httpx", "typer", "pydantic"} <= set(
        installed
    )
    assert not {"codegen-ui", "codegen-sim", "fastapi", "uvicorn"} & set(installed)
    result = subprocess.run(
        [tmp_path / "cli" / "bin" / "codegen", "--help"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout
    assert "run" in result.stdout


def test_codegen_models_alone_installs_only_pydantic_and_its_dependencies(
    wheelhouse: Path, tmp_path: Path
) -> None:
    with_models = pip_install(
        fresh_venv(tmp_path / "models"), wheelhouse, f"codegen-models=={VERSION}"
    )
    pydantic_alone = pip_install(fresh_venv(tmp_path / "pydantic"), wheelhouse, "pydantic")
    assert "pydantic" in pydantic_alone
    assert set(with_models) == {"codegen-models", *pydantic_alone}
