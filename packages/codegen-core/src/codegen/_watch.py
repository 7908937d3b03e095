"""Waiting for a run to finish and following its logs, as flows free of I/O.

Both ride out transient failures (connection errors, timeouts, 408, 429, 5xx) that outlast the
per-request retries, because a wait or a follow may span minutes of a flaky network; any other error
(401, 403, 404, ...) ends them at once.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from codegen_models import MAX_PAGE_SIZE, AgentRun, AgentRunLog, AgentRunWithLogs

from ._effects import Emit, Flow, ItemFlow, Notify, Sleep
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    InternalServerError,
    RateLimitError,
    RunFailedError,
    WaitTimeoutError,
)

MAX_OUTAGE_BACKOFF = 30.0


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


def wait_flow(
    get_run: Callable[[], Flow[AgentRun]],
    *,
    agent_run_id: int,
    clock: Callable[[], float],
    timeout: float | None,
    poll_interval: float,
    max_poll_interval: float,
    on_update: Callable[[AgentRun], Any] | None,
    raise_on_failure: bool,
) -> Flow[AgentRun]:
    """Poll until the run is terminal or ``PAUSED`` (it needs input), or the deadline passes.

    The interval starts at ``poll_interval`` and grows ×1.5 up to ``max_poll_interval`` while the
    status stays the same; a change resets it. ``on_update`` sees the first state and every change.
    """
    deadline = None if timeout is None else clock() + timeout
    interval = poll_interval
    last: AgentRun | None = None
    failures = 0
    while True:
        try:
            run = yield from get_run()
        except Exception as error:
            if not is_transient(error):
                raise
            delay = _outage_delay(failures, error)
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
        if deadline is not None:
            remaining = deadline - clock()
            if remaining <= 0:
                raise WaitTimeoutError(agent_run_id, timeout or 0.0, last)
            delay = min(delay, remaining)
        yield Sleep(delay)


def follow_flow(
    get_page: Callable[[int], Flow[AgentRunWithLogs]],
    *,
    start: int,
    poll_interval: float,
    max_poll_interval: float,
) -> ItemFlow[AgentRunLog]:
    """Emit every log entry from index ``start`` on, exactly once, as it appears.

    Logs are append-only, so the index of the next entry is the resume point: a failed page is
    simply asked for again. The page that comes with the run's status tells when it has ended (or
    paused for input); one more read after that drains entries written as it ended.
    """
    cursor = start
    interval = poll_interval
    draining = False
    failures = 0
    while True:
        try:
            page = yield from get_page(cursor)
        except Exception as error:
            if not is_transient(error):
                raise
            yield Sleep(_outage_delay(failures, error))
            failures += 1
            continue
        failures = 0
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
        yield Sleep(_jitter(interval))
