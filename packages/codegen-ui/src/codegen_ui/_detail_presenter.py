"""The run detail: status, result, pull requests, live logs, and continuing the run.

While a run is open its logs are polled one page at a time: each answer carries the run's status
too, so one request of the API's logs class (60 per 60 s) per tick keeps both fresh; the full run
(summary, pull requests) is fetched again only when the status changes. The interval starts at
``POLL_SECONDS`` and grows ×1.5 up to ``MAX_POLL_SECONDS`` while nothing new arrives, like
``codegen``'s own follow; a full page is followed by the next at once, so a long history loads as
fast as the client's rate limiter allows. When the run has ended (or paused for input) one last read
drains what it wrote as it ended, and polling stops until the person continues the run.

Why not ``CodegenClient.follow_agent_run_logs``: it is a blocking iterator that cannot be stopped
from outside while it waits, so a run opened and left would keep a thread polling (and spending the
token's rate budget) until that run ends. Polling page by page lets a superseded run stop at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from codegen import AgentRun, AgentRunLog, AgentRunStatus, AgentRunWithLogs

from ._connection import Connection
from ._errors import describe, is_transient
from ._format import LogLine, log_line, source_label, timestamp
from ._scheduler import OneShot, Scheduler
from ._status_bar import StatusBar
from ._theme import StatusClass, status_class
from ._view_link import ViewLink
from ._worker import Generation, Worker

T = TypeVar("T")

LOG_PAGE_SIZE = 100
POLL_SECONDS = 2.0
MAX_POLL_SECONDS = 10.0
MAX_RETRY_SECONDS = 30.0


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class RunDetail:
    """What the detail pane shows about the run itself."""

    run_id: int
    status: str
    status_class: StatusClass
    created: str
    source: str
    """Where the run came from (``GitHub review``), or ``""``."""
    summary: str
    result: str
    links: tuple[Link, ...]
    """The run on the web first, then its pull requests."""


@dataclass(frozen=True)
class FollowUp:
    """The follow-up box: whether it can be sent, and what its label says it is for."""

    enabled: bool
    label: str


FOLLOW_UP_WHILE_RUNNING = "Follow-up prompt (once the run pauses or ends)"
FOLLOW_UP_AFTER_END = "Follow-up prompt: continues the run"
FOLLOW_UP_ANSWER = "Your answer to the agent"
NO_QUESTION = "The agent did not say what it needs; its last log entries may tell."


def asked_question(entries: Sequence[AgentRunLog]) -> str | None:
    """The last thing the agent asked in ``entries`` (a thought with a question mark), else the
    last thing it thought; ``None`` if it thought nothing."""
    said = [text.strip() for entry in entries if (text := _agent_text(entry)) and text.strip()]
    asking = [text for text in said if "?" in text]
    if asking:
        return asking[-1]
    return said[-1] if said else None


def _agent_text(entry: AgentRunLog) -> str | None:
    if entry.thought:
        return entry.thought
    return entry.observation if isinstance(entry.observation, str) else None


class DetailView(Protocol):
    def show_run(self, detail: RunDetail | None) -> None:
        """The run's state, or ``None``: no run open."""
        ...

    def clear_logs(self) -> None: ...

    def append_logs(self, lines: Sequence[LogLine]) -> None:
        """More entries at the end (the view follows the end unless scrolled up)."""
        ...

    def show_log_state(self, text: str) -> None: ...

    def set_hidden_log_types(self, hidden: frozenset[str]) -> None: ...

    def show_question(self, question: str | None) -> None:
        """The run waits for an answer: the banner with the agent's question (``None``: hide it)."""
        ...

    def set_follow_up(self, follow_up: FollowUp) -> None: ...

    def focus_follow_up(self) -> None: ...

    def clear_follow_up(self) -> None: ...

    def copy_to_clipboard(self, text: str) -> None: ...


