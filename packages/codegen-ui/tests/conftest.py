"""Fakes shared by the codegen-ui tests: a client, a clock-driven scheduler, recording views.

Tests run with ``--import-mode=importlib``, so helpers reach the tests as fixtures (or fixture
attributes), never by importing this module.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from codegen import (
    AgentRun,
    AgentRunLog,
    AgentRunWithLogs,
    AuthenticationError,
    ClientConfig,
    NotFoundError,
    Organization,
    Page,
    Repository,
    RetryNotice,
    User,
    is_transient,
)
from codegen_ui._connection import Connection
from codegen_ui._worker import Worker

ORG = 7
TOKEN = "tok-secret-123"
BASE_TIME = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def make_run(run_id: int, status: str = "COMPLETE", **fields: Any) -> AgentRun:
    data: dict[str, Any] = {
        "id": run_id,
        "organization_id": ORG,
        "status": status,
        "created_at": (BASE_TIME + timedelta(minutes=run_id)).isoformat(),
        "web_url": f"https://codegen.com/agent/trace/{run_id}",
        "summary": f"Summary of run {run_id}",
        "source_type": "API",
    }
    data.update(fields)
    return AgentRun.model_validate(data)


LOG_TYPES_CYCLE = ("ACTION", "PLAN_EVALUATION", "ERROR", "FINAL_ANSWER", "INITIAL_PR_GENERATION")


def make_log(run_id: int, index: int, message_type: str | None = None) -> AgentRunLog:
    kind = message_type or LOG_TYPES_CYCLE[index % len(LOG_TYPES_CYCLE)]
    return AgentRunLog.model_validate(
        {
            "agent_run_id": run_id,
            "created_at": (BASE_TIME + timedelta(seconds=index)).isoformat(),
            "message_type": kind,
            "thought": f"thought {index}",
            "tool_name": "view_file" if kind == "ACTION" else None,
            "tool_input": {"path": f"src/file_{index}.py"} if kind == "ACTION" else None,
        }
    )


class FakeClient:
    """An in-memory stand-in for ``CodegenClient``: runs newest first, logs per run, call record.

    ``fail(method, error)`` makes the next calls of ``method`` raise; ``gate`` (an Event) when set
    on a method holds its calls until released, to test answers that arrive late.
    """

    def __init__(self, runs: Sequence[AgentRun] = (), *, org_ids: Sequence[int] = (ORG,)) -> None:
        self.runs: list[AgentRun] = sorted(runs, key=lambda r: -r.id)
        self.logs: dict[int, list[AgentRunLog]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.failures: dict[str, list[Exception]] = {}
        self.gates: dict[str, threading.Event] = {}
        self.orgs = [Organization(id=i, name=f"Org {i}") for i in org_ids]
        self.repos = [
            Repository(id=10, name="arm", full_name="acme/arm", github_id="1", organization_id=ORG, setup_status="COMPLETE"),
            Repository(id=11, name="old", full_name="acme/old", github_id="2", organization_id=ORG, setup_status="COMPLETE", archived=True),
            Repository(id=12, name="dash", full_name="acme/dash", github_id="3", organization_id=ORG, setup_status="COMPLETE"),
        ]  # fmt: skip
        self.next_id = max((r.id for r in runs), default=100) + 1
        self.follows: list[FakeFollow] = []
        self.closed = False
        self._lock = threading.Lock()

    def fail(self, method: str, error: Exception, times: int = 1) -> None:
        self.failures.setdefault(method, []).extend([error] * times)

    def _call(self, method: str, **kwargs: Any) -> None:
        with self._lock:
            self.calls.append((method, kwargs))
            failures = self.failures.get(method)
            error = failures.pop(0) if failures else None
        gate = self.gates.get(method)
        if gate is not None:
            gate.wait(5)
        if error is not None:
            raise error

    def called(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [kwargs for name, kwargs in self.calls if name == method]

    def run(self, run_id: int) -> AgentRun:
        for run in self.runs:
            if run.id == run_id:
                return run
        raise NotFoundError("Agent run not found.", method="GET", url="/x", status_code=404)

    def set_run(self, run: AgentRun) -> None:
        with self._lock:
            self.runs = [run if r.id == run.id else r for r in self.runs]

    # -- the Client protocol ---------------------------------------------------------------

    def get_current_user(self) -> User:
        self._call("get_current_user")
        return User(id=1, github_user_id="1", github_username="ada", full_name="Ada Lovelace")

    def iter_organizations(self) -> Iterator[Organization]:
        self._call("iter_organizations")
        return iter(self.orgs)

    def iter_repositories(self, org_id: int | None = None) -> Iterator[Repository]:
        self._call("iter_repositories", org_id=org_id)
        return iter(self.repos)

    def list_agent_runs(
        self, org_id: int | None = None, *, skip: int = 0, limit: int = 100
    ) -> Page[AgentRun]:
        self._call("list_agent_runs", org_id=org_id, skip=skip, limit=limit)
        items = self.runs[skip : skip + limit]
        pages = max(1, -(-len(self.runs) // limit))
        return Page[AgentRun](
            items=items, total=len(self.runs), page=skip // limit + 1, size=limit, pages=pages
        )

    def get_agent_run(self, org_id: int | None = None, agent_run_id: int | None = None) -> AgentRun:
        self._call("get_agent_run", org_id=org_id, agent_run_id=agent_run_id)
        assert agent_run_id is not None
        return self.run(agent_run_id)

    def get_agent_run_logs(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        skip: int = 0,
        limit: int = 100,
    ) -> AgentRunWithLogs:
        self._call(
            "get_agent_run_logs", org_id=org_id, agent_run_id=agent_run_id, skip=skip, limit=limit
        )
        assert agent_run_id is not None
        run = self.run(agent_run_id)
        logs = self.logs.get(agent_run_id, [])
        return AgentRunWithLogs(
            id=run.id,
            organization_id=run.organization_id,
            status=run.status,
            result=run.result,
            logs=logs[skip : skip + limit],
            total_logs=len(logs),
        )

    def follow_agent_run_logs(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        start: int = 0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 5.0,
        on_update: Callable[[AgentRunWithLogs], Any] | None = None,
        on_retry: Callable[[RetryNotice], Any] | None = None,
    ) -> FakeFollow:
        self._call(
            "follow_agent_run_logs", org_id=org_id, agent_run_id=agent_run_id, start=start,
            poll_interval=poll_interval, max_poll_interval=max_poll_interval,
        )  # fmt: skip
        assert agent_run_id is not None
        follow = FakeFollow(self, org_id, agent_run_id, start, poll_interval, on_update, on_retry)
        self.follows.append(follow)
        return follow

    def create_agent_run(self, prompt: str, **kwargs: Any) -> AgentRun:
        self._call("create_agent_run", prompt=prompt, **kwargs)
        with self._lock:
            run = make_run(self.next_id, "PENDING", summary=None)
            self.next_id += 1
            self.runs.insert(0, run)
        return run

    def resume_agent_run(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        prompt: str | None = None,
        **kwargs: Any,
    ) -> AgentRun:
        self._call("resume_agent_run", org_id=org_id, agent_run_id=agent_run_id, prompt=prompt)
        assert agent_run_id is not None
        run = self.run(agent_run_id).model_copy(update={"status": "ACTIVE"})
        self.set_run(run)
        return run

    def close(self) -> None:
        self.closed = True


class FakeFollow:
    """``follow_agent_run_logs`` as core documents it, over the fake's log pages: every entry from
    ``start`` once; ``on_update`` with the first page and each status change; transient failures
    told to ``on_retry`` and waited out, others raised; one more read after the run ends or pauses;
    ``close()`` from any thread ends it at once, even while it waits (here ``poll_interval``, which
    the tests keep short). Core's own tests hold the real one to the same contract."""

    def __init__(
        self,
        client: FakeClient,
        org_id: int | None,
        run_id: int,
        start: int,
        poll_interval: float,
        on_update: Callable[[AgentRunWithLogs], Any] | None,
        on_retry: Callable[[RetryNotice], Any] | None,
    ) -> None:
        self._client, self._org_id, self._run_id = client, org_id, run_id
        self._poll, self._on_update, self._on_retry = poll_interval, on_update, on_retry
        self._entries = self._generate(start)
        self.stop = threading.Event()
        self.give_up = threading.Event()
        """Set: the follow ends at its next poll, as core's does when a server repeats itself."""

    def __iter__(self) -> FakeFollow:
        return self

    def __next__(self) -> AgentRunLog:
        return next(self._entries)

    def close(self) -> None:
        self.stop.set()

    def _generate(self, cursor: int) -> Iterator[AgentRunLog]:
        status: str | None = None
        first, draining, failures = True, False, 0
        while not self.stop.is_set() and not self.give_up.is_set():
            try:
                page = self._client.get_agent_run_logs(
                    self._org_id, self._run_id, skip=cursor, limit=100
                )
            except Exception as error:
                if not is_transient(error):
                    raise
                failures += 1
                if self._on_retry is not None:
                    self._on_retry(RetryNotice(error, self._poll, failures))
                self.stop.wait(self._poll)
                continue
            failures = 0
            if self._on_update is not None and (first or page.status != status):
                self._on_update(page)
            first, status = False, page.status
            for entry in page.logs:
                if self.stop.is_set():
                    return
                yield entry
            cursor += len(page.logs)
            if len(page.logs) >= 100:
                continue
            if page.is_terminal or page.needs_input:
                if draining:
                    return
                draining = True
                continue
            draining = False
            self.stop.wait(self._poll)


