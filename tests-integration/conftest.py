"""Fixtures for the integration suite: a real ``codegen-sim`` server on a free loopback port, and
a wheelhouse of the locked third-party wheels made offline from uv's cache.

``sim`` is a fresh simulator per test (admin API on, so tests can read its counters, reset it and
advance its clock), running fast enough that a default run finishes in well under a second.
``sim_env`` is the environment a subprocess (the real ``codegen`` command) needs to talk to it,
with a private config folder so no test ever reads or writes the user's profiles.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import itertools
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from importlib.metadata import Distribution, distributions
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


# --- a wheelhouse of the locked third-party wheels, offline --------------------------------------
# ``uv sync --offline`` installs the repository's ``dev`` group (every third-party distribution of
# the members, the test tools, the two build backends) into a scratch environment from uv's cache,
# and each installed distribution is packed back into the wheel it came from, so that pip can
# install from the folder with ``--no-index``: nothing is downloaded.

ROOT = Path(__file__).resolve().parents[1]
ADDED = ("INSTALLER", "REQUESTED", "direct_url.json", "RECORD")
"""What an installer adds to a distribution's .dist-info, and so no wheel holds."""


def run_checked(*command: str | Path, **options: object) -> str:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **options)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    output: str = result.stdout
    return output


def record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def write_wheel(path: Path, dist_info: str, files: dict[str, bytes], scripts: set[str]) -> None:
    """A wheel holding ``files`` (archive name -> content), ``scripts`` among them executable."""
    rows = [(name, record_hash(data), str(len(data))) for name, data in files.items()]
    rows.append((f"{dist_info}/RECORD", "", ""))
    record = io.StringIO()
    csv.writer(record, lineterminator="\n").writerows(rows)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | (0o755 if name in scripts else 0o644)) << 16
            archive.writestr(info, data)
        archive.writestr(f"{dist_info}/RECORD", record.getvalue())


def wheel_tags(wheel_metadata: str) -> str:
    """The filename's tag triple for the ``Tag:`` lines of a WHEEL file (compressed if it can be)."""
    tags = [line.split(":", 1)[1].strip().split("-") for line in wheel_metadata.splitlines()
            if line.startswith("Tag:")]  # fmt: skip
    parts = [list(dict.fromkeys(tag[i] for tag in tags)) for i in range(3)]
    if {tuple(t) for t in tags} == set(itertools.product(*parts)):
        return "-".join(".".join(part) for part in parts)
    return "-".join(tags[0])


def repack(dist: Distribution, site: Path, prefix: Path, out: Path) -> Path:
    """Pack an installed distribution back into the wheel it was installed from.

    Its RECORD lists the files it installed. Those under site-packages go back to the wheel's root;
    those in ``bin/`` are either scripts the installer generated from the entry points (left out:
    pip generates them again) or the wheel's own ``.data/scripts`` (put back, their shebang again
    the ``#!python`` placeholder); anything else under the prefix is ``.data/data``. What the
    installer added (INSTALLER, REQUESTED, direct_url.json, RECORD, bytecode) is left out.
    """
    generated = {
        ep.name for ep in dist.entry_points if ep.group in ("console_scripts", "gui_scripts")
    }
    installed = [Path(os.path.normpath(site / entry)) for entry in dist.files or ()]
    (metadata,) = [p for p in installed if p.name == "METADATA" and p.parent.parent == site]
    dist_info = metadata.parent.name
    stem = dist_info.removesuffix(".dist-info")
    files: dict[str, bytes] = {}
    scripts: set[str] = set()
    for where in installed:
        if where.suffix == ".pyc" or (where.parent == metadata.parent and where.name in ADDED):
            continue
        if where.is_relative_to(site):
            files[where.relative_to(site).as_posix()] = where.read_bytes()
        elif where.parent == prefix / "bin":
            if where.name in generated:
                continue
            data = where.read_bytes()
            first, _, rest = data.partition(b"\n")
            if first.startswith(b"#!") and b"python" in first:
                data = b"#!python\n" + rest
            files[f"{stem}.data/scripts/{where.name}"] = data
            scripts.add(f"{stem}.data/scripts/{where.name}")
        else:
            files[f"{stem}.data/data/{where.relative_to(prefix).as_posix()}"] = where.read_bytes()
    wheel = out / f"{stem}-{wheel_tags(dist.read_text('WHEEL') or '')}.whl"
    write_wheel(wheel, dist_info, files, scripts)
    return wheel


def _impostor(out: Path, name: str, version: str) -> None:
    stem = f"{name.replace('-', '_')}-{version}"
    write_wheel(
        out / f"{stem}-py3-none-any.whl",
        f"{stem}.dist-info",
        {
            f"{stem}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
            f"{stem}.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        },
        scripts=set(),
    )


def third_party_wheels(scratch: Path, house: Path) -> Path:
    """Fill ``house`` with the locked third-party wheels (``scratch`` holds the environment)."""
    uv = shutil.which("uv")
    assert uv, "uv is needed to make the wheelhouse from its cache (see the README)"
    source = scratch / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PYTHON")}
    env["UV_PROJECT_ENVIRONMENT"] = str(source)
    # --offline: from uv's cache or not at all.
    run_checked(
        uv, "sync", "--locked", "--offline", "--no-install-workspace", "--no-default-groups",
        "--group", "dev", "--python", sys.executable, "-q", cwd=ROOT, env=env,
    )  # fmt: skip
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = source / "lib" / python / "site-packages"
    for dist in distributions(path=[str(site)]):
        repack(dist, site, source, house)
    return house


@pytest.fixture(scope="session")
def third_party_wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the locked third-party wheels (read-only: copy it to add to it)."""
    return third_party_wheels(
        tmp_path_factory.mktemp("third-party"), tmp_path_factory.mktemp("third-party-wheels")
    )


@pytest.fixture(scope="session")
def write_impostor() -> Callable[[Path, str, str], None]:
    """``write_impostor(folder, name, version)``: an empty wheel of that name, standing in for a
    same-named distribution of the package index."""
    return _impostor
