"""The workspace as a release sees it: its members, their lock-step version, and the moves.

Every member and the root `codegen-toolkit` carry one version; members pin each other at exactly
that version (`codegen-core==X.Y.Z`), and each package's `__version__` repeats it. A release moves
all of them at once, editing the files as text so that their layout and comments stay as written.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from ._errors import ReleaseError

VERSION_LINE = re.compile(r'^version = "(?P<version>[^"]*)"$', re.MULTILINE)
DUNDER_VERSION = re.compile(r'^__version__ = "(?P<version>[^"]*)"$', re.MULTILINE)


@dataclass(frozen=True)
class Member:
    """One package of the workspace (`packages/<name>/`)."""

    name: str
    folder: Path
    project: dict[str, object]

    @property
    def version(self) -> str:
        return str(self.project["version"])

    @property
    def archive_stem(self) -> str:
        """The name as wheel and sdist file names spell it (`codegen_core`)."""
        return self.name.replace("-", "_")

    @property
    def urls(self) -> dict[str, str]:
        urls = self.project.get("urls", {})
        return dict(urls) if isinstance(urls, dict) else {}


def members(root: Path) -> list[Member]:
    found = []
    for pyproject in sorted(root.glob("packages/*/pyproject.toml")):
        project = tomllib.loads(pyproject.read_text())["project"]
        found.append(Member(str(project["name"]), pyproject.parent, project))
    if not found:
        raise ReleaseError(f"no packages/*/pyproject.toml under {root}")
    return found


def root_project(root: Path) -> dict[str, object]:
    data: dict[str, object] = tomllib.loads((root / "pyproject.toml").read_text())
    return data


def held_back(root: Path) -> dict[str, str]:
    """Members never uploaded, each with the reason (`[tool.codegen-release] held-back`)."""
    tool = root_project(root).get("tool", {})
    table = tool.get("codegen-release", {}) if isinstance(tool, dict) else {}
    reasons = table.get("held-back", {}) if isinstance(table, dict) else {}
    return {str(name): str(reason) for name, reason in reasons.items()}


def parse_version(text: str) -> Version:
    try:
        version = Version(text)
    except InvalidVersion:
        raise ReleaseError(f"{text!r} is not a version (X.Y.Z)") from None
    if str(version) != text or version.local is not None:
        raise ReleaseError(f"{text!r} is not a version as the index spells it (X.Y.Z)")
    return version


def tree_version(root: Path) -> Version:
    """The one version of every member and the root; an error if they differ."""
    versions = {member.name: member.version for member in members(root)}
    versions["codegen-toolkit (the root)"] = str(root_project(root)["project"]["version"])  # type: ignore[index]
    for source, version in dunder_versions(root).items():
        versions[f"__version__ of {source.relative_to(root)}"] = version
    if len(set(versions.values())) != 1:
        raise ReleaseError(f"the versions are not in lock-step: {versions}")
    return parse_version(next(iter(versions.values())))


def dunder_versions(root: Path) -> dict[Path, str]:
    """The `__version__ = "..."` literals in the members' sources, by file."""
    found = {}
    for source in sorted(root.glob("packages/*/src/**/*.py")):
        match = DUNDER_VERSION.search(source.read_text())
        if match:
            found[source] = match["version"]
    return found


def repository_url(root: Path) -> str:
    """The public repository, as every member's Homepage names it."""
    homes = {member.urls.get("Homepage", "") for member in members(root)}
    if len(homes) != 1 or not next(iter(homes)).startswith("https://"):
        raise ReleaseError(f"the members' Homepage URLs differ or are missing: {sorted(homes)}")
    return next(iter(homes)).rstrip("/")


def require_clean_tree(root: Path) -> None:
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=normal"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as error:
        raise ReleaseError(f"cannot read the git status of {root}: {error}") from None
    changed = [line[3:] for line in status.splitlines()]
    if changed:
        shown = ", ".join(changed[:5]) + (", ..." if len(changed) > 5 else "")
        raise ReleaseError(
            f"the working tree is not clean ({len(changed)} changed or untracked: {shown}): "
            "commit or stash first, so that the release is exactly a commit"
        )


def _project_table(text: str) -> tuple[int, int]:
    """Where the `[project]` table of a pyproject.toml's text starts and ends."""
    start = re.search(r"^\[project\]$", text, re.MULTILINE)
    if start is None:
        raise ReleaseError("a pyproject.toml without a [project] table")
    end = re.search(r"^\[", text[start.end() :], re.MULTILINE)
    return start.end(), start.end() + end.start() if end else len(text)


def moved_pyproject(text: str, old: str, new: str, member_names: list[str]) -> str:
    """`text` with its project version and its `==` pins on members moved from `old` to `new`."""
    start, end = _project_table(text)
    table = text[start:end]
    table, count = VERSION_LINE.subn(f'version = "{new}"', table, count=1)
    if count != 1:
        raise ReleaseError("a [project] table without a version line")
    for name in member_names:
        table = table.replace(f'"{name}=={old}"', f'"{name}=={new}"')
    return text[:start] + table + text[end:]


def move_versions(root: Path, new: Version) -> list[Path]:
    """Move every member, its pins and its `__version__`, and the root, to `new`; the files."""
    old = str(tree_version(root))
    names = [member.name for member in members(root)]
    changed = []
    for pyproject in [member.folder / "pyproject.toml" for member in members(root)]:
        pyproject.write_text(moved_pyproject(pyproject.read_text(), old, str(new), names))
        changed.append(pyproject)
    root_pyproject = root / "pyproject.toml"
    root_pyproject.write_text(moved_pyproject(root_pyproject.read_text(), old, str(new), names))
    changed.append(root_pyproject)
    for source in dunder_versions(root):
        text = source.read_text()
        source.write_text(DUNDER_VERSION.sub(f'__version__ = "{new}"', text, count=1))
        changed.append(source)
    return changed


def lock(root: Path) -> None:
    """Bring uv.lock up to the moved versions."""
    try:
        subprocess.run(["uv", "lock", "--quiet"], cwd=root, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise ReleaseError(f"uv lock failed in {root}: {error}") from None
