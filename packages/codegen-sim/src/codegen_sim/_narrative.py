"""What a simulated agent says and does: the log entries, result and summary of a phase of a run.

A phase's log is a *story*: a list of beats (explore, plan, edit, test, commit, open PRs, answer) that
depends on how the phase ends. ``sim:logs=N`` trims the story or pads its middle with more
exploration, keeping the first entry (the user's message) and the last (the final answer or error).
Entry ``i`` is computed on its own from a seed, so reading entry 9,900 of a 10,000-entry log costs
the same as reading entry 0, and the same run always tells the same story.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ._directives import OUTCOMES, without_directives


@dataclass(frozen=True)
class Entry:
    """The content of one log entry; the caller adds ``agent_run_id`` and ``created_at``."""

    message_type: str
    thought: str | None = None
    tool_name: str | None = None
    tool_input: dict[str, Any] | None = None
    tool_output: dict[str, Any] | None = None
    observation: dict[str, Any] | str | None = None


@dataclass(frozen=True)
class Codebase:
    """Files, a symbol and commands to talk about, by the repository's language."""

    main_file: str
    helper_file: str
    test_file: str
    symbol: str
    test_command: str
    lint_check: str
    more_files: tuple[str, ...]


def codebase(repo_name: str, language: str | None) -> Codebase:
    """A plausible layout for a repository called ``repo_name`` written in ``language``."""
    if language == "TypeScript":
        return Codebase(
            main_file="src/api/client.ts",
            helper_file="src/hooks/useTelemetry.ts",
            test_file="src/__tests__/client.test.ts",
            symbol="fetchFleetStatus",
            test_command="npm test -- --silent",
            lint_check="eslint",
            more_files=("src/components/FleetMap.tsx", "src/utils/format.ts", "package.json"),
        )
    if language == "C":
        return Codebase(
            main_file="src/pid.c",
            helper_file="src/motor.c",
            test_file="tests/test_pid.c",
            symbol="pid_update",
            test_command="make test",
            lint_check="clang-tidy",
            more_files=("src/pid.h", "src/motor.h", "Makefile"),
        )
    package = re.sub(r"\W", "_", repo_name.lower()) or "app"
    return Codebase(
        main_file=f"src/{package}/planner.py",
        helper_file=f"src/{package}/geometry.py",
        test_file="tests/test_planner.py",
        symbol="plan_trajectory",
        test_command="pytest -q",
        lint_check="ruff",
        more_files=(f"src/{package}/controller.py", f"src/{package}/config.py", "pyproject.toml"),
    )


def title_of(prompt: str) -> str:
    """A pull-request title made from a prompt: its first sentence, imperative, at most 72 chars."""
    task = without_directives(prompt)
    task = re.sub(
        r"^(please|can you|could you|help me|i need you to|i want you to)\s+", "", task, flags=re.I
    )
    first = re.split(r"(?<=[.!?])\s", task, maxsplit=1)[0].rstrip(".!? ")
    if not first:
        return "Update the codebase"
    first = first[0].upper() + first[1:]
    return first if len(first) <= 72 else first[:71].rstrip() + "…"


def branch_of(title: str, run_id: int) -> str:
    """The head branch of a run's first pull request."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if len(slug) > 40:
        slug = slug[:41].rsplit("-", 1)[0]
    slug = slug or "change"
    return f"codegen-bot/{slug}-{run_id}"


@dataclass(frozen=True)
class PullRequestDraft:
    """A pull request a phase opens: what its log entries and the run's response show."""

    id: int
    title: str
    url: str
    head_branch_name: str


@dataclass(frozen=True)
class Scene:
    """Everything the beats of a phase may mention."""

    run_id: int
    prompt: str
    """The prompt of this phase: the run's prompt, or the follow-up of a resume."""
    title: str
    """The title of the run's work (from the run's first prompt)."""
    repo_full_name: str
    code: Codebase
    pull_requests: tuple[PullRequestDraft, ...]


Beat = Callable[[Scene, random.Random, int], Entry]
"""Writes one entry; the int is the entry's position among the padding (0 outside it)."""


# Beats. Each returns what an entry of its kind plausibly holds: ACTION entries a tool with input and
# output, PLAN_EVALUATION a thought, ERROR and FINAL_ANSWER an observation.