@dataclass
class FakeTimer:
    due: float
    callback: Callable[[], None]
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


@dataclass
class FakeScheduler:
    """Timers on a clock that moves only when a test says so."""

    now: float = 0.0
    timers: list[FakeTimer] = field(default_factory=list)

    def call_later(self, seconds: float, callback: Callable[[], None]) -> FakeTimer:
        timer = FakeTimer(self.now + seconds, callback)
        self.timers.append(timer)
        return timer

    def pending(self) -> list[float]:
        """Seconds from now of every live timer."""
        return sorted(t.due - self.now for t in self.timers if not t.cancelled)

    def advance(self, seconds: float) -> None:
        self.now += seconds
        for timer in sorted(self.timers, key=lambda t: t.due):
            if not timer.cancelled and timer.due <= self.now:
                timer.cancelled = True
                timer.callback()


class Recorder:
    """A fake view: every call is recorded as (method, args); ``last(method)`` gives the latest."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("_"):
            raise AttributeError(name)

        def record(*args: Any, **kwargs: Any) -> None:
            self.calls.append((name, args + tuple(kwargs.values())))

        return record

    def all(self, method: str) -> list[tuple[Any, ...]]:
        return [args for name, args in self.calls if name == method]

    def last(self, method: str) -> tuple[Any, ...]:
        found = self.all(method)
        assert found, f"{method} was never called; calls: {[n for n, _ in self.calls]}"
        return found[-1]


def settle(worker: Worker, until: Callable[[], bool] | None = None, timeout: float = 5.0) -> None:
    """Run the worker's callbacks here until it is idle (and ``until()`` holds, if given)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        worker.run_callbacks(1.0)
        if not worker.busy and (until is None or until()):
            return
        time.sleep(0.002)
    raise AssertionError("the worker did not settle in time")


