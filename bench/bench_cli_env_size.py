"""The size of what `pip install codegen-cli` puts in a fresh virtual environment: megabytes on
disk and number of distributions, next to `codegen-models` alone for scale (pip itself excluded).

Wheels are built from this checkout and pinned to its version (an unrelated project publishes a
`codegen-cli` on PyPI); their dependencies come from the package index.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from _support import machine

ROOT = Path(__file__).resolve().parents[1]
NOT_COUNTED = {"pip", "setuptools", "wheel"}
COUNT = (
    "import importlib.metadata as m, json; "
    "print(json.dumps(sorted({d.metadata['Name'].lower() for d in m.distributions()})))"
)


def installed(dist: Path, package: str, version: str, workdir: Path) -> tuple[float, list[str]]:
    venv = workdir / package
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-warn-script-location",
         "--find-links", str(dist), f"{package}=={version}"],
        check=True,
    )  # fmt: skip
    import json

    names = [
        n
        for n in json.loads(subprocess.check_output([str(python), "-c", COUNT]))
        if n not in NOT_COUNTED
    ]
    (site,) = (venv / "lib").glob("python*/site-packages")
    size = sum(
        f.stat().st_size
        for f in site.rglob("*")
        if f.is_file()
        and f.relative_to(site).parts[0].split("-")[0].lower() not in NOT_COUNTED
        and not f.relative_to(site)
        .parts[0]
        .startswith(("pip", "_distutils_hack", "distutils-precedence"))
    )
    return size / 1e6, names


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dist = work / "dist"
        subprocess.run(
            ["uv", "build", "--all-packages", "--no-sources", "--out-dir", str(dist), "-q"],
            cwd=ROOT,
            check=True,
        )
        print(f"# installed environment size — {machine()}")
        version = tomllib.loads((ROOT / "packages" / "codegen-cli" / "pyproject.toml").read_text())[
            "project"
        ]["version"]
        for package in ("codegen-cli", "codegen-models"):
            megabytes, names = installed(dist, package, version, work)
            print(
                f"{package:15} {megabytes:6.1f} MB  {len(names):2} distributions: {', '.join(names)}"
            )


if __name__ == "__main__":
    main()
