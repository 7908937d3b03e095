"""Agent runs as the simulator keeps them, and what they look like at a moment of the clock.

A run is a list of phases. The first starts with the run; every resume starts another (continuing
after a pause, interrupting an active phase, or following up on a finished run). A phase stores only
what was decided when it started (its prompt, start time, duration, outcome, number of log entries,
pull-request ids); its status, visible log entries, result and pull requests at any moment are
computed from the clock. So a run needs no background thread, and advancing the clock moves it.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from codegen_models import AgentRun, AgentRunLog, PullRequest, Repository

from ._directives import Plan
from ._narrative import (
    Scene,
    Story,
    codebase,
    pull_request_drafts,
    result_text,
    summary_text,
    title_of,
)

PhaseKind = Literal["start", "continue", "follow_up"]

PENDING_SHARE = 0.15
"""Share of a run's first phase spent ``PENDING`` (at most :data:`MAX_PENDING` seconds)."""
MAX_PENDING = 1.0


def timestamp(epoch: float) -> str:
    """ISO-8601 in UTC with a ``Z``, as the API's documentation shows timestamps."""
    return (
        datetime.fromtimestamp(epoch, UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    )


@dataclass
class Phase:
    """One stretch of work of a run, from its start (or a resume) to its outcome."""

    kind: PhaseKind
    prompt: str
    started_at: float
    outcome: str
    """Status the phase ends with: a terminal status, or ``PAUSED``."""
    seconds: float
    log_count: int
    pr_ids: list[int]
    seed: int
    resume_plan: Plan | None = None
    """What a resume of this phase carries on with (the rest of a plan that paused)."""
    cut_at: float | None = None
    """When a resume or a stop cut the phase short."""
    cut_status: str | None = None
    """The status a stop left the run in (``CANCELLED``); ``None`` when a resume cut it."""

    @property
    def story(self) -> Story:
        return Story.of(resumed=self.kind != "start", outcome=self.outcome, prs=len(self.pr_ids))

    @property
    def pending_seconds(self) -> float:
        return min(MAX_PENDING, PENDING_SHARE * self.seconds) if self.kind == "start" else 0.0

    @property
    def ends_at(self) -> float:
        return self.started_at + self.seconds

    def status(self, now: float) -> str:
        if self.cut_at is not None and now >= self.cut_at and self.cut_status is not None:
            return self.cut_status
        if now < self.started_at + self.pending_seconds:
            return "PENDING"
        if now < self.ends_at:
            return "ACTIVE"
        return self.outcome

    def reached_outcome(self, now: float) -> bool:
        """The phase ran to its own end (it was not cut short before it)."""
        return now >= self.ends_at and (self.cut_at is None or self.cut_at >= self.ends_at)

    # Entry i is written at entry_time(i): the first one as the phase becomes active (a little later
    # for the phase that starts a run, whose first entry follows the PENDING stretch), the last one at
    # the phase's end, the rest evenly in between.

    def _timing(self) -> tuple[float, float, int, int]:
        """First moment, time span and number of steps of the entries, and the lead step."""
        lead = 1 if self.kind == "start" else 0
        first = self.started_at + self.pending_seconds
        return first, self.ends_at - first, self.log_count - 1 + lead, lead

    def entry_time(self, i: int) -> float:
        first, span, steps, lead = self._timing()
        if steps <= 0:
            return first
        return first + span * (i + lead) / steps

    def logged(self, now: float) -> int:
        """How many of this phase's entries exist at ``now``."""
        if self.cut_at is not None:
            now = min(now, self.cut_at)
        first, span, steps, lead = self._timing()
        if now < first:
            return 0
        if steps <= 0 or span <= 0:
            return self.log_count
        written = math.floor((now - first) / span * steps - lead + 1e-9) + 1
        return max(0, min(self.log_count, written))


@dataclass
class Run:
    """An agent run: who started it where, and its phases."""

    id: int
    org_id: int
    user_id: int
    source_type: str
    repo_full_name: str
    repo_language: str | None
    phases: list[Phase]
    metadata: dict[str, Any] | None = None
    repo_id: int | None = None
    seeded: bool = False
    """Part of the seeded history (it does not count against a run allotment)."""

    @classmethod
    def in_repository(
        cls,
        repo: Repository,
        run_id: int,
        user_id: int,
        source_type: str,
        *,
        metadata: dict[str, Any] | None = None,
        seeded: bool = False,
    ) -> Run:
        """A run in ``repo``'s organization, with no phase yet."""
        return cls(
            id=run_id,
            org_id=repo.organization_id,
            user_id=user_id,
            source_type=source_type,
            repo_id=repo.id,
            repo_full_name=repo.full_name,
            repo_language=repo.language,
            phases=[],
            metadata=metadata,
            seeded=seeded,
        )

    def __post_init__(self) -> None:
        # An entry never changes once its phase is planned, so each is written once and kept; a
        # 10,000-entry log is paged through many times. Not a field: it is not persisted.
        self._entries: dict[tuple[int, int], AgentRunLog] = {}

    @property
    def title(self) -> str:
        """What the run is about, from its first prompt: its PR titles and commit message."""
        return title_of(self.phases[0].prompt)

    @property
    def created_at(self) -> float:
        return self.phases[0].started_at

    def status(self, now: float) -> str:
        return self.phases[-1].status(now)

    def scene(self, phase: Phase) -> Scene:
        return Scene(
            run_id=self.id,
            prompt=phase.prompt,
            title=self.title,
            repo_full_name=self.repo_full_name,
            code=codebase(self.repo_full_name.rsplit("/", 1)[-1], self.repo_language),
            pull_requests=pull_request_drafts(
                title=self.title,
                run_id=self.id,
                repo_full_name=self.repo_full_name,
                pr_ids=phase.pr_ids,
            ),
        )

    def total_logs(self, now: float) -> int:
        return sum(phase.logged(now) for phase in self.phases)

    def logs(self, now: float, skip: int, limit: int, *, reverse: bool) -> list[AgentRunLog]:
        """A page of the entries that exist at ``now``: chronological, or newest first.

        Only the entries of the page are written, so a page costs the same wherever it is.
        """
        total = self.total_logs(now)
        if reverse:
            positions = range(total - 1 - skip, max(total - skip - limit, 0) - 1, -1)
        else:
            positions = range(skip, min(skip + limit, total))
        # Per phase: how many entries it wrote, and what its entries are written from.
        phases = [
            (
                phase,
                phase.logged(phase.cut_at) if phase.cut_at is not None else phase.log_count,
                phase.story,
                self.scene(phase),
            )
            for phase in self.phases
        ]
        entries = []
        for position in positions:
            for index, (phase, count, story, scene) in enumerate(phases):
                if position < count:
                    entry = self._entries.get((index, position))
                    if entry is None:
                        written = story.entry(scene, phase.seed, position, phase.log_count)
                        created_at = timestamp(phase.entry_time(position))
                        entry = AgentRunLog(
                            agent_run_id=self.id, created_at=created_at, **vars(written)
                        )
                        self._entries[(index, position)] = entry
                    entries.append(entry)
                    break
                position -= count
        return entries

    def pull_requests(self, now: float) -> list[PullRequest]:
        """The pull requests of every phase that completed by ``now``."""
        return [
            PullRequest(created_at=timestamp(phase.ends_at), **asdict(draft))
            for phase in self.phases
            if phase.reached_outcome(now) and phase.outcome == "COMPLETE"
            for draft in self.scene(phase).pull_requests
        ]

    def to_model(self, now: float, web_url: str) -> AgentRun:
        """The run as ``GET .../agent/run/{id}`` shows it at ``now``.

        ``result`` and ``summary`` come from the last phase that reached an outcome with one, so a
        follow-up that is still going on shows the previous answer until it has its own.
        """
        result: str | None = None
        summary: str | None = None
        for phase in self.phases:
            if phase.reached_outcome(now):
                scene = self.scene(phase)
                result = result_text(scene, phase.outcome) or result
                if phase.outcome == "COMPLETE":
                    summary = summary_text(scene)
        return AgentRun(
            id=self.id,
            organization_id=self.org_id,
            status=self.status(now),
            created_at=timestamp(self.created_at),
            web_url=web_url,
            result=result,
            summary=summary,
            source_type=self.source_type,
            github_pull_requests=self.pull_requests(now),
            metadata=self.metadata,
        )

    def to_json(self) -> str:
        """The run as stored in the state file."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Run:
        record = json.loads(text)
        phases = []
        for phase in record.pop("phases"):
            plan = phase.pop("resume_plan")
            phases.append(Phase(**phase, resume_plan=None if plan is None else Plan(**plan)))
        return cls(**record, phases=phases)
