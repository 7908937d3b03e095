"""Many prompts at the API's ceiling: a batch of runs, created exactly once and watched in pages.

Creates are paced by the client's rate limiter (the create class: 10 a minute on the real API), so
a batch never meets a 429 of its own making; the runs it started are watched through pages of
``list_agent_runs`` (100 runs a request), newest first, never one ``GET`` per run. Each run is
reported once, as it finishes (or as it is created, without waiting).

A batch is resumable. Before a line's create is sent, its client request id is written to the
batch's journal (:class:`BatchJournal`); its run id after. Run again after Ctrl-C, a crash or
SIGKILL, the batch reads the journal, finds the runs of lines whose answer it never recorded by
their request id (stamped in ``metadata``), watches the runs still going, creates only the lines
never sent, and reports only what was not reported before.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codegen_models import MAX_PAGE_SIZE, AgentRun, AgentRunStatus, AgentType

from ._effects import Emit, Flow, ItemFlow, Notify, Sleep
from ._exactly_once import find_created_runs
from ._exceptions import ArgumentTypeError, CodegenError, ImageError
from ._images import to_data_uris
from ._paging import MAX_PAGES

if TYPE_CHECKING:
    from ._flows import ClientFlows

BATCH_FIELDS = ("prompt", "repo_id", "model", "agent_type", "metadata", "images")
"""What a JSON line of a batch file may hold."""
WATCH_REQUESTS_PER_SECOND = 1.0
"""Watching may use at most this share of the standard class's 2 requests a second."""


@dataclass(frozen=True)
class BatchItem:
    """One prompt of a batch, from line :attr:`line` (1-based) of its file."""

    line: int
    prompt: str
    repo_id: int | None = None
    model: str | None = None
    agent_type: str | None = None
    metadata: Mapping[str, Any] | None = None
    images: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    """A run of a batch, as it was reported: when it ended (or when it was created, not waiting)."""

    line: int
    agent_run_id: int
    status: str | None
    web_url: str | None
    summary: str | None
    pull_request_urls: tuple[str, ...]

    @property
    def succeeded(self) -> bool:
        """The run ended successfully (``COMPLETE``, in any spelling)."""
        return AgentRunStatus.parse(self.status) is AgentRunStatus.COMPLETE

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BatchResult:
        """The result a :meth:`to_dict` line describes (as ``codegen batch`` prints them)."""
        return cls(
            line=data["line"],
            agent_run_id=data["id"],
            status=data.get("status"),
            web_url=data.get("web_url"),
            summary=data.get("summary"),
            pull_request_urls=tuple(data.get("pull_requests") or ()),
        )

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON object: ``line``, ``id``, ``status``, ``web_url``, ``summary``,
        ``pull_requests``."""
        return {
            "line": self.line,
            "id": self.agent_run_id,
            "status": self.status,
            "web_url": self.web_url,
            "summary": self.summary,
            "pull_requests": list(self.pull_request_urls),
        }


@dataclass(frozen=True)
class BatchProgress:
    """Where a batch stands: what :func:`batch_flow` tells ``on_progress`` after each change."""

    total: int
    created: int
    finished: int
    statuses: Mapping[str, int]
    """The last status seen of every created run, counted."""
    elapsed: float
    eta: float | None
    """Seconds until the last create, from the create rate so far (``None`` until known)."""


class BatchInputError(CodegenError, ValueError):
    """Lines of a batch file that cannot be run; :attr:`problems` is ``[(line, reason), ...]``."""

    def __init__(self, source: str, problems: list[tuple[int, str]]) -> None:
        shown = "; ".join(f"line {line}: {reason}" for line, reason in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"{source}: {shown}{more}")
        self.problems = problems


def read_batch(path: str | os.PathLike[str]) -> list[BatchItem]:
    """The prompts of a batch file: one prompt per line, or JSON Lines with ``prompt`` and
    optional ``repo_id``, ``model``, ``agent_type``, ``metadata``, ``images`` (paths relative to
    the file). Blank lines and lines starting with ``#`` are skipped. Every bad line (an empty
    prompt, bad JSON, a missing image) is reported at once, before anything is created."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BatchInputError(str(source), [(0, str(error))]) from None
    items, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            items.append(_item(number, line, source.parent))
        except (ValueError, TypeError) as error:
            problems.append((number, str(error)))
    if problems:
        raise BatchInputError(str(source), problems)
    if not items:
        raise BatchInputError(str(source), [(0, "no prompts")])
    return items


