"""The size of what installing codegen-cli puts in a fresh virtual environment: megabytes on disk
and number of distributions, next to `codegen-models` alone for scale (pip itself excluded).

Each environment holds the package from this checkout (not editable) and exactly what it depends
on at the lock's versions, installed (and compiled, as pip does) by `uv sync --offline` from uv's
cache: nothing is downloaded.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from _support import machine

ROOT = Path(__file__).resolve().parents[1]
NOT_COUNTED = {"pip", "setuptools", "wheel"}
COUNT = (
    "import importlib.metadata as m, json; "
    "print(json.dumps(sorted({d.metadata['Name'].lower() for d in m.distributions()})))"
)


def installed(package: str, workdir: Path) -> tuple[float, list[str]]:
    venv = workdir / package
    subprocess.run(
        ["uv", "sync", "--locked", "--offline", "--exact", "--no-default-groups", "--no-editable",
         "--compile-bytecode",
         f"--package={package}", "-q"],
        cwd=ROOT, check=True, env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)},
    )  # fmt: skip
    python = venv / "bin" / "python"
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
        print(f"# installed environment size — {machine()}")
        for package in ("codegen-cli", "codegen-models"):
            megabytes, names = installed(package, Path(tmp))
            print(
                f"{package:15} {megabytes:6.1f} MB  {len(names):2} distributions: {', '.join(names)}"
            )


if __name__ == "__main__":
    main()
