"""`python -m tools.release COMMAND`: the steps of `nox -s release` and of the publishing workflow.

  check VERSION                 refuse a version that is not greater than the current release,
                                a tree that is not clean, or a changelog with nothing to release
  prepare VERSION [--date D]    check, then move every member, pin, __version__ and the root to
                                VERSION, update uv.lock, and release the changelog's Unreleased
                                section
  check-index VERSION           each member's page on the index is free or ours (held-back ones
                                are reported, not uploaded); VERSION is not on it yet
  check-archives DIST           the wheels and sdists in DIST carry the LICENSE, the project URLs
                                and a README whose links work on the index's page
  upload-command VERSION DIST   print the commands that publish what DIST holds
  stage VERSION DIST OUT        (the workflow, on a tag) check the tree is VERSION, released in the
                                changelog and ours on the index; copy what is uploaded into OUT

Run from the repository root (or give --root). Exit status: 0 done, 1 refused, 2 usage.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shlex
import shutil
import sys
from pathlib import Path

from packaging.version import Version

from ._archives import archive_problems
from ._changelog import changelog_path, released, released_text, unreleased_entries
from ._errors import ReleaseError
from ._index import DEFAULT_INDEX, fetch, judge
from ._workspace import (
    Member,
    held_back,
    lock,
    members,
    move_versions,
    parse_version,
    repository_url,
    require_clean_tree,
    tree_version,
)


def check(root: Path, version: Version) -> None:
    require_clean_tree(root)
    tree = tree_version(root)
    text = changelog_path(root).read_text()
    history = released(text)
    if history and version <= history[0]:
        raise ReleaseError(f"{version} is not greater than {history[0]}, the current release")
    if version < tree:
        raise ReleaseError(f"{version} is lower than {tree}, the members' version")
    if not unreleased_entries(text):
        raise ReleaseError(
            f"CHANGELOG.md has no entries under '## [Unreleased]' to release as {version}: "
            "say what changed first"
        )


def prepare(root: Path, version: Version, date: datetime.date) -> None:
    check(root, version)
    changelog = changelog_path(root)
    text = released_text(changelog.read_text(), version, date, repository_url(root))
    changed = move_versions(root, version)
    changelog.write_text(text)
    lock(root)
    for path in [*changed, changelog, root / "uv.lock"]:
        print(f"moved to {version}: {path.relative_to(root)}")


def uploaded(root: Path) -> list[Member]:
    held = held_back(root)
    return [member for member in members(root) if member.name not in held]


def check_index(root: Path, version: Version, index: str) -> None:
    ours = set(released(changelog_path(root).read_text()))
    repository = repository_url(root)
    held = held_back(root)
    refused = []
    for member in members(root):
        page = fetch(index, member.name)
        verdict = judge(page, member.name, ours, repository)
        if member.name in held:
            print(f"{member.name}: held back, not uploaded ({held[member.name]}); {verdict.reason}")
            continue
        print(f"{member.name}: {verdict.reason}")
        if not verdict.ours:
            refused.append(f"{member.name}: {verdict.reason}")
        elif page is not None and str(version) in page.versions:
            refused.append(f"{member.name} {version} is on the index already ({page.url})")
    if refused:
        raise ReleaseError(
            "refusing to upload: "
            + "; ".join(refused)
            + ". Hold such a name back ([tool.codegen-release] held-back in pyproject.toml) "
            "or get it transferred (PEP 541) first"
        )


def check_archives(root: Path, dist: Path, only: str | None) -> None:
    version = str(tree_version(root))
    license_text = (root / "LICENSE").read_bytes()
    chosen = [member for member in members(root) if only in (None, member.name)]
    if not chosen:
        raise ReleaseError(f"no member named {only!r}")
    problems = [
        p for member in chosen for p in archive_problems(dist, member, version, license_text)
    ]
    if problems:
        raise ReleaseError("; ".join(problems))
    print(f"{', '.join(m.name for m in chosen)} {version}: LICENSE, project URLs, absolute links")


def archives(dist: Path, chosen: list[Member], version: Version) -> list[Path]:
    stems = [f"{member.archive_stem}-{version}" for member in chosen]
    found = sorted(
        p for stem in stems for p in [*dist.glob(f"{stem}-*.whl"), dist / f"{stem}.tar.gz"]
    )
    missing = [p.name for p in found if not p.is_file()]
    if missing or len(found) != 2 * len(chosen):
        raise ReleaseError(f"{dist} does not hold one wheel and one sdist of each of {stems}")
    return found


def upload_command(root: Path, version: Version, dist: Path) -> None:
    files = [os.path.relpath(path) for path in archives(dist, uploaded(root), version)]
    twine = ["uv", "run", "--only-group", "release", "twine", "upload", *files]
    for name, reason in held_back(root).items():
        print(f"{name} is held back: {reason}.")
    print(
        f"Ready to publish {version}; nothing was uploaded. Review the changes, then commit, tag "
        "and push: the workflow publishes the tag through trusted publishing:\n"
        f'  git commit -am "Release {version}" && git tag -a v{version} -m "{version}" '
        f"&& git push origin HEAD v{version}\n"
        "or upload from here, with your own credentials:\n"
        f"  {shlex.join(twine)}"
    )


def stage(root: Path, version: Version, dist: Path, out: Path, index: str) -> None:
    if tree_version(root) != version:
        raise ReleaseError(f"the tag says {version}, the members are at {tree_version(root)}")
    if version not in released(changelog_path(root).read_text()):
        raise ReleaseError(f"CHANGELOG.md has no '## [{version}] - date' heading")
    check_archives(root, dist, None)
    check_index(root, version, index)
    out.mkdir(parents=True, exist_ok=True)
    for path in archives(dist, uploaded(root), version):
        shutil.copy2(path, out / path.name)
        print(f"to upload: {path.name}")


def version_argument(text: str) -> Version:
    try:
        return parse_version(text)
    except ReleaseError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m tools.release", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    main.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: .)")
    commands = main.add_subparsers(dest="command", required=True)
    for name in ("check", "prepare", "check-index", "upload-command", "stage"):
        command = commands.add_parser(name)
        command.add_argument("version", type=version_argument)
        if name == "prepare":
            command.add_argument("--date", type=datetime.date.fromisoformat,
                                 default=datetime.date.today(), help="the release date (today)")  # fmt: skip
        if name in ("upload-command", "stage"):
            command.add_argument("dist", type=Path)
        if name == "stage":
            command.add_argument("out", type=Path)
        if name in ("check-index", "stage"):
            command.add_argument("--index", default=DEFAULT_INDEX, help="the package index")
    archives_command = commands.add_parser("check-archives")
    archives_command.add_argument("dist", type=Path)
    archives_command.add_argument("--package", help="one member only")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root: Path = args.root.resolve()
    try:
        if args.command == "check":
            check(root, args.version)
            print(f"{args.version} can be released")
        elif args.command == "prepare":
            prepare(root, args.version, args.date)
        elif args.command == "check-index":
            check_index(root, args.version, args.index)
        elif args.command == "check-archives":
            check_archives(root, args.dist, args.package)
        elif args.command == "upload-command":
            upload_command(root, args.version, args.dist)
        else:
            stage(root, args.version, args.dist, args.out, args.index)
    except ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