def _item(number: int, line: str, base: Path) -> BatchItem:
    if not line.startswith("{"):
        return BatchItem(number, line)
    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise ValueError("a JSON line must be an object with a prompt")
    unknown = sorted(set(data) - set(BATCH_FIELDS))
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r} (known: {', '.join(BATCH_FIELDS)})")
    prompt = data.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError("the prompt is missing or empty")
    repo_id = data.get("repo_id")
    if repo_id is not None and (isinstance(repo_id, bool) or not isinstance(repo_id, int)):
        raise ValueError(f"repo_id must be an integer, got {repo_id!r}")
    for name in ("model", "agent_type"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise ValueError(f"{name} must be a string")
    if data.get("agent_type") is not None:
        AgentType(data["agent_type"])
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise ValueError("metadata must be an object")
    images = data.get("images") or []
    if not isinstance(images, list) or not all(isinstance(i, str) for i in images):
        raise ValueError("images must be a list of file paths")
    resolved = tuple(
        image if image.startswith("data:") else str((base / image).expanduser()) for image in images
    )
    try:
        to_data_uris(resolved)  # a missing, unreadable or oversize image fails here, not later
    except ImageError as error:
        raise ValueError(str(error)) from None
    return BatchItem(
        number, prompt, repo_id, data.get("model"), data.get("agent_type"), metadata, resolved
    )


# -- the journal --------------------------------------------------------------------------------


@dataclass
class _LineState:
    request_id: str | None = None
    sent_at: float | None = None
    run_id: int | None = None
    reported: bool = False
    result: dict[str, Any] | None = None


@dataclass
class BatchJournal:
    """What a batch has done, line by line, appended to a JSON Lines file as it happens.

    Each record is written and flushed to disk before the step it records goes on (a create is
    recorded before it is sent), so a batch killed at any point can be carried on. A torn last line
    (a kill in the middle of a write) is ignored. ``path=None`` keeps the journal in memory only.
    """

    path: Path | None
    fingerprint: str
    lines: dict[int, _LineState] = field(default_factory=dict)

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None, items: Sequence[BatchItem], org_id: int
    ) -> BatchJournal:
        """The journal of this batch at ``path``, carried on if it is there. A journal of other
        prompts or of another organization is refused rather than mixed up."""
        fingerprint = _fingerprint(items, org_id)
        journal = cls(None if path is None else Path(path), fingerprint)
        if journal.path is None or not journal.path.exists():
            journal._append({"batch": fingerprint, "org_id": org_id, "lines": len(items)})
            return journal
        with _journal_errors(journal.path):
            records = _read_records(journal.path)
        if not records or records[0].get("batch") != fingerprint:
            raise BatchInputError(
                str(journal.path),
                [(0, "this journal belongs to another batch (other prompts or organization); "
                     "remove it or choose another with --state")],
            )  # fmt: skip
        for record in records[1:]:
            with _journal_errors(journal.path):
                state = journal.lines.setdefault(int(record["line"]), _LineState())
                if "request_id" in record:
                    state.request_id, state.sent_at = record["request_id"], record["sent_at"]
            if "run_id" in record:
                state.run_id = record["run_id"]
            if record.get("reported"):
                state.reported, state.result = True, record.get("result")
        return journal

    def state(self, line: int) -> _LineState:
        return self.lines.setdefault(line, _LineState())

    def record(self, line: int, **values: Any) -> None:
        """Record a step of ``line`` (``request_id``/``sent_at``, ``run_id``,
        ``reported``/``result``)."""
        state = self.state(line)
        for name, value in values.items():
            setattr(state, name, value)
        self._append({"line": line, **values})

    def _append(self, record: dict[str, Any]) -> None:
        if self.path is None:
            return
        with _journal_errors(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(record) + "\n")
                handle.flush()
                os.fsync(handle.fileno())


