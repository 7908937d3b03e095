"""Finding what a request that starts work started, when its answer was lost. No I/O here.

A create is stamped with a client request id in its ``metadata``, which the API stores and echoes
(``AgentRunResponse.metadata``), so the run it started can be found among the organization's newest
runs. A follow-up (resume) carries nothing of the client's; the best the API allows is to look for
the follow-up's text among the run's newest log entries. Both searches are bounded: a few pages of
runs, stopping at runs created well before the request was sent; one page of logs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from codegen_models import MAX_PAGE_SIZE, AgentRun, AgentRunLog, LogMessageType
from codegen_models.api import CLIENT_REQUEST_ID_KEY

from ._effects import Flow

if TYPE_CHECKING:
    from ._flows import ClientFlows

SEARCH_PAGES = 5
"""Pages of the newest runs searched for a create's request id (500 runs at most)."""
CLOCK_SKEW = timedelta(minutes=10)
"""How far the server's clock may be behind ours before a run looks too old to be the one."""
FOLLOW_UP_LOOKBACK = 50
"""Newest log entries searched for a follow-up's message."""


def find_created_runs(
    client: ClientFlows[Any],
    org_id: int | None,
    request_ids: Iterable[str],
    sent_at: float,
    *,
    pages: int = SEARCH_PAGES,
) -> Flow[dict[str, AgentRun]]:
    """The runs whose metadata carries one of ``request_ids`` (sent at ``sent_at`` or later),
    by request id: one pass over the newest runs, at most ``pages`` pages, ending at the first run
    created before ``sent_at`` (less :data:`CLOCK_SKEW`) or once every id is found."""
    wanted = set(request_ids)
    found: dict[str, AgentRun] = {}
    oldest = datetime.fromtimestamp(sent_at).astimezone() - CLOCK_SKEW
    for page_number in range(pages):
        page = yield from client._list_agent_runs(
            org_id, skip=page_number * MAX_PAGE_SIZE, limit=MAX_PAGE_SIZE
        )
        for run in page.items:
            request_id = (run.metadata or {}).get(CLIENT_REQUEST_ID_KEY)
            if request_id in wanted:
                found[request_id] = run
                if len(found) == len(wanted):
                    return found
            if _created_before(run.created_at, oldest):
                return found  # newest first: every run from here on is older still
        if len(page.items) < MAX_PAGE_SIZE:
            return found
    return found


def find_created_run(
    client: ClientFlows[Any], org_id: int | None, request_id: str, sent_at: float
) -> Flow[AgentRun | None]:
    """The run whose metadata carries ``request_id``, or ``None`` when the newest runs have none."""
    found = yield from find_created_runs(client, org_id, [request_id], sent_at)
    return found.get(request_id)


def find_follow_up(
    client: ClientFlows[Any], org_id: int | None, agent_run_id: int, prompt: str, sent_at: float
) -> Flow[AgentRun | None]:
    """The run, if its newest log entries hold a user message with ``prompt`` written since the
    follow-up was sent; ``None`` otherwise."""
    oldest = datetime.fromtimestamp(sent_at).astimezone() - CLOCK_SKEW
    page = yield from client._get_agent_run_logs(
        org_id, agent_run_id, limit=FOLLOW_UP_LOOKBACK, reverse=True
    )
    if not any(
        _is_the_follow_up(entry, prompt) and not _created_before(entry.created_at, oldest)
        for entry in page.logs
    ):
        return None
    run: AgentRun = yield from client._get_agent_run(org_id, agent_run_id)
    return run


def _is_the_follow_up(entry: AgentRunLog, prompt: str) -> bool:
    if entry.message_type_value is not LogMessageType.USER_MESSAGE:
        return False
    texts = (entry.observation, entry.thought)
    return any(isinstance(text, str) and prompt.strip() in text for text in texts)


def _created_before(timestamp: datetime | str | None, oldest: datetime) -> bool:
    """Whether a timestamp (an aware datetime, or text that did not parse) is older than
    ``oldest``; unknown ages are not."""
    return isinstance(timestamp, datetime) and timestamp < oldest