def _user_message(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry("USER_MESSAGE", observation=scene.prompt)


def _plan_explore(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "PLAN_EVALUATION",
        thought=(
            f"The task: {without_directives(scene.prompt)!r}. I'll start by finding where `{scene.code.symbol}` "
            f"lives in {scene.repo_full_name} and how it is tested."
        ),
    )


def _search(scene: Scene, rng: random.Random, step: int) -> Entry:
    code = scene.code
    files = [code.main_file, code.helper_file, code.test_file, *code.more_files]
    query = (
        code.symbol if step == 0 else rng.choice([code.symbol, "TODO", "cache", "def ", "import"])
    )
    hits = rng.randint(3, 14)
    matches = [
        {"file": rng.choice(files), "line": rng.randint(5, 400), "text": f"{query} ..."}
        for _ in range(min(hits, 3))
    ]
    return Entry(
        "ACTION",
        thought=f"Searching the repository for {query!r}.",
        tool_name="ripgrep_search",
        tool_input={"query": query, "path": ".", "case_sensitive": True},
        tool_output={"matches": matches, "total_matches": hits},
        observation=f"Found {hits} matches in {min(hits, len(files))} files.",
    )


def _view(path: str, scene: Scene, rng: random.Random) -> Entry:
    lines = rng.randint(80, 600)
    shown = min(lines, 120)
    return Entry(
        "ACTION",
        thought=f"Reading {path}.",
        tool_name="view_file",
        tool_input={"path": path, "start_line": 1, "end_line": shown},
        tool_output={
            "content": f"# {path} (lines 1-{shown} of {lines})\n...",
            "total_lines": lines,
        },
        observation={"path": path, "lines_shown": shown, "total_lines": lines},
    )


def _view_main(scene: Scene, rng: random.Random, step: int) -> Entry:
    return _view(scene.code.main_file, scene, rng)


def _view_test(scene: Scene, rng: random.Random, step: int) -> Entry:
    return _view(scene.code.test_file, scene, rng)


def _view_more(scene: Scene, rng: random.Random, step: int) -> Entry:
    files = (*scene.code.more_files, scene.code.helper_file)
    return _view(files[step % len(files)], scene, rng)


def _plan_note(scene: Scene, rng: random.Random, step: int) -> Entry:
    notes = [
        f"`{scene.code.symbol}` is called from three places; all of them pass the same arguments.",
        f"{scene.code.helper_file} already has a helper I can reuse instead of duplicating it.",
        "The existing tests cover the happy path only; I'll add a case for the edge I'm changing.",
        "There is a comment explaining why the current approach was chosen; I'll keep that behaviour.",
    ]
    return Entry("PLAN_EVALUATION", thought=notes[step % len(notes)])


def _plan_steps(scene: Scene, rng: random.Random, step: int) -> Entry:
    code = scene.code
    return Entry(
        "PLAN_EVALUATION",
        thought=(
            f"Plan:\n1. Change `{code.symbol}` in {code.main_file}.\n"
            f"2. Update {code.test_file} to cover the change.\n"
            f"3. Run `{code.test_command}` and fix what fails.\n4. Commit and open a pull request."
        ),
    )


def _edit(path: str, why: str, rng: random.Random) -> Entry:
    start = rng.randint(10, 200)
    added, removed = rng.randint(3, 40), rng.randint(1, 30)
    return Entry(
        "ACTION",
        thought=why,
        tool_name="edit_file",
        tool_input={"path": path, "start_line": start, "end_line": start + removed},
        tool_output={"success": True, "diff": f"@@ -{start},{removed} +{start},{added} @@"},
        observation=f"Edited {path}: +{added} -{removed} lines.",
    )


def _edit_main(scene: Scene, rng: random.Random, step: int) -> Entry:
    return _edit(scene.code.main_file, f"Rewriting `{scene.code.symbol}`.", rng)


def _edit_fix(scene: Scene, rng: random.Random, step: int) -> Entry:
    return _edit(scene.code.test_file, "Updating the tests to the new behaviour.", rng)


def _run_tests(scene: Scene, rng: random.Random, passed: bool) -> Entry:
    total = rng.randint(24, 180)
    failed = 0 if passed else rng.randint(1, 3)
    summary = f"{total - failed} passed" + (f", {failed} failed" if failed else "")
    return Entry(
        "ACTION",
        thought="Running the test suite.",
        tool_name="run_command",
        tool_input={"command": scene.code.test_command, "timeout": 600},
        tool_output={"exit_code": 1 if failed else 0, "stdout": summary, "stderr": ""},
        observation=summary,
    )


def _tests_fail(scene: Scene, rng: random.Random, step: int) -> Entry:
    return _run_tests(scene, rng, passed=False)


def _tests_pass(scene: Scene, rng: random.Random, step: int) -> Entry:
    return _run_tests(scene, rng, passed=True)


def _error_tests(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "ERROR",
        tool_name="run_command",
        observation={
            "error": "CommandFailed",
            "message": f"`{scene.code.test_command}` exited with status 1",
            "failing_tests": [f"{scene.code.test_file}::test_{scene.code.symbol}_edge_case"],
        },
    )


def _commit(scene: Scene, rng: random.Random, step: int) -> Entry:
    files = rng.randint(2, 5)
    return Entry(
        "COMMIT_EVALUATION",
        thought=(
            f"{files} files changed, all tests pass. The diff is focused on the task; "
            f"committing as {scene.title!r}."
        ),
        observation={"files_changed": files, "commit_message": scene.title},
    )


def _pr_generation(scene: Scene, rng: random.Random, step: int) -> Entry:
    first = scene.pull_requests[0]
    return Entry(
        "INITIAL_PR_GENERATION",
        thought="Writing the pull request description from the commits and the task.",
        observation={
            "title": first.title,
            "head_branch_name": first.head_branch_name,
            "base": "main",
        },
    )


def _create_pr_conflict(scene: Scene, rng: random.Random, step: int) -> Entry:
    first = scene.pull_requests[0]
    stale = first.head_branch_name.rsplit("-", 1)[0]
    return Entry(
        "ACTION",
        tool_name="create_pr",
        tool_input={"title": first.title, "head": stale, "base": "main"},
        tool_output={"error": f"A branch named {stale!r} already exists on origin."},
        observation="Branch name taken.",
    )


def _pr_creation_failed(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "PR_CREATION_FAILED",
        observation="The head branch already exists on origin; retrying with a unique branch name.",
    )


def _create_pr(index: int) -> Beat:
    def beat(scene: Scene, rng: random.Random, step: int) -> Entry:
        pr = scene.pull_requests[index]
        return Entry(
            "ACTION",
            thought=f"Opening pull request {index + 1} of {len(scene.pull_requests)}.",
            tool_name="create_pr",
            tool_input={"title": pr.title, "head": pr.head_branch_name, "base": "main"},
            tool_output={"id": pr.id, "number": pr.id, "url": pr.url, "state": "open"},
            observation=f"Opened {pr.url}",
        )

    return beat


def _detect_pr_errors(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "DETECT_PR_ERRORS",
        observation={
            "checks": [
                {"name": scene.code.lint_check, "conclusion": "failure"},
                {"name": "tests", "conclusion": "success"},
                {"name": "build", "conclusion": "success"},
            ]
        },
    )


def _fix_pr_errors(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "FIX_PR_ERRORS",
        thought=f"{scene.code.lint_check} flagged an unused import in {scene.code.main_file}; removing it.",
        observation={
            "fixed_checks": [scene.code.lint_check],
            "commit": f"{rng.getrandbits(28):07x}",
        },
    )


def _pr_evaluation(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "PR_EVALUATION",
        thought="All checks pass and the diff matches the task.",
        observation={"checks_passed": 3, "checks_failed": 0, "mergeable": True},
    )


def _reviewer_comment(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "USER_GITHUB_ISSUE_COMMENT",
        observation=f"@codegen-sh please keep the public signature of `{scene.code.symbol}` unchanged.",
    )


def _reply_to_comment(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "PLAN_EVALUATION",
        thought=f"Checked: the signature of `{scene.code.symbol}` is unchanged; replied on the PR.",
    )


def _agent_run_link(scene: Scene, rng: random.Random, step: int) -> Entry:
    reviewer = 900_000 + scene.run_id
    return Entry(
        "AGENT_RUN_LINK",
        observation={"agent_run_id": reviewer, "title": "PR review", "relation": "review"},
    )


def _final_answer(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "FINAL_ANSWER", thought="The work is done.", observation=result_text(scene, "COMPLETE")
    )


def _plan_give_up(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "PLAN_EVALUATION",
        thought="Two attempts have not fixed the failing test; I should stop and report instead.",
    )


def _final_answer_failed(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry("FINAL_ANSWER", observation=result_text(scene, "FAILED"))


def _setup_sandbox(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "ACTION",
        tool_name="run_command",
        tool_input={"command": "./scripts/setup.sh", "timeout": 900},
        tool_output={"exit_code": None, "stdout": "Installing dependencies...", "stderr": ""},
        observation="The command is still running.",
    )


def _error_crash(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "ERROR",
        observation={
            "error": "SandboxCrashed",
            "message": "The sandbox stopped responding (exit code 137: out of memory).",
        },
    )


def _plan_question(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "PLAN_EVALUATION",
        thought=(
            f"Before I change `{scene.code.symbol}` I need a decision: may its public signature "
            "change, or should I keep a compatible wrapper? Waiting for your reply."
        ),
    )


def _acknowledge(scene: Scene, rng: random.Random, step: int) -> Entry:
    return Entry(
        "PLAN_EVALUATION", thought=f"Got it: {without_directives(scene.prompt)!r}. Carrying on."
    )


_EXPLORE: tuple[Beat, ...] = (_plan_explore, _search, _view_main, _view_test)
_PADDING: tuple[Beat, ...] = (_search, _view_more, _plan_note)


def _work(outcome: str, prs: int) -> tuple[Beat, ...]:
    if outcome == "PAUSED":
        return (_plan_question,)
    if outcome == OUTCOMES["error"]:
        return (_plan_steps, _setup_sandbox, _error_crash)
    if outcome == OUTCOMES["cancel"]:
        return (_plan_steps, _edit_main, _view_test)
    if outcome == OUTCOMES["fail"]:
        attempt = (_edit_main, _tests_fail, _error_tests)
        return (_plan_steps, *attempt, *attempt, _plan_give_up, _final_answer_failed)
    opening: tuple[Beat, ...] = ()
    if prs:
        opening = (
            _pr_generation,
            _create_pr_conflict,
            _pr_creation_failed,
            *(_create_pr(index) for index in range(prs)),
            _detect_pr_errors,
            _fix_pr_errors,
            _pr_evaluation,
            _reviewer_comment,
            _reply_to_comment,
            _agent_run_link,
        )
    fix = (_edit_main, _tests_fail, _error_tests, _edit_fix, _tests_pass)
    return (_plan_steps, *fix, _commit, *opening, _final_answer)


@dataclass(frozen=True)
class Story:
    """The beats of one phase and where padding goes; :meth:`entry` writes entry ``i`` of ``n``."""

    beats: tuple[Beat, ...]
    pad_at: int
    ends_with_answer: bool
    resumed: bool

    @classmethod
    def of(cls, *, resumed: bool, outcome: str, prs: int) -> Story:
        """The story of a phase that starts a run, or that a resume started, ending with ``outcome``."""
        head: tuple[Beat, ...] = (
            (_user_message, _acknowledge) if resumed else (_user_message, *_EXPLORE)
        )
        return cls(
            beats=head + _work(outcome, prs),
            pad_at=len(head),
            ends_with_answer=outcome != OUTCOMES["cancel"],
            resumed=resumed,
        )

    @property
    def natural_length(self) -> int:
        return len(self.beats)

    def entry(self, scene: Scene, seed: int, i: int, n: int) -> Entry:
        """Entry ``i`` of this story told in exactly ``n`` entries."""
        beat, step = self._beat(i, n)
        return beat(scene, random.Random(f"{seed}:{i}"), step)

    def _beat(self, i: int, n: int) -> tuple[Beat, int]:
        length = len(self.beats)
        if n >= length:
            extra = n - length
            if i < self.pad_at:
                return self.beats[i], 0
            if i < self.pad_at + extra:
                step = i - self.pad_at
                return _PADDING[step % len(_PADDING)], step + 1
            return self.beats[i - extra], 0
        # Fewer entries than beats: keep the user's message first and the answer last.
        if n == 1 and (self.resumed or not self.ends_with_answer):
            return self.beats[0], 0
        if i == n - 1 and self.ends_with_answer:
            return self.beats[-1], 0
        return self.beats[i], 0


def result_text(scene: Scene, outcome: str) -> str | None:
    """The run's ``result`` after a phase ending with ``outcome`` (None when it has none)."""
    code = scene.code
    if outcome == "COMPLETE":
        lines = [
            f"Done: {title_of(scene.prompt)}.",
            "",
            "## Changes",
            f"- Reworked `{code.symbol}` in `{code.main_file}`",
            f"- Reused the helpers in `{code.helper_file}` instead of duplicating them",
            f"- Extended `{code.test_file}`; `{code.test_command}` passes",
        ]
        if scene.pull_requests:
            lines += ["", "## Pull requests"]
            lines += [f"- {pr.title}: {pr.url}" for pr in scene.pull_requests]
        return "\n".join(lines)
    if outcome == "FAILED":
        return (
            f"I could not finish {scene.title!r}: `{code.test_command}` still fails "
            f"(`{code.test_file}::test_{code.symbol}_edge_case`) after two attempts. "
            "No pull request was opened. Send a follow-up with more context to try again."
        )
    return None


def summary_text(scene: Scene) -> str:
    """The run's one-line ``summary`` after a phase that completed."""
    opened = len(scene.pull_requests)
    prs = f"; opened {opened} pull request{'s' if opened != 1 else ''}" if opened else ""
    return f"{scene.title} — tests pass{prs}."


def pull_request_drafts(
    *, title: str, run_id: int, repo_full_name: str, pr_ids: Sequence[int]
) -> tuple[PullRequestDraft, ...]:
    """The pull requests a phase opens, one per id."""
    branch = branch_of(title, run_id)
    count = len(pr_ids)
    return tuple(
        PullRequestDraft(
            id=pr_id,
            title=title if count == 1 else f"{title} ({index + 1}/{count})",
            url=f"https://github.com/{repo_full_name}/pull/{pr_id}",
            head_branch_name=branch if index == 0 else f"{branch}-{index + 1}",
        )
        for index, pr_id in enumerate(pr_ids)
    )
