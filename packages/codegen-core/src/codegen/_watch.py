"""Waiting for a run to finish and following its logs, as flows free of I/O.

Both ride out transient failures (connection errors, timeouts, 408, 429, 5xx) that outlast the
per-request retries, because a wait or a follow may span minutes of a flaky network; any other error
(401, 403, 404, ...) ends them at once. Every wait for the network to come back is announced first
to ``on_retry``, so that a person watching can be told what is happening and for how long.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from codegen_models import MAX_PAGE_SIZE, AgentRun, AgentRunLog, AgentRunWithLogs

from ._effects import Emit, Flow, ItemFlow, Notify, RetryNotice, Sleep
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    InternalServerError,
    RateLimitError,
    RunFailedError,
    UnknownStatusError,
    WaitTimeoutError,
)
from ._logging import logger
from ._paging import NOTHING_NEW, paging_stopped

MAX_OUTAGE_BACKOFF = 30.0
"""The longest pause between two tries while the API cannot be reached."""

UNKNOWN_STATUS_TIMEOUT = 600.0
"""How long a wait or a follow rides out a status it does not know, unchanged, by default."""

RetryCallback = Callable[[RetryNotice], Any] | None


def is_transient(error: BaseException) -> bool:
    """A failure worth waiting out: the network, a timeout, rate limiting or the server's fault."""
    if isinstance(error, APIConnectionError | RateLimitError | InternalServerError):
        return True
    return isinstance(error, APIStatusError) and error.status_code == 408


def _outage_delay(failures: int, error: BaseException) -> float:
    hint = getattr(error, "retry_after", None)
    if isinstance(hint, int | float) and 0 <= hint <= MAX_OUTAGE_BACKOFF:
        return float(hint)
    return min(2.0**failures, MAX_OUTAGE_BACKOFF) * (0.75 + 0.25 * random.random())


def _jitter(seconds: float) -> float:
    return seconds * (0.9 + 0.2 * random.random())


def _ride_out(error: Exception, failures: int, on_retry: RetryCallback, what: str) -> Flow[float]:
    """The pause before trying again after ``error``, announced; ``error`` itself if it is not
    transient."""
    if not is_transient(error):
        raise error
    delay = _outage_delay(failures, error)
    logger.info("%s: %s; trying again in %.1f s", what, error, delay)
    if on_retry is not None:
        yield Notify(on_retry, RetryNotice(error, delay, failures + 1))
    return delay


def unknown_status(status: str | None, what: str, patience: float | None) -> None:
    """Warn that ``status`` is not one this version knows (so it cannot tell whether it ended)."""
    bound = f"up to {patience:g} s " if patience is not None else ""
    logger.warning(
        "%s: status %r is not one this version of codegen knows; waiting %sfor it to change",
        what,
        status,
        bound,
    )


def wait_flow(
    get_run: Callable[[], Flow[AgentRun]],
    *,
    agent_run_id: int,
    clock: Callable[[], float],
    timeout: float | None,
    unknown_status_timeout: float | None,
    poll_interval: float,
    max_poll_interval: float,
    on_update: Callable[[AgentRun], Any] | None,
    on_retry: RetryCallback,
    raise_on_failure: bool,
) -> Flow[AgentRun]:
    """Poll until the run is terminal or ``PAUSED`` (it needs input), or the deadline passes.

    The interval starts at ``poll_interval`` and grows ×1.5 up to ``max_poll_interval`` while the
    status stays the same; a change resets it. ``on_update`` sees the first state and every change.
    A status this version does not know counts as still running, with a warning, until it has
    stayed the same for ``unknown_status_timeout`` seconds: then :class:`UnknownStatusError`.
    """
    deadline = None if timeout is None else clock() + timeout
    interval = poll_interval
    last: AgentRun | None = None
    failures = 0
    unknown_since: float | None = None
    while True:
        try:
            run = yield from get_run()
        except Exception as error:
            delay = yield from _ride_out(
                error, failures, on_retry, f"waiting for run {agent_run_id}"
            )
            failures += 1
        else:
            failures = 0
            changed = last is None or run.status != last.status
            last = run
            if changed and on_update is not None:
                yield Notify(on_update, run)
            if run.is_terminal or run.needs_input:
                if raise_on_failure and run.is_terminal and not run.succeeded:
                    raise RunFailedError(run)
                return run
            interval = poll_interval if changed else min(interval * 1.5, max_poll_interval)
            delay = _jitter(interval)
            if run.status_value is not None:
                unknown_since = None
            elif changed or unknown_since is None:
                unknown_since = clock()
                unknown_status(run.status, f"run {agent_run_id}", unknown_status_timeout)
            if unknown_since is not None and unknown_status_timeout is not None:
                give_up = unknown_since + unknown_status_timeout
                if clock() >= give_up:
                    raise UnknownStatusError(agent_run_id, clock() - unknown_since, run)
                delay = min(delay, give_up - clock())
        if deadline is not None:
            remaining = deadline - clock()
            if remaining <= 0:
                raise WaitTimeoutError(agent_run_id, timeout or 0.0, last)
            delay = min(delay, remaining)
        yield Sleep(delay)


def follow_flow(
    get_page: Callable[[int], Flow[AgentRunWithLogs]],
    *,
    what: str,
    start: int,
    poll_interval: float,
    max_poll_interval: float,
    on_update: Callable[[AgentRunWithLogs], Any] | None,
    on_retry: RetryCallback,
) -> ItemFlow[AgentRunLog]:
    """Emit every log entry from index ``start`` on, exactly once, as it appears.

    Logs are append-only, so the index of the next entry is the resume point: a failed page is
    simply asked for again. The page that comes with the run's status tells when it has ended (or
    paused for input); one more read after that drains entries written as it ended. A server that
    answers past the end of the list (it ignores ``skip``) would repeat entries forever: that ends
    the follow with a warning instead. So does a status this version does not know, once it has
    stayed the same with no new entry for :data:`UNKNOWN_STATUS_TIMEOUT` seconds of polling.
    """
    cursor = start
    interval = poll_interval
    draining = False
    failures = 0
    status: str | None = None
    previous: list[AgentRunLog] | None = None
    pages = 0
    quiet = 0.0  # seconds slept since the last new entry or change of status
    while True:
        try:
            page = yield from get_page(cursor)
        except Exception as error:
            yield Sleep((yield from _ride_out(error, failures, on_retry, what)))
            failures += 1
            continue
        failures = 0
        pages += 1
        changed = previous is None or page.status != status
        if on_update is not None and changed:
            yield Notify(on_update, page)
        if page.logs or changed or page.status_value is not None:
            quiet = 0.0
        if changed and page.status_value is None:
            unknown_status(page.status, what, UNKNOWN_STATUS_TIMEOUT)
        elif quiet >= UNKNOWN_STATUS_TIMEOUT:
            logger.warning(
                "%s: stopped following: status %r unchanged for %g s", what, page.status, quiet
            )
            return
        status = page.status
        beyond_the_end = page.total_logs is not None and cursor + len(page.logs) > page.total_logs
        if page.logs and (beyond_the_end or page.logs == previous):
            paging_stopped(what, pages, NOTHING_NEW)
            return
        previous = page.logs
        for entry in page.logs:
            yield Emit(entry)
        cursor += len(page.logs)
        if len(page.logs) >= MAX_PAGE_SIZE:
            continue
        if page.is_terminal or page.needs_input:
            if draining:
                return
            draining = True
            continue
        draining = False
        interval = poll_interval if page.logs else min(interval * 1.5, max_poll_interval)
        delay = _jitter(interval)
        quiet += delay
        yield Sleep(delay)
