"""The release tooling (`tools/release`, behind `nox -s release` and the publishing workflow),
run as the session runs it, on a temporary copy of this repository: never on the real tree.

The copy holds the files of the working tree (tracked and untracked, not ignored), committed into a
fresh git repository, so the release starts from a clean tree. `uv lock` runs offline in it, from
uv's cache. The package index is a fake one on a free loopback port, serving the JSON API's
`/pypi/<name>/json` pages each test gives it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import tomllib
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://github.com/codegen-toolkit/codegen-toolkit"
MEMBERS = ("codegen-cli", "codegen-core", "codegen-models", "codegen-sim", "codegen-ui")
VERSION = tomllib.loads((ROOT / "packages" / "codegen-core" / "pyproject.toml").read_text())[
    "project"
]["version"]
PROXIES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(
        repo,
        "-c",
        "user.name=test",
        "-c",
        "user.email=test@example.invalid",
        "commit",
        "-qm",
        message,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed copy of this working tree."""
    copy = tmp_path / "repo"
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree, not yet in the index
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    git(copy, "init", "-q")
    commit_all(copy, "the tree as it is")
    return copy


def release(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXIES and not k.startswith("UV_")}
    env["UV_OFFLINE"] = "1"  # `uv lock` from the cache: nothing downloaded
    return subprocess.run(
        [sys.executable, "-m", "tools.release", *args],
        cwd=repo, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    assert result.stderr.startswith("release: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def done(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result
    return result.stdout


def project(repo: Path, member: str) -> dict[str, object]:
    data = tomllib.loads((repo / "packages" / member / "pyproject.toml").read_text())
    meta: dict[str, object] = data["project"]
    return meta


def locked_versions(repo: Path) -> dict[str, str]:
    packages = tomllib.loads((repo / "uv.lock").read_text())["package"]
    return {p["name"]: p["version"] for p in packages if p["name"] in MEMBERS}


def add_entry(repo: Path, entry: str) -> None:
    changelog = repo / "CHANGELOG.md"
    text = changelog.read_text().replace("## [Unreleased]\n", f"## [Unreleased]\n\n{entry}\n", 1)
    changelog.write_text(text)
    commit_all(repo, "a change")


# --- prepare: the version moves ------------------------------------------------------------------


def test_prepare_moves_every_version_pin_lock_and_the_changelog(repo: Path) -> None:
    before = (repo / "CHANGELOG.md").read_text()
    entries = before.split("## [Unreleased]\n", 1)[1].split("\n[Unreleased]: ", 1)[0]
    assert "- " in entries

    out = done(release(repo, "prepare", "0.2.0", "--date", "2027-01-15"))

    assert "moved to 0.2.0: uv.lock" in out
    for member in MEMBERS:
        meta = project(repo, member)
        assert meta["version"] == "0.2.0"
        for dependency in meta.get("dependencies", []):  # type: ignore[attr-defined]
            name = re.split(r"[ <>=!~;\[]", dependency, maxsplit=1)[0]
            if name in MEMBERS:
                assert dependency == f"{name}==0.2.0"
    root = tomllib.loads((repo / "pyproject.toml").read_text())["project"]
    assert root["version"] == "0.2.0"
    dunders = re.findall(
        r'^__version__ = "(.*)"$',
        "\n".join(p.read_text() for p in repo.glob("packages/*/src/**/*.py")),
        re.MULTILINE,
    )
    assert dunders == ["0.2.0"] * len(MEMBERS)
    assert locked_versions(repo) == dict.fromkeys(MEMBERS, "0.2.0")
    # The lock is consistent with the moved pyprojects: `uv sync --locked` would accept it.
    subprocess.run(["uv", "lock", "--check", "--offline", "-q"], cwd=repo, check=True)

    after = (repo / "CHANGELOG.md").read_text()
    assert "## [Unreleased]\n\n## [0.2.0] - 2027-01-15\n" in after
    assert after.split("## [0.2.0] - 2027-01-15\n", 1)[1].split("\n[Unreleased]: ", 1)[0] == entries
    assert f"[Unreleased]: {REPOSITORY}/compare/v0.2.0...HEAD\n" in after
    assert f"[0.2.0]: {REPOSITORY}/releases/tag/v0.2.0\n" in after
    # Nothing else moved: the rest of the tree is as committed.
    changed = {line[3:] for line in git(repo, "status", "--porcelain").splitlines()}
    assert changed == {
        "CHANGELOG.md", "pyproject.toml", "uv.lock",
        *(f"packages/{m}/pyproject.toml" for m in MEMBERS),
        *(str(p.relative_to(repo)) for p in repo.glob("packages/*/src/**/*.py")
          if '__version__ = "' in p.read_text()),
    }  # fmt: skip


def test_a_second_release_compares_with_the_first(repo: Path) -> None:
    done(release(repo, "prepare", "0.2.0", "--date", "2027-01-15"))
    commit_all(repo, "Release 0.2.0")
    add_entry(repo, "### Fixed\n\n- codegen-core: a fix.")

    done(release(repo, "prepare", "0.2.1", "--date", "2027-02-01"))

    text = (repo / "CHANGELOG.md").read_text()
    assert (
        "## [Unreleased]\n\n## [0.2.1] - 2027-02-01\n\n### Fixed\n\n- codegen-core: a fix.\n\n## [0.2.0] - 2027-01-15"
        in text
    )
    assert f"[Unreleased]: {REPOSITORY}/compare/v0.2.1...HEAD\n" in text
    assert f"[0.2.1]: {REPOSITORY}/compare/v0.2.0...v0.2.1\n" in text
    assert f"[0.2.0]: {REPOSITORY}/releases/tag/v0.2.0\n" in text
    assert locked_versions(repo) == dict.fromkeys(MEMBERS, "0.2.1")


# --- refusals ------------------------------------------------------------------------------------


def test_refuses_a_version_not_greater_than_the_current_release(repo: Path) -> None:
    done(release(repo, "prepare", "0.2.0", "--date", "2027-01-15"))
    commit_all(repo, "Release 0.2.0")
    add_entry(repo, "- codegen-cli: a change.")

    for version in ("0.2.0", "0.1.9", "0.2.0rc1"):
        assert "not greater than 0.2.0, the current release" in refused(
            release(repo, "check", version)
        )
    assert "0.2.1 can be released" in done(release(repo, "check", "0.2.1"))


def test_before_the_first_release_the_members_version_is_the_floor(repo: Path) -> None:
    assert f"lower than {VERSION}, the members' version" in refused(release(repo, "check", "0.0.1"))
    assert f"{VERSION} can be released" in done(release(repo, "check", VERSION))


def test_refuses_a_dirty_tree_and_changes_nothing(repo: Path) -> None:
    readme = repo / "packages" / "codegen-core" / "README.md"
    readme.write_text(readme.read_text() + "\nan uncommitted line\n")
    (repo / "notes.txt").write_text("untracked")

    error = refused(release(repo, "prepare", "0.2.0"))

    assert (
        "not clean" in error and "packages/codegen-core/README.md" in error and "notes.txt" in error
    )
    assert project(repo, "codegen-core")["version"] == VERSION
    assert git(repo, "diff", "--name-only").split() == ["packages/codegen-core/README.md"]


def test_refuses_a_changelog_without_entries_for_the_version(repo: Path) -> None:
    done(release(repo, "prepare", "0.2.0", "--date", "2027-01-15"))
    commit_all(repo, "Release 0.2.0")

    error = refused(release(repo, "prepare", "0.3.0"))

    assert "no entries under '## [Unreleased]' to release as 0.3.0" in error
    assert project(repo, "codegen-core")["version"] == "0.2.0"
    assert git(repo, "status", "--porcelain") == ""


def test_refuses_members_out_of_lock_step(repo: Path) -> None:
    version_file = repo / "packages" / "codegen-sim" / "src" / "codegen_sim" / "__init__.py"
    version_file.write_text(version_file.read_text().replace(f'"{VERSION}"', '"9.9.9"'))
    commit_all(repo, "drift")

    error = refused(release(repo, "check", "0.2.0"))

    assert "not in lock-step" in error and "codegen_sim/__init__.py': '9.9.9'" in error


@pytest.mark.parametrize("version", ["v0.2.0", "1.0.0+local", "next"])
def test_a_malformed_version_is_a_usage_error(repo: Path, version: str) -> None:
    result = release(repo, "check", version)

    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert f"argument version: {version!r} is not a version" in result.stderr.splitlines()[-1]


# --- the package index: whose page is each name's -----------------------------------------------


class FakeIndex:
    """The JSON API of a package index on loopback: `pages[name]` is served, anything else 404."""

    def __init__(self) -> None:
        self.pages: dict[str, object] = {}
        self.status = 200
        pages = self.pages
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                match = re.fullmatch(r"/pypi/([^/]+)/json", self.path)
                name = match[1] if match else ""
                status = fake.status if name in pages else 404
                body = json.dumps(pages.get(name, {"message": "Not Found"})).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(self, name: str, versions: list[str], home: str) -> None:
        self.pages[name] = {
            "info": {"name": name, "project_urls": {"Homepage": home}, "home_page": None},
            "releases": {version: [] for version in versions},
        }


@pytest.fixture
def index() -> Iterator[FakeIndex]:
    fake = FakeIndex()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def test_free_names_pass_and_a_held_back_name_is_only_reported(
    repo: Path, index: FakeIndex
) -> None:
    index.page("codegen-cli", ["0.1.0", "0.5.0"], "https://example.org/someone-else")

    out = done(release(repo, "check-index", "0.2.0", "--index", index.url))

    assert "codegen-core: no page yet: the first upload creates the project" in out
    assert re.search(r"codegen-cli: held back, not uploaded \(an unrelated project .*\); "
                     rf"{re.escape(index.url)}/project/codegen-cli/ belongs to someone else "
                     r"\(versions 0\.1\.0, 0\.5\.0 that CHANGELOG\.md never released", out)  # fmt: skip


def test_refuses_a_name_whose_page_belongs_to_someone_else(repo: Path, index: FakeIndex) -> None:
    index.page("codegen-sim", ["2.0.0"], "https://example.org/a-game-simulator")

    error = refused(release(repo, "check-index", "0.2.0", "--index", index.url))

    assert (
        f"refusing to upload: codegen-sim: {index.url}/project/codegen-sim/ belongs to someone else"
        in error
    )
    assert "https://example.org/a-game-simulator" in error and "codegen-core" not in error


def test_a_page_with_our_versions_but_elsewhere_is_not_ours(repo: Path, index: FakeIndex) -> None:
    done(release(repo, "prepare", "0.2.0", "--date", "2027-01-15"))
    commit_all(repo, "Release 0.2.0")
    add_entry(repo, "- codegen-cli: a change.")
    index.page("codegen-models", ["0.2.0"], "https://example.org/squatter")

    error = refused(release(repo, "check-index", "0.3.0", "--index", index.url))

    assert "codegen-models" in error and f"no project URL in {REPOSITORY}" in error


def test_our_page_passes_but_not_with_the_version_on_it_already(
    repo: Path, index: FakeIndex
) -> None:
    done(release(repo, "prepare", "0.2.0", "--date", "2027-01-15"))
    commit_all(repo, "Release 0.2.0")
    add_entry(repo, "- codegen-cli: a change.")
    home = f"{REPOSITORY}/tree/main/packages/codegen-core"
    index.page("codegen-core", ["0.2.0"], home)

    out = done(release(repo, "check-index", "0.3.0", "--index", index.url))
    assert f"codegen-core: {index.url}/project/codegen-core/ is ours" in out

    # A version our changelog never released makes the page someone else's ...
    index.page("codegen-core", ["0.2.0", "0.3.0"], home)
    error = refused(release(repo, "check-index", "0.3.0", "--index", index.url))
    assert "versions 0.3.0 that CHANGELOG.md never released" in error
    # ... and once it has, the version is there already: uploading it again is refused.
    done(release(repo, "prepare", "0.3.0", "--date", "2027-02-01"))
    error = refused(release(repo, "check-index", "0.3.0", "--index", index.url))
    assert "codegen-core 0.3.0 is on the index already" in error


def test_without_the_hold_codegen_cli_would_be_refused(repo: Path, index: FakeIndex) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(re.sub(r"(?m)^held-back = .*$", "held-back = {}", pyproject.read_text()))
    commit_all(repo, "publish codegen-cli")
    index.page("codegen-cli", ["0.5.0"], "https://example.org/someone-else")

    error = refused(release(repo, "check-index", "0.2.0", "--index", index.url))

    assert "refusing to upload: codegen-cli:" in error


@pytest.mark.parametrize("trouble", ["server error", "nothing listening"])
def test_an_index_that_cannot_be_read_refuses(repo: Path, index: FakeIndex, trouble: str) -> None:
    url = index.url
    if trouble == "server error":
        index.page("codegen-core", [], REPOSITORY)
        index.status = 503
    else:
        index.server.shutdown()
        index.server.server_close()

    error = refused(release(repo, "check-index", "0.2.0", "--index", url))

    assert "cannot tell whose" in error


# --- the archives: what the build session and the workflow check --------------------------------


def build(repo: Path, *members: str) -> Path:
    dist = repo / "dist"
    packages = [f"--package={m}" for m in members] or ["--all-packages"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_")}
    subprocess.run(
        ["uv", "build", *packages, "--no-sources", "--offline", "-q", "--out-dir", dist],
        cwd=repo, check=True, env=env, capture_output=True,
    )  # fmt: skip
    return dist


def test_the_archives_carry_the_license_and_only_absolute_links(repo: Path) -> None:
    dist = build(repo, "codegen-models")
    stem = f"codegen_models-{VERSION}"
    with zipfile.ZipFile(dist / f"{stem}-py3-none-any.whl") as wheel:
        assert wheel.read(f"{stem}.dist-info/licenses/LICENSE") == (repo / "LICENSE").read_bytes()
    with tarfile.open(dist / f"{stem}.tar.gz") as sdist:
        assert sdist.getmember(f"{stem}/LICENSE").isfile()  # the text, not the link
    assert "codegen-models" in done(
        release(repo, "check-archives", "dist", "--package=codegen-models")
    )

    readme = repo / "packages" / "codegen-models" / "README.md"
    readme.write_text(
        readme.read_text() + "\nSee [the core](../codegen-core) and ![x](shot.png).\n"
    )
    # A checkout without symlinks (git on Windows) makes the link a file holding its target.
    license_link = repo / "packages" / "codegen-models" / "LICENSE"
    license_link.unlink()
    license_link.write_text("../../LICENSE")
    build(repo, "codegen-models")

    error = refused(release(repo, "check-archives", "dist", "--package=codegen-models"))

    assert "relative links, dead on the index's page: ['../codegen-core', 'shot.png']" in error
    assert f"{stem}.dist-info/licenses/LICENSE is not the repository's LICENSE" in error
    assert f"{stem}/LICENSE is not the repository's LICENSE" in error


def test_stage_copies_what_is_uploaded_after_every_check(repo: Path, index: FakeIndex) -> None:
    done(release(repo, "prepare", "0.2.0", "--date", "2027-01-15"))
    commit_all(repo, "Release 0.2.0")
    dist = build(repo)
    index.page("codegen-cli", ["0.5.0"], "https://example.org/someone-else")

    assert "members are at 0.2.0" in refused(
        release(repo, "stage", "0.2.1", "dist", "upload", "--index", index.url)
    )
    out = done(release(repo, "stage", "0.2.0", "dist", "upload", "--index", index.url))

    uploaded = sorted(p.name for p in (repo / "upload").iterdir())
    assert uploaded == sorted(
        f"{m.replace('-', '_')}-0.2.0{suffix}"
        for m in MEMBERS if m != "codegen-cli"
        for suffix in ("-py3-none-any.whl", ".tar.gz")
    )  # fmt: skip
    assert "codegen-cli: held back" in out
    assert len(list(dist.glob("codegen_cli-0.2.0*"))) == 2  # built and checked, not staged


def test_upload_command_names_exactly_the_uploaded_files(repo: Path) -> None:
    build(repo)
    out = done(release(repo, "upload-command", VERSION, "dist"))

    command = out.splitlines()[-1].split()
    assert command[:6] == ["uv", "run", "--only-group", "release", "twine", "upload"]
    assert sorted(Path(f).name for f in command[6:]) == sorted(
        f"{m.replace('-', '_')}-{VERSION}{suffix}"
        for m in MEMBERS if m != "codegen-cli"
        for suffix in ("-py3-none-any.whl", ".tar.gz")
    )  # fmt: skip
    assert f"git tag -a v{VERSION}" in out and "codegen-cli is held back" in out
