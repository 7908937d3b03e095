"""`codegen pull`: a real git clone of a local bare "origin", no network."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

BRANCH = "codegen-bot/fix-the-bug-42"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clone (the current directory) of a bare origin that has ``main`` and the PR branch."""
    for name, value in {
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    origin, seed, work = tmp_path / "origin.git", tmp_path / "seed", tmp_path / "work"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "clone", "-q", str(origin), str(seed))
    (seed / "app.py").write_text("print('v1')\n")
    git(seed, "add", "app.py")
    git(seed, "commit", "-q", "-m", "v1")
    git(seed, "push", "-q", "origin", "main")
    git(seed, "checkout", "-q", "-b", BRANCH)
    (seed / "app.py").write_text("print('fixed')\n")
    git(seed, "commit", "-q", "-am", "fix the bug")
    git(seed, "push", "-q", "origin", BRANCH)
    git(tmp_path, "clone", "-q", str(origin), str(work))
    monkeypatch.chdir(work)
    return work


def run_with_pr(
    bodies: Any, branch: str = BRANCH, url: str = "https://github.com/acme/app/pull/9"
) -> dict[str, Any]:
    pr = {"id": 9, "created_at": "2024-01-15T10:40:00Z", "title": "Fix the bug", "url": url,
          "head_branch_name": branch}  # fmt: skip
    return bodies.run(status="COMPLETE", github_pull_requests=[pr])


def test_pull_checks_out_the_pr_branch_tracking_origin(
    cli: Any, api: Any, bodies: Any, clone: Path
) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=run_with_pr(bodies))
    result = cli("pull", "42")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{BRANCH}\n"
    assert git(clone, "branch", "--show-current") == BRANCH
    assert git(clone, "rev-parse", "--abbrev-ref", "@{upstream}") == f"origin/{BRANCH}"
    assert (clone / "app.py").read_text() == "print('fixed')\n"
    assert f"on branch {BRANCH}: Fix the bug https://github.com/acme/app/pull/9" in result.stderr


def test_pull_fast_forwards_an_existing_local_branch(
    cli: Any, api: Any, bodies: Any, clone: Path
) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=run_with_pr(bodies))
    git(clone, "branch", BRANCH, "main")  # an older local copy of the branch
    result = cli("pull", "42", "--json")
    assert result.exit_code == 0, result.stderr
    assert git(clone, "branch", "--show-current") == BRANCH
    assert (clone / "app.py").read_text() == "print('fixed')\n"
    assert '"branch": "codegen-bot/fix-the-bug-42"' in result.stdout


def test_pull_refuses_a_dirty_tree_unless_forced(
    cli: Any, api: Any, bodies: Any, clone: Path
) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=run_with_pr(bodies))
    (clone / "notes.txt").write_text("untracked files do not count\n")
    (clone / "app.py").write_text("print('my local edit')\n")
    result = cli("pull", "42")
    assert result.exit_code == 1
    assert "uncommitted changes" in result.stderr and "--force" in result.stderr
    assert git(clone, "branch", "--show-current") == "main"
    # --force goes ahead; git itself refuses to overwrite the edit, and says so: nothing is lost.
    forced = cli("pull", "42", "--force")
    assert forced.exit_code == 1
    assert "git checkout failed" in forced.stderr
    assert (clone / "app.py").read_text() == "print('my local edit')\n"


def test_pull_force_carries_changes_git_can_keep(
    cli: Any, api: Any, bodies: Any, clone: Path
) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=run_with_pr(bodies))
    (clone / "README").write_text("tracked, then edited\n")
    git(clone, "add", "README")
    assert cli("pull", "42").exit_code == 1
    result = cli("pull", "42", "--force")
    assert result.exit_code == 0, result.stderr
    assert git(clone, "branch", "--show-current") == BRANCH
    assert (clone / "README").exists()


def test_pull_without_a_pull_request(cli: Any, api: Any, bodies: Any, clone: Path) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=bodies.run(status="ACTIVE"))
    result = cli("pull", "42")
    assert result.exit_code == 1
    assert "agent run 42 has no pull request yet" in result.stderr
    assert "codegen wait 42" in result.stderr


def test_pull_outside_a_git_repository(
    cli: Any, api: Any, bodies: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    route = api.get(f"{bodies.runs}/run/42").respond(200, json=run_with_pr(bodies))
    result = cli("pull", "42")
    assert result.exit_code == 1
    assert result.stderr == "error: not in a git repository\n"
    assert not route.called


def test_pull_refuses_another_repository(cli: Any, api: Any, bodies: Any, clone: Path) -> None:
    git(clone, "remote", "set-url", "origin", "git@github.com:acme/other.git")
    api.get(f"{bodies.runs}/run/42").respond(200, json=run_with_pr(bodies))
    result = cli("pull", "42")
    assert result.exit_code == 1
    assert (
        "the pull request is in acme/app, but this repository's origin is acme/other"
        in result.stderr
    )
    assert git(clone, "branch", "--show-current") == "main"


@pytest.mark.parametrize("branch", ["--upload-pack=touch pwned", "bad..name", "a b"])
def test_pull_refuses_a_hostile_branch_name(
    cli: Any, api: Any, bodies: Any, clone: Path, branch: str
) -> None:
    api.get(f"{bodies.runs}/run/42").respond(200, json=run_with_pr(bodies, branch=branch))
    result = cli("pull", "42")
    assert result.exit_code == 1
    assert "refusing the branch name" in result.stderr
    assert not (clone / "pwned").exists()
