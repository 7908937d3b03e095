"""The few git operations ``codegen pull`` needs, run with the ``git`` command in this directory.

A branch name comes from the server, so it is checked with ``git check-ref-format`` and refused if
it could be read as an option, before it goes anywhere near a git command line. git never prompts
(``GIT_TERMINAL_PROMPT=0``): a command waiting for a password would hang a script.
"""

from __future__ import annotations

import os
import re
import subprocess

from ._errors import CliError

_GITHUB_REPO = re.compile(
    r"github\.com[:/]+(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?(?:/|$)", re.IGNORECASE
)


def github_repository(url: str | None) -> str | None:
    """``owner/repo`` of a GitHub URL (web, https or ssh remote); ``None`` for anything else."""
    match = _GITHUB_REPO.search(url or "")
    return f"{match['owner']}/{match['repo']}".lower() if match else None


class Git:
    """The git repository around the current directory."""

    def __init__(self) -> None:
        self.root = self.run("rev-parse", "--show-toplevel", what="not in a git repository")

    def run(self, *args: str, what: str | None = None) -> str:
        """The output of ``git args``; a :class:`CliError` (``what``, or git's own words) if it
        fails."""
        try:
            done = subprocess.run(
                ["git", *args],
                capture_output=True,
                text=True,
                env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
                check=False,
            )
        except FileNotFoundError:
            raise CliError("git is not installed (or not on PATH)") from None
        if done.returncode != 0:
            said = done.stderr.strip().splitlines()
            raise CliError(what or f"git {args[0]} failed: {said[-1] if said else done.returncode}")
        return done.stdout.strip()

    def succeeds(self, *args: str) -> bool:
        try:
            self.run(*args)
        except CliError:
            return False
        return True

    def remote_url(self, remote: str) -> str | None:
        try:
            return self.run("remote", "get-url", remote)
        except CliError:
            return None

    def is_dirty(self) -> bool:
        """Tracked files have uncommitted changes (untracked files do not count)."""
        return bool(self.run("status", "--porcelain", "--untracked-files=no"))

    def check_branch_name(self, branch: str) -> None:
        if branch.startswith("-") or not self.succeeds("check-ref-format", "--branch", branch):
            raise CliError(
                f"refusing the branch name {branch!r}: it is not a valid git branch name"
            )

    def fetch_branch(self, remote: str, branch: str) -> None:
        """Update ``remote/branch`` from the remote (that branch only)."""
        self.run("fetch", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")

    def switch_to(self, remote: str, branch: str) -> None:
        """Check out ``branch``: a new local branch tracking ``remote/branch``, or the existing one
        fast-forwarded to it (never a reset: local commits are not thrown away)."""
        if self.succeeds("show-ref", "--verify", "--quiet", f"refs/heads/{branch}"):
            self.run("checkout", branch)
            self.run(
                "merge",
                "--ff-only",
                f"{remote}/{branch}",
                what=f"local branch {branch} has diverged from {remote}/{branch}; "
                "merge or rebase it yourself",
            )
        else:
            self.run("checkout", "-b", branch, "--track", f"{remote}/{branch}")