def run_detail(run: AgentRun) -> RunDetail:
    links = [Link("Open in browser", run.web_url)] if run.web_url else []
    for pr in run.pull_requests:
        if pr.url:
            links.append(Link(f"Pull request: {pr.title or pr.url}", pr.url))
    return RunDetail(
        run_id=run.id,
        status=run.status or "—",
        status_class=status_class(run.status),
        created=timestamp(run.created_at),
        source=source_label(run.source_type),
        summary=run.summary or "",
        result=run.result or "",
        links=tuple(links),
    )


def is_web_link(url: str) -> bool:
    """Only http(s) links leave the app: a server-sent ``file:`` or script URL is not opened."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class DetailPresenter(ViewLink[DetailView]):
    def __init__(
        self,
        connection: Connection,
        worker: Worker,
        scheduler: Scheduler,
        status_bar: StatusBar,
        *,
        on_run_changed: Callable[[AgentRun], None],
        open_url: Callable[[str], bool],
        poll_seconds: float = POLL_SECONDS,
        max_poll_seconds: float = MAX_POLL_SECONDS,
    ) -> None:
        super().__init__()
        self._connection = connection
        self._worker = worker
        self._status_bar = status_bar
        self._on_run_changed = on_run_changed
        self._open_url = open_url
        self._poll_seconds = poll_seconds
        self._max_poll_seconds = max_poll_seconds
        self._generation = Generation()
        self._timer = OneShot(scheduler)
        self._run_id: int | None = None
        self._run: AgentRun | None = None
        self._cursor = 0
        self._interval = poll_seconds
        self._failures = 0
        self._following = False
        self._draining = False
        self._polling = False
        self._paused = False
        self._sending = False
        self._seen_status: str | None = None
        self._hidden: set[str] = set()
        self._question: str | None = None
        self._asked: str | None = None
        """The question the banner shows, so that it is drawn again only when it changes."""
        self._focus_when_waiting = False

    def attach(self, view: DetailView) -> None:
        self._attach(view)

    # -- state for the app and tests ----------------------------------------------------------

    @property
    def run_id(self) -> int | None:
        return self._run_id

    @property
    def run(self) -> AgentRun | None:
        return self._run

    @property
    def following(self) -> bool:
        return self._following

    @property
    def log_count(self) -> int:
        return self._cursor

    # -- what the person does ----------------------------------------------------------------

    def open(self, run_id: int, known: AgentRun | None = None, *, focus: bool = False) -> None:
        """Show run ``run_id`` (``known`` is its state from the list, shown until fresh data).

        ``focus``: the person opened it on purpose (Enter, a double-click, a new run), so if it
        waits for an answer the keyboard goes to the answer box. (Not while they walk the list
        with the arrow keys: that would take the keyboard away from the list.)
        """
        if run_id == self._run_id:
            self._focus_when_waiting = focus
            self.refresh()
            self._update_controls()
            return
        self._reset()
        self._focus_when_waiting = focus
        self._run_id = run_id
        self._run = known
        self._seen_status = known.status if known is not None else None
        self.view.clear_logs()
        self.view.show_run(run_detail(known) if known is not None else None)
        self._update_controls()
        self._fetch_run()
        self._follow()

    def close(self) -> None:
        """Show no run (e.g. after the settings changed)."""
        self._reset()
        self.view.clear_logs()
        self.view.show_run(None)
        self._update_controls()

    def refresh(self) -> None:
        """Fetch the run again and poll its logs now (F5)."""
        if self._run_id is None:
            return
        self._fetch_run()
        self._follow()

    def pause(self) -> None:
        """The window was minimised: stop polling until :meth:`resume`."""
        self._paused = True
        self._timer.cancel()

    def resume(self) -> None:
        if not self._paused:
            return
        self._paused = False
        if self._following:
            self._poll()

    def set_log_type_visible(self, type_key: str, visible: bool) -> None:
        if visible:
            self._hidden.discard(type_key)
        else:
            self._hidden.add(type_key)
        self.view.set_hidden_log_types(frozenset(self._hidden))
        self._show_log_state()

    def show_all_log_types(self) -> None:
        self._hidden.clear()
        self.view.set_hidden_log_types(frozenset())
        self._show_log_state()

    @property
    def hidden_log_types(self) -> frozenset[str]:
        return frozenset(self._hidden)

    def continue_run(self, prompt: str) -> None:
        """Send a follow-up prompt to the open run (one that is paused or has ended)."""
        run_id = self._run_id
        if run_id is None or self._sending:
            return
        if not prompt.strip():
            self._status_bar.show_error("Write a follow-up prompt first.")
            return
        if not self._can_continue():
            self._status_bar.show_error(
                f"Run {run_id} is still working; wait until it pauses or ends."
            )
            return
        connection, org_id = self._connection, self._connection.org_id
        self._sending = True
        self._update_controls()

        def job() -> AgentRun:
            return connection.client().resume_agent_run(org_id, run_id, prompt)

        self._worker.submit(job, self._guard(self._continued), self._guard(self._continue_failed))

    def copy_result(self) -> None:
        result = self._run.result if self._run is not None else None
        if not result:
            self._status_bar.show_status("This run has no result yet.")
            return
        self.view.copy_to_clipboard(result)
        self._status_bar.show_status("Result copied to the clipboard.")

    def open_link(self, url: str) -> None:
        if not is_web_link(url):
            self._status_bar.show_error(f"Not opening {url!r}: only http(s) links are opened.")
            return
        open_url = self._open_url

        def opened(ok: bool) -> None:
            if not ok:
                self._status_bar.show_error(f"No web browser could be started for {url}")

        def failed(error: Exception) -> None:
            self._status_bar.show_error(f"Could not open {url}: {describe(error)}")

        self._worker.submit(
            lambda: open_url(url), opened, failed
        )  # may block: not on the UI thread

    # -- answers -----------------------------------------------------------------------------

    def _continued(self, run: AgentRun) -> None:
        self._sending = False
        self.view.clear_follow_up()
        self._status_bar.show_status(f"Run {run.id} continues with your follow-up.")
        self._show(run)
        self._follow()

    def _continue_failed(self, error: Exception) -> None:
        self._sending = False
        self._update_controls()
        self._status_bar.show_error(f"Could not continue run {self._run_id}: {describe(error)}")

    def _fetch_run(self) -> None:
        connection, org_id, run_id = self._connection, self._connection.org_id, self._run_id

        def job() -> AgentRun:
            return connection.client().get_agent_run(org_id, run_id)

        self._worker.submit(job, self._guard(self._show), self._guard(self._run_failed))

    def _run_failed(self, error: Exception) -> None:
        self._status_bar.show_error(f"Could not load run {self._run_id}: {describe(error)}")

    def _show(self, run: AgentRun) -> None:
        before = status_class(self._run.status) if self._run is not None else None
        self._run = run
        self._seen_status = run.status
        self.view.show_run(run_detail(run))
        self._update_controls()
        self._on_run_changed(run)
        now = status_class(run.status)
        if before is StatusClass.RUNNING and now is not StatusClass.RUNNING:
            self._status_bar.show_status(_ended_note(run.id, now, run.status))
            if now is StatusClass.PAUSED:  # it asks now: the keyboard goes to the answer
                self.view.focus_follow_up()

    def _follow(self) -> None:
        """(Re)start polling the logs from where they are, at the shortest interval."""
        self._following = True
        self._draining = False
        self._interval = self._poll_seconds
        self._poll()

    def _poll(self) -> None:
        self._timer.cancel()
        if self._polling or self._paused or self._run_id is None:
            return
        connection, org_id, run_id, skip = (
            self._connection,
            self._connection.org_id,
            self._run_id,
            self._cursor,
        )
        self._polling = True
        self._show_log_state()

        def job() -> tuple[AgentRunWithLogs, list[LogLine]]:
            page = connection.client().get_agent_run_logs(
                org_id, run_id, skip=skip, limit=LOG_PAGE_SIZE
            )
            return page, [log_line(entry) for entry in page.logs]  # formatted off the UI thread

        self._worker.submit(job, self._guard(self._got_logs), self._guard(self._logs_failed))

    def _got_logs(self, answer: tuple[AgentRunWithLogs, list[LogLine]]) -> None:
        page, lines = answer
        self._polling = False
        if self._failures:
            self._status_bar.show_status(f"Following run {self._run_id} again.")
        self._failures = 0
        if lines:
            self._cursor += len(lines)
            self.view.append_logs(lines)
            self._question = asked_question(page.logs) or self._question
        if page.status is not None and page.status != self._seen_status:
            self._seen_status = page.status
            self._interval = self._poll_seconds
            self._fetch_run()  # summary, result and pull requests come with the full run
        if len(lines) >= LOG_PAGE_SIZE:
            self._poll()
        elif page.is_terminal or page.needs_input:
            if self._draining:
                self._following = False
            else:
                self._draining = True
                self._poll()
        else:
            self._draining = False
            if lines:
                self._interval = self._poll_seconds
            self._schedule(self._interval)
            if not lines:  # quiet: wait longer next time
                self._interval = min(self._interval * 1.5, self._max_poll_seconds)
        self._show_log_state()
        self._update_question()

    def _logs_failed(self, error: Exception) -> None:
        self._polling = False
        if is_transient(error):
            self._failures += 1
            delay = min(self._poll_seconds * 2**self._failures, MAX_RETRY_SECONDS)
            self._status_bar.show_error(
                f"Logs of run {self._run_id}: {describe(error)}; trying again in {delay:.0f} s"
            )
            self._schedule(delay)
        else:
            self._following = False
            self._status_bar.show_error(
                f"Could not load the logs of run {self._run_id}: {describe(error)}"
            )
        self._show_log_state()

    # -- helpers -----------------------------------------------------------------------------

    def _guard(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        return self._generation.guard(callback)

    def _reset(self) -> None:
        self._generation.bump()
        self._timer.cancel()
        self._run_id = self._run = self._seen_status = None
        self._question = None
        self._cursor = self._failures = 0
        self._following = self._draining = self._polling = self._sending = False
        self._focus_when_waiting = False
        self._update_question()

    def _can_continue(self) -> bool:
        run = self._run
        return run is not None and (run.is_terminal or run.needs_input)

    def _waiting(self) -> bool:
        """The run waits for an answer (by the latest status seen, from the run or its logs)."""
        status = AgentRunStatus.parse(self._seen_status)
        return status is not None and status.needs_input

    def _update_controls(self) -> None:
        if self._waiting():
            label = FOLLOW_UP_ANSWER
        elif self._can_continue():
            label = FOLLOW_UP_AFTER_END
        else:
            label = FOLLOW_UP_WHILE_RUNNING
        self.view.set_follow_up(FollowUp(not self._sending and self._can_continue(), label))
        self._update_question()
        if self._run is not None and self._focus_when_waiting:
            self._focus_when_waiting = False
            if self._waiting():
                self.view.focus_follow_up()

    def _update_question(self) -> None:
        asked = (self._question or NO_QUESTION) if self._waiting() else None
        if asked != self._asked:
            self._asked = asked
            self.view.show_question(asked)

    def _show_log_state(self) -> None:
        count = self._cursor
        parts = [f"{count:,} log entr{'y' if count == 1 else 'ies'}"]
        if self._hidden:
            parts.append(f"{len(self._hidden)} type{'s' if len(self._hidden) > 1 else ''} hidden")
        status = AgentRunStatus.parse(self._seen_status)
        ended = status is not None and (status.is_terminal or status.needs_input)
        if self._following and self._paused:
            parts.append("paused while minimised")
        elif self._following and self._failures:
            parts.append("retrying")
        elif self._following and not ended:
            parts.append("live")
        self.view.show_log_state(" · ".join(parts))

    def _schedule(self, seconds: float) -> None:
        self._timer.cancel()
        if not self._paused:
            self._timer.start(seconds, self._poll)


def _ended_note(run_id: int, now: StatusClass, status: str | None) -> str:
    if now is StatusClass.PAUSED:
        return f"Run {run_id} is waiting for your answer."
    if now is StatusClass.COMPLETE:
        return f"Run {run_id} is complete."
    return f"Run {run_id} ended: {status or 'unknown status'}."