@contextmanager
def _journal_errors(path: Path) -> Iterator[None]:
    """A journal that cannot be read or written (a folder, no permission, a full disk, a file of
    something else) is a :class:`BatchInputError`; nothing is created without its record."""
    try:
        yield
    except OSError as error:
        reason = f"cannot use it as the batch's journal: {error.strerror or error}"
        raise BatchInputError(str(path), [(0, reason)]) from None
    except (KeyError, TypeError, ValueError):
        raise BatchInputError(str(path), [(0, "not a batch journal")]) from None


def _fingerprint(items: Sequence[BatchItem], org_id: int) -> str:
    digest = hashlib.sha256(str(org_id).encode())
    for item in items:
        digest.update(json.dumps([item.line, item.prompt, item.repo_id, item.model,
                                  item.agent_type, item.metadata, item.images],
                                 sort_keys=True, default=str).encode())  # fmt: skip
    return digest.hexdigest()[:16]


def _read_records(path: Path) -> list[dict[str, Any]]:
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a write torn by a kill
        if isinstance(record, dict):
            records.append(record)
    return records


# -- the flow -----------------------------------------------------------------------------------


def batch_flow(
    client: ClientFlows[Any],
    items: Sequence[BatchItem],
    *,
    org_id: int,
    journal: BatchJournal,
    wait: bool,
    max_in_flight: int | None,
    poll_interval: float,
    on_progress: Callable[[BatchProgress], Any] | None,
    clock: Callable[[], float],
    replay: bool = False,
    already_reported: Iterable[BatchResult] = (),
) -> ItemFlow[BatchResult]:
    """Create the batch's runs, paced by the create limit, and report each once (``replay``: the
    results reported by an earlier go first, again; ``already_reported``: results the caller
    delivered itself, in its own output, that the journal may not know of yet)."""
    for result in already_reported:
        state = journal.state(result.line)
        if state.run_id == result.agent_run_id and not state.reported:  # this batch's run
            journal.record(result.line, reported=True, result=result.to_dict())
    started = clock()
    by_line = {item.line: item for item in items}
    statuses: dict[int, str | None] = {}  # run id -> last status seen
    line_of: dict[int, int] = {}  # run id -> line
    active: set[int] = set()  # run ids being watched
    created_now = 0

    if replay:
        for _line, state in sorted(journal.lines.items()):
            if state.reported and state.result is not None:
                yield Emit(BatchResult.from_dict(state.result))
    yield from _recover_lost_creates(client, org_id, journal)
    for line, state in sorted(journal.lines.items()):
        if state.run_id is not None and line in by_line:
            line_of[state.run_id] = line
            statuses[state.run_id] = (state.result or {}).get("status")
            if not state.reported:
                active.add(state.run_id)
    pending = [item for item in items if journal.state(item.line).run_id is None]

    def progress() -> BatchProgress:
        elapsed = clock() - started
        rate = created_now / elapsed if created_now and elapsed > 0 else None
        eta = len(pending) / rate if rate else (0.0 if not pending else None)
        return BatchProgress(
            total=len(items),
            created=len(line_of),
            finished=sum(1 for line in line_of.values() if journal.state(line).reported),
            statuses=dict(Counter(status or "PENDING" for status in statuses.values())),
            elapsed=elapsed,
            eta=eta,
        )

    next_watch = clock()
    while pending or (wait and active):
        created_any = False
        while pending and (max_in_flight is None or len(active) < max_in_flight):
            if client._create_wait(clock()) > 0:
                break
            item = pending.pop(0)
            run = yield from _create(client, item, org_id, journal)
            created_now += 1
            created_any = True
            line_of[run.id], statuses[run.id] = item.line, run.status
            if wait:
                active.add(run.id)
            else:
                yield from _report(journal, item.line, run)
        if created_any and on_progress is not None:
            yield Notify(on_progress, progress())
        now = clock()
        if wait and active and now >= next_watch:
            finished = yield from _watch(client, org_id, active)
            for run in finished.values():
                statuses[run.id] = run.status
                if run.is_terminal or run.needs_input:
                    active.discard(run.id)
                    yield from _report(journal, line_of[run.id], run)
            pages = max(1, math.ceil(len(active) / MAX_PAGE_SIZE))
            next_watch = clock() + max(poll_interval, pages / WATCH_REQUESTS_PER_SECOND)
            if on_progress is not None:
                yield Notify(on_progress, progress())
        waits = [next_watch - clock()] if wait and active else []
        if pending and (max_in_flight is None or len(active) < max_in_flight):
            waits.append(client._create_wait(clock()))
        delay = max(0.0, min(waits)) if waits else 0.0
        if delay > 0:
            yield Sleep(delay)
    if on_progress is not None:  # where the whole batch stands, earlier goes included
        yield Notify(on_progress, progress())


