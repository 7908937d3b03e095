"""The run detail: status, result, pull requests, live logs, and continuing the run.

While a run is open its log is followed with ``codegen``'s own ``follow_agent_run_logs`` on a thread
of its own (see ``_log_follower``): it polls one page per request (each page carries the run's
status too), at an interval that starts at ``POLL_SECONDS`` and grows up to ``MAX_POLL_SECONDS``
while nothing new arrives, reads once more after the run ends or pauses, and waits out network
trouble, 429 and 5xx answers, telling each wait (shown in the status bar). The full run (summary,
result, pull requests) is fetched again when the status changes. Another run opened, the window
minimised or the app closed stop the follow at once (its iterator is closed from the Tk thread);
restored, or after F5 or a follow-up, it starts again from the entries already shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from codegen import AgentRun, AgentRunLog, AgentRunStatus, AgentRunWithLogs, RetryNotice

from ._connection import Connection, Following
from ._errors import describe
from ._format import LogLine, source_label, timestamp
from ._log_follower import Batch, FollowEvents, LogFollower
from ._palette import StatusClass
from ._scheduler import OneShot, Scheduler
from ._status_bar import StatusBar
from ._theme import status_class
from ._view_link import ViewLink
from ._worker import Generation, Worker

T = TypeVar("T")

POLL_SECONDS = 2.0
MAX_POLL_SECONDS = 10.0
RETRY_GRACE_SECONDS = 5.0
"""After a retry's wait, this long without another failure means the log is followed again."""


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
    last thing it thought; ``None`` if it thought nothing. (Read from the end: a batch can hold
    ten thousand entries, and the question is near the end.)"""
    last_said = None
    for entry in reversed(entries):
        text = (_agent_text(entry) or "").strip()
        if "?" in text:
            return text
        if text and last_said is None:
            last_said = text
    return last_said


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
        self._retry_timer = OneShot(scheduler)
        self._run_id: int | None = None
        self._run: AgentRun | None = None
        self._cursor = 0
        self._follower: LogFollower | None = None
        self._following = False
        """The log is to be followed (it may be stopped for now, while the window is minimised)."""
        self._retrying = False
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
        """Show no run (after the settings changed, or when the app closes)."""
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
        """The window was minimised: stop following until :meth:`resume`."""
        self._paused = True
        self._stop_following()
        self._show_log_state()

    def shutdown(self) -> None:
        """The app closes: stop following, drop every answer, touch no widget."""
        self._generation.bump()
        self._stop_following()

    def resume(self) -> None:
        if not self._paused:
            return
        self._paused = False
        if self._following:
            self._follow()

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
        """(Re)start following the log from the entries already shown."""
        self._stop_following()
        self._following = True
        if self._paused or self._run_id is None:
            return
        connection, org_id, run_id, start = (
            self._connection,
            self._connection.org_id,
            self._run_id,
            self._cursor,
        )
        poll, max_poll = self._poll_seconds, self._max_poll_seconds

        def open_follow(
            on_update: Callable[[AgentRunWithLogs], object],
            on_retry: Callable[[RetryNotice], object],
        ) -> Following:
            return connection.client().follow_agent_run_logs(
                org_id, run_id, start=start, poll_interval=poll, max_poll_interval=max_poll,
                on_update=on_update, on_retry=on_retry,
            )  # fmt: skip

        events = FollowEvents(
            entries=self._followed_entries,
            update=self._followed_update,
            retry=self._followed_retry,
            ended=self._followed_to_the_end,
            failed=self._follow_failed,
        )
        self._follower = LogFollower(self._worker, open_follow, events)
        self._follower.start()
        self._show_log_state()

    def _stop_following(self) -> None:
        if self._follower is not None:
            self._follower.stop()
            self._follower = None
        self._retry_timer.cancel()
        self._retrying = False

    def _followed_entries(self, batch: Batch) -> None:
        self._cursor += len(batch.lines)
        self.view.append_logs(batch.lines)
        self._question = asked_question(batch.entries) or self._question
        self._recovered()
        self._show_log_state()
        self._update_question()

    def _followed_update(self, page: AgentRunWithLogs) -> None:
        self._recovered()
        if page.status is not None and page.status != self._seen_status:
            self._seen_status = page.status
            self._fetch_run()  # summary, result and pull requests come with the full run
        self._show_log_state()
        self._update_question()

    def _followed_retry(self, notice: RetryNotice) -> None:
        self._retrying = True
        self._status_bar.show_error(
            f"Logs of run {self._run_id}: {describe(notice.error)}; "
            f"trying again in {max(1, round(notice.delay))} s"
        )
        self._retry_timer.start(notice.delay + RETRY_GRACE_SECONDS, self._recovered)
        self._show_log_state()

    def _recovered(self) -> None:
        """News after a retry (or no new failure in its grace time): it works again."""
        self._retry_timer.cancel()
        if self._retrying:
            self._retrying = False
            self._status_bar.show_status(f"Following run {self._run_id} again.")
            self._show_log_state()

    def _followed_to_the_end(self, _: None) -> None:
        self._following = False
        self._follower = None
        self._recovered()
        if not self._ended():  # the follow stopped although the run goes on
            self._status_bar.show_error(
                f"The log of run {self._run_id} stopped: the server sent nothing new "
                "(see the log). F5 follows it again."
            )
        self._show_log_state()
        self._update_question()

    def _follow_failed(self, error: Exception) -> None:
        self._following = False
        self._follower = None
        self._retry_timer.cancel()
        self._retrying = False
        self._status_bar.show_error(
            f"Could not load the logs of run {self._run_id}: {describe(error)}"
        )
        self._show_log_state()

    # -- helpers -----------------------------------------------------------------------------

    def _guard(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        return self._generation.guard(callback)

    def _reset(self) -> None:
        self._generation.bump()
        self._stop_following()
        self._run_id = self._run = self._seen_status = None
        self._question = None
        self._cursor = 0
        self._following = self._sending = False
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
        if self._following and self._paused:
            parts.append("paused while minimised")
        elif self._following and self._retrying:
            parts.append("retrying")
        elif self._following and not self._ended():
            parts.append("live")
        self.view.show_log_state(" · ".join(parts))

    def _ended(self) -> bool:
        """The run has ended or waits for an answer (by the latest status seen)."""
        status = AgentRunStatus.parse(self._seen_status)
        return status is not None and (status.is_terminal or status.needs_input)


def _ended_note(run_id: int, now: StatusClass, status: str | None) -> str:
    if now is StatusClass.PAUSED:
        return f"Run {run_id} is waiting for your answer."
    if now is StatusClass.COMPLETE:
        return f"Run {run_id} is complete."
    return f"Run {run_id} ended: {status or 'unknown status'}."