@dataclass
class Kit:
    """What presenter tests need, in one fixture."""

    client: FakeClient
    connection: Connection
    worker: Worker
    scheduler: FakeScheduler
    status: Recorder
    config_dir: Path

    @staticmethod
    def make_run(run_id: int, status: str = "COMPLETE", **fields: Any) -> AgentRun:
        return make_run(run_id, status, **fields)

    @staticmethod
    def make_log(run_id: int, index: int, message_type: str | None = None) -> AgentRunLog:
        return make_log(run_id, index, message_type)

    def settle(self, until: Callable[[], bool] | None = None) -> None:
        settle(self.worker, until)


@pytest.fixture(autouse=True)
def isolated_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No test reads or writes the real profile file or sees the caller's CODEGEN_* settings."""
    import os

    for name in list(os.environ):
        if name.startswith("CODEGEN_"):
            monkeypatch.delenv(name)
    folder = tmp_path / "config"
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def config() -> ClientConfig:
    return ClientConfig(api_token=TOKEN, org_id=ORG, api_url="https://api.example.test/v1")


@pytest.fixture
def kit(config: ClientConfig, isolated_config: Path) -> Iterator[Kit]:
    client = FakeClient(
        [make_run(i, status) for i, status in ((1, "COMPLETE"), (2, "FAILED"), (3, "RUNNING"))]
    )
    connection = Connection(config, factory=lambda _config: client)
    worker = Worker(threads=2)
    yield Kit(client, connection, worker, FakeScheduler(), Recorder(), isolated_config)
    worker.shutdown()


@pytest.fixture
def fake_client_class() -> type[FakeClient]:
    return FakeClient


@pytest.fixture
def recorder_class() -> type[Recorder]:
    return Recorder


@pytest.fixture
def auth_error() -> AuthenticationError:
    return AuthenticationError(
        "Invalid API token",
        method="GET",
        url="https://api.example.test/v1/users/me",
        status_code=401,
    )
