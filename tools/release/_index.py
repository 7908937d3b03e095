"""Whose page each distribution name has on the package index, asked at release time.

An upload to a name that an unrelated project owns fails half-way through a release at best, and
publishes our code under someone else's project at worst. So before anything is uploaded, each
member's page is read from the index's JSON API (`{index}/pypi/{name}/json`; PyPI and TestPyPI
serve it) and judged:

- no page (404): the name is free, and the first upload creates the project;
- a page is ours when every version on it is one that CHANGELOG.md records as released and one of
  its project URLs is in our repository;
- any other page belongs to someone else: its name is refused.

Only the release session and the publishing workflow ask, from a maintainer's machine or from CI;
nothing else in the repository reaches the network (the tests serve a fake index on loopback).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

from ._errors import ReleaseError

DEFAULT_INDEX = "https://pypi.org"
TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class Page:
    """What the index shows for a name: its versions and project URLs."""

    name: str
    url: str
    versions: frozenset[str]
    project_urls: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    name: str
    ours: bool
    reason: str


def fetch(index: str, name: str) -> Page | None:
    """The index's page for `name`, or None when it has none."""
    index = index.rstrip("/")
    api = f"{index}/pypi/{name}/json"
    request = urllib.request.Request(api, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            data = json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise ReleaseError(f"{api} answered {error.code}: cannot tell whose {name} is") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise ReleaseError(f"cannot read {api} ({reason}): cannot tell whose {name} is") from None
    info = data.get("info") or {}
    urls = [*(info.get("project_urls") or {}).values(), info.get("home_page") or ""]
    return Page(
        name=name,
        url=f"{index}/project/{name}/",
        versions=frozenset(data.get("releases") or {}),
        project_urls=tuple(url for url in urls if url),
    )


def _version_key(text: str) -> tuple[int, Version | str]:
    try:
        return (0, Version(text))
    except InvalidVersion:
        return (1, text)


def judge(page: Page | None, name: str, ours: set[Version], repository: str) -> Verdict:
    """Whether `name`'s page (None: none) is ours, given our released versions and repository."""
    if page is None:
        return Verdict(name, True, "no page yet: the first upload creates the project")
    foreign = sorted(
        (v for v in page.versions if _version_key(v)[0] or Version(v) not in ours), key=_version_key
    )
    in_repository = any(url.rstrip("/").startswith(repository) for url in page.project_urls)
    if not foreign and in_repository:
        return Verdict(name, True, f"{page.url} is ours")
    homes = ", ".join(page.project_urls[:2]) or "no project URLs"
    why = (
        f"versions {', '.join(foreign)} that CHANGELOG.md never released"
        if foreign
        else f"no project URL in {repository}"
    )
    return Verdict(name, False, f"{page.url} belongs to someone else ({why}; it points to {homes})")
