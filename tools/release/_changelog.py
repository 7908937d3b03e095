"""CHANGELOG.md, in the shape of Keep a Changelog: what is released, and what a release adds.

Changes wait under `## [Unreleased]`; a release renames that section `## [X.Y.Z] - YYYY-MM-DD`,
opens a new, empty `## [Unreleased]` above it, and points the link references at the right
comparisons. The newest `## [X.Y.Z] - date` heading is the current release.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from packaging.version import Version

from ._errors import ReleaseError

UNRELEASED = re.compile(r"^## \[Unreleased\][ \t]*$", re.MULTILINE)
RELEASE = re.compile(
    r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})[ \t]*$", re.MULTILINE
)
SECTION_END = re.compile(r"^(## |\[[^\]]+\]: )", re.MULTILINE)
ENTRY = re.compile(r"^[-*] \S", re.MULTILINE)
LINK = re.compile(r"^\[(?P<label>[^\]]+)\]: \S+[ \t]*$", re.MULTILINE)


def changelog_path(root: Path) -> Path:
    return root / "CHANGELOG.md"


def released(text: str) -> list[Version]:
    """The versions the changelog records as released, newest first."""
    return sorted((Version(m["version"]) for m in RELEASE.finditer(text)), reverse=True)


def unreleased_entries(text: str) -> list[str]:
    """The entries (list items) waiting under `## [Unreleased]`."""
    heading = UNRELEASED.search(text)
    if heading is None:
        raise ReleaseError("CHANGELOG.md has no '## [Unreleased]' section")
    end = SECTION_END.search(text, heading.end())
    section = text[heading.end() : end.start() if end else len(text)]
    return [section[m.start() :].splitlines()[0] for m in ENTRY.finditer(section)]


def released_text(text: str, version: Version, date: datetime.date, repository: str) -> str:
    """`text` with the Unreleased section released as `version` on `date`."""
    previous = released(text)
    heading = UNRELEASED.search(text)
    if heading is None:
        raise ReleaseError("CHANGELOG.md has no '## [Unreleased]' section")
    text = (
        text[: heading.start()]
        + f"## [Unreleased]\n\n## [{version}] - {date.isoformat()}"
        + text[heading.end() :]
    )
    links = {m["label"]: m.group(0) for m in LINK.finditer(text)}
    since = f"{repository}/compare/v{previous[0]}...v{version}" if previous else None
    new_links = [
        f"[Unreleased]: {repository}/compare/v{version}...HEAD",
        f"[{version}]: {since or f'{repository}/releases/tag/v{version}'}",
    ]
    if "Unreleased" in links:
        text = text.replace(links["Unreleased"], "\n".join(new_links), 1)
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(new_links) + "\n"
    return text
