"""The runs table: loading pages, auto-refresh within the rate limits, filters.

The list is newest first. The first page is fetched again every ``refresh_seconds`` (one request of
the API's standard class, which allows 60 per 30 s per token), which brings in new runs and the
status changes of recent ones; older pages are fetched only when asked for ("Load more"). Refresh
pauses while the window is minimised and catches up as soon as it is restored. A failed refresh is
retried at a growing interval (up to ``MAX_REFRESH_SECONDS``), so an outage or a 429 is not hammered.

An empty table always says why, and what to do next (:class:`Placeholder`): not signed in, still
loading, the first load failed, no runs yet, or no run matches the filters.

Paging trusts nothing but what it sees: a page that brings no run not already listed ends the list
(a server or a cache that ignores ``skip`` would otherwise repeat its first page forever), and so
does a short page, whatever ``total`` claimed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from codegen import AgentRun, Page

from ._connection import Client, Connection
from ._errors import describe
from ._format import RunRow, run_row, run_search_text
from ._palette import ALL_STATUSES, StatusClass
from ._scheduler import OneShot, Scheduler
from ._status_bar import StatusBar
from ._view_link import ViewLink
from ._worker import Generation, Worker

PAGE_SIZE = 100
"""Runs per request: the API's largest page."""
REFRESH_SECONDS = 10.0
MAX_REFRESH_SECONDS = 60.0


FIRST_PAGE = "first page of runs"
"""The name under which start-up asks for the first page early (``Connection.start_early``)."""


def first_page(org_id: int) -> Callable[[Client], Page[AgentRun]]:
    """The request for the newest runs (a refresh; and start-up's early one)."""
    return lambda client: client.list_agent_runs(org_id, skip=0, limit=PAGE_SIZE)


class EmptyAction(StrEnum):
    """What the button of an empty table does."""

    SIGN_IN = "Sign in…"
    RETRY = "Try again"
    NEW_RUN = "Start a run…"
    CLEAR_FILTERS = "Clear the filters"


@dataclass(frozen=True)
class Placeholder:
    """What an empty table shows instead of rows: why it is empty, and the next step."""

    text: str
    action: EmptyAction | None = None


class RunsView(Protocol):
    def show_runs(self, rows: Sequence[RunRow]) -> None:
        """The rows to show now, in order (the view keeps what did not change)."""
        ...

    def show_count(self, text: str, *, more_available: bool) -> None: ...

    def set_loading(self, loading: bool) -> None: ...

    def select_run(self, run_id: int) -> None: ...

    def show_placeholder(self, placeholder: Placeholder | None) -> None:
        """Say why the table is empty (``None``: it has rows)."""
        ...