def _create(
    client: ClientFlows[Any], item: BatchItem, org_id: int, journal: BatchJournal
) -> Flow[AgentRun]:
    state = journal.state(item.line)
    if state.request_id is None:  # a line sent before keeps its id, so it is found, not resent
        journal.record(item.line, request_id=uuid.uuid4().hex, sent_at=time.time())
    run: AgentRun = yield from client._create_agent_run(
        item.prompt,
        org_id=org_id,
        repo_id=item.repo_id,
        model=item.model,
        agent_type=item.agent_type,
        metadata=item.metadata,
        images=item.images or None,
        idempotency_key=journal.state(item.line).request_id,
    )
    journal.record(item.line, run_id=run.id)
    return run


def _report(journal: BatchJournal, line: int, run: AgentRun) -> ItemFlow[BatchResult]:
    """Hand the run's result out once; it counts as reported when the caller asks for the next."""
    result = BatchResult(
        line=line,
        agent_run_id=run.id,
        status=run.status,
        web_url=run.web_url,
        summary=run.summary,
        pull_request_urls=tuple(pr.url for pr in run.pull_requests if pr.url),
    )
    yield Emit(result)
    journal.record(line, reported=True, result=result.to_dict())


def _recover_lost_creates(
    client: ClientFlows[Any], org_id: int, journal: BatchJournal
) -> Flow[None]:
    """Lines sent before whose answer was never recorded: their runs, by request id, in one pass
    over the newest runs down to the oldest such send (as a lost create is looked for)."""
    lost = {
        s.request_id: line for line, s in journal.lines.items() if s.request_id and s.run_id is None
    }
    if not lost:
        return
    oldest = min(journal.lines[line].sent_at or 0.0 for line in lost.values())
    found = yield from find_created_runs(client, org_id, lost, oldest, pages=MAX_PAGES)
    for request_id, run in found.items():
        journal.record(lost[request_id], run_id=run.id)


def _watch(client: ClientFlows[Any], org_id: int, active: set[int]) -> Flow[dict[int, AgentRun]]:
    """The current state of the ``active`` runs, from pages of the newest runs: paging stops once
    every one was seen, or the page reached ids older than the oldest of them (ids grow). Runs not
    seen that way are read one by one."""
    seen: dict[int, AgentRun] = {}
    oldest = min(active)
    skip = 0
    for _ in range(math.ceil(len(active) / MAX_PAGE_SIZE) + 5):
        page = yield from client._list_agent_runs(org_id, skip=skip, limit=MAX_PAGE_SIZE)
        seen.update({run.id: run for run in page.items if run.id in active})
        skip += len(page.items)
        if len(seen) == len(active) or len(page.items) < MAX_PAGE_SIZE:
            break
        if page.items and min(run.id for run in page.items) < oldest:
            break
    for run_id in sorted(active - set(seen)):
        seen[run_id] = yield from client._get_agent_run(org_id, run_id)
    return seen


def batch_items(prompts: Iterable[str | BatchItem | Mapping[str, Any]]) -> list[BatchItem]:
    """Items from prompts, items, or mappings of the JSON-line fields, numbered from 1."""
    if isinstance(prompts, str | bytes) or not isinstance(prompts, Iterable):
        raise ArgumentTypeError(
            f"prompts must be a list of prompts, got {type(prompts).__name__}", argument="prompts"
        )
    items = []
    for number, prompt in enumerate(prompts, start=1):
        if not isinstance(prompt, BatchItem | str | Mapping):
            raise ArgumentTypeError(
                f"prompts[{number - 1}] must be a string, a BatchItem or a mapping, got "
                f"{type(prompt).__name__}",
                argument="prompts",
            )
        if isinstance(prompt, BatchItem):
            items.append(prompt)
        elif isinstance(prompt, str):
            if not prompt.strip():
                raise BatchInputError("prompts", [(number, "the prompt is empty")])
            items.append(BatchItem(number, prompt))
        else:
            items.append(_item(number, json.dumps(dict(prompt)), Path.cwd()))
    return items