class RunsPresenter(ViewLink[RunsView]):
    def __init__(
        self,
        connection: Connection,
        worker: Worker,
        scheduler: Scheduler,
        status_bar: StatusBar,
        *,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        super().__init__()
        self._connection = connection
        self._worker = worker
        self._status_bar = status_bar
        self._refresh_seconds = refresh_seconds
        self._interval = refresh_seconds
        self._generation = Generation()
        self._timer = OneShot(scheduler)
        self._paused = False
        self._refreshing = False
        self._loading_more = False
        self._runs: dict[int, AgentRun] = {}
        self._order: list[int] = []
        self._rows: dict[int, RunRow] = {}
        self._search: dict[int, str] = {}
        self._total = 0
        self._loaded = False
        self._error: str | None = None
        """Why the last refresh failed, until one succeeds."""
        self._status_filter = ALL_STATUSES
        self._text_filter = ""
        self._text_typed = ""

    def attach(self, view: RunsView) -> None:
        self._attach(view)

    # -- what the person does ----------------------------------------------------------------

    def start(self) -> None:
        """Forget what is shown (new settings) and load the first page."""
        self._generation.bump()
        self._timer.cancel()
        self._refreshing = self._loading_more = False
        self._interval = self._refresh_seconds
        self._runs.clear()
        self._order.clear()
        self._rows.clear()
        self._search.clear()
        self._total = 0
        self._loaded = False
        self._error = None
        self._render()
        self.refresh()

    def refresh(self) -> None:
        """Fetch the first page now (F5, the timer, or a restored window)."""
        self._timer.cancel()
        if self._refreshing or not self._connection.ready:
            return
        self._refreshing = True
        self._update_loading()
        self._fetch(0, self._refreshed, self._refresh_failed)

    def load_more(self) -> None:
        """Fetch the page after the runs loaded so far."""
        if self._loading_more or not self._connection.ready or not self.more_available:
            return
        self._loading_more = True
        self._update_loading()
        self._fetch(len(self._order), self._loaded_more, self._load_more_failed)

    def set_status_filter(self, key: str) -> None:
        if key != ALL_STATUSES:
            StatusClass(key)  # refuse an unknown key loudly: it is a bug in the caller
        self._status_filter = key
        self._render()

    def set_text_filter(self, text: str) -> None:
        self._text_typed = text.strip()
        self._text_filter = self._text_typed.lower()
        self._render()

    def pause(self) -> None:
        """The window was minimised: no auto-refresh until :meth:`resume`."""
        self._paused = True
        self._timer.cancel()

    def resume(self) -> None:
        """The window is back: refresh now (it may have missed changes) and re-arm the timer."""
        if not self._paused:
            return
        self._paused = False
        self.refresh()

    def add_run(self, run: AgentRun) -> None:
        """A run the person just created: first in the list, selected."""
        if run.id not in self._runs:
            self._order.insert(0, run.id)
            self._total += 1
        self._store(run)
        self._render()
        self.view.select_run(run.id)

    def update_run(self, run: AgentRun) -> None:
        """Newer state of a run (from the detail view); ignored if it is not listed."""
        if run.id in self._runs:
            self._store(run)
            self._render()

    # -- state for the other presenters and tests --------------------------------------------

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def answered(self) -> bool:
        """The first page came (or failed, or there is no sign-in to ask with)."""
        return self._loaded or self._error is not None or not self._connection.ready

    @property
    def loaded(self) -> bool:
        return self._loaded

    @property
    def more_available(self) -> bool:
        return len(self._order) < self._total

    def run(self, run_id: int) -> AgentRun | None:
        return self._runs.get(run_id)

    def visible_ids(self) -> list[int]:
        return [row.run_id for row in self._visible_rows()]

    # -- answers -----------------------------------------------------------------------------

    def _fetch(
        self,
        skip: int,
        on_done: Callable[[Page[AgentRun]], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        connection = self._connection
        org_id = connection.org_id

        def job() -> Page[AgentRun]:
            if skip == 0:  # the first page may have been asked for early, at start-up
                return connection.answer(FIRST_PAGE, first_page(org_id))
            return connection.client().list_agent_runs(org_id, skip=skip, limit=PAGE_SIZE)

        self._worker.submit(
            job,
            self._generation.guard(on_done),
            self._generation.guard(on_error),
        )

    def _refreshed(self, page: Page[AgentRun]) -> None:
        self._refreshing = False
        if self._interval != self._refresh_seconds:  # it had failed: say that it works again
            self._status_bar.show_status("The runs are up to date again.")
        self._interval = self._refresh_seconds
        self._loaded = True
        self._error = None
        fresh = [run.id for run in page.items]
        listed = set(fresh)
        self._order = fresh + [run_id for run_id in self._order if run_id not in listed]
        for run in page.items:
            self._store(run)
        self._total = max(page.total, len(self._order))
        self._render()
        self._schedule_refresh()

    def _refresh_failed(self, error: Exception) -> None:
        self._refreshing = False
        self._interval = min(self._interval * 2, MAX_REFRESH_SECONDS)
        self._error = describe(error)
        self._render()
        self._status_bar.show_error(
            f"Could not refresh the runs: {self._error}; trying again in {self._interval:g} s"
        )
        self._schedule_refresh()

    def _loaded_more(self, page: Page[AgentRun]) -> None:
        self._loading_more = False
        new = 0
        for run in page.items:
            if run.id not in self._runs:
                self._order.append(run.id)
                new += 1
            self._store(run)
        if page.items and not new:
            # Only runs already listed: the server ignored the offset (or repeats itself).
            self._total = len(self._order)
            self._status_bar.show_error(
                f"The server sent only runs already listed; the list ends at {self._total:,} runs."
            )
        elif len(page.items) < PAGE_SIZE:
            # A short page means the end, whatever the total said (runs may have been deleted).
            self._total = len(self._order)
        else:
            self._total = max(page.total, len(self._order))
        self._render()

    def _load_more_failed(self, error: Exception) -> None:
        self._loading_more = False
        self._render()
        self._status_bar.show_error(f"Could not load more runs: {describe(error)}")

    # -- helpers -----------------------------------------------------------------------------

    def _store(self, run: AgentRun) -> None:
        self._runs[run.id] = run
        self._rows[run.id] = run_row(run)
        self._search[run.id] = run_search_text(run)

    def _visible_rows(self) -> list[RunRow]:
        rows = [self._rows[run_id] for run_id in self._order]
        if self._status_filter != ALL_STATUSES:
            wanted = StatusClass(self._status_filter)
            rows = [row for row in rows if row.status_class is wanted]
        if self._text_filter:
            needle = self._text_filter
            rows = [row for row in rows if needle in self._search[row.run_id]]
        return rows

    def _placeholder(self, shown: int) -> Placeholder | None:
        if shown:
            return None
        if not self._connection.ready:
            return Placeholder(
                "You are not signed in. Sign in with an API token to see your organization's runs.",
                EmptyAction.SIGN_IN,
            )
        if not self._order and self._error is not None:
            return Placeholder(f"Could not load the runs.\n{self._error}", EmptyAction.RETRY)
        if not self._loaded and not self._order:
            return Placeholder("Loading the runs…")
        if not self._order:
            return Placeholder("No runs yet in this organization.", EmptyAction.NEW_RUN)
        wanted = []
        if self._status_filter != ALL_STATUSES:
            wanted.append(f"status “{StatusClass(self._status_filter).label}”")
        if self._text_filter:
            wanted.append(f"“{self._text_typed}”")
        text = f"No run matches {' and '.join(wanted)}"
        if self.more_available:
            text += f" among the {len(self._order):,} loaded; Load more looks at older ones"
        return Placeholder(text + ".", EmptyAction.CLEAR_FILTERS)

    def _render(self) -> None:
        rows = self._visible_rows()
        self.view.show_runs(rows)
        self.view.show_placeholder(self._placeholder(len(rows)))
        loaded, total = len(self._order), max(self._total, len(self._order))
        text = f"{loaded:,} of {total:,} runs" if loaded < total else f"{loaded:,} runs"
        if len(rows) != loaded:
            text = f"{len(rows):,} shown · {text}"
        if not self._connection.ready or not (self._loaded or self._order):
            text = ""  # nothing counted yet: "0 runs" would say there are none
        self.view.show_count(text, more_available=self.more_available)
        self._update_loading()

    def _update_loading(self) -> None:
        self.view.set_loading(self._refreshing or self._loading_more)

    def _schedule_refresh(self) -> None:
        self._timer.cancel()
        if not self._paused:
            self._timer.start(self._interval, self.refresh)
