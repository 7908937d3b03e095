"""Auto-paging: several pages, a short last page, an empty list, and runs that shift while
paging newest first."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from codegen._effects import Emit, Flow, Gather
from codegen._paging import paginate

RUNS_PATH = "/organizations/7/agent/runs"
LOGS_PATH = "/alpha/organizations/7/agent/run/1/logs"


class RunList:
    """A server's list of runs, newest first, that can grow between requests."""

    def __init__(self, count: int) -> None:
        self.ids = list(range(count, 0, -1))
        self.requests: list[tuple[int, int]] = []

    def add_newer(self, how_many: int) -> None:
        top = self.ids[0] if self.ids else 0
        self.ids[:0] = list(range(top + how_many, top, -1))

    def handler(self, request: httpx.Request) -> httpx.Response:
        skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
        self.requests.append((skip, limit))
        items = [
            {"id": i, "organization_id": 7, "status": "COMPLETE"}
            for i in self.ids[skip : skip + limit]
        ]
        return httpx.Response(
            200,
            json={"items": items, "total": len(self.ids), "page": skip // limit + 1, "size": limit,
                  "pages": -(-len(self.ids) // limit)},
        )  # fmt: skip


@pytest.mark.parametrize(
    ("count", "page_size", "requests"),
    [(250, 100, 3), (200, 100, 2), (7, 3, 3), (6, 3, 2), (0, 100, 1)],
)
def test_pages_until_a_short_page(
    api: Any, router: respx.MockRouter, count: int, page_size: int, requests: int
) -> None:
    server = RunList(count)
    router.get(RUNS_PATH).mock(side_effect=server.handler)
    runs = api.collect("iter_agent_runs", page_size=page_size)
    assert [run.id for run in runs] == list(range(count, 0, -1))
    assert len(server.requests) == requests
    assert [skip for skip, _ in server.requests] == [page_size * i for i in range(requests)]


def test_new_runs_arriving_while_paging_are_not_yielded_twice(
    api: Any, router: respx.MockRouter
) -> None:
    server = RunList(250)

    def handler(request: httpx.Request) -> httpx.Response:
        response = server.handler(request)
        server.add_newer(30)  # 30 runs created after every page
        return response

    router.get(RUNS_PATH).mock(side_effect=handler)
    runs = api.collect("iter_agent_runs")
    ids = [run.id for run in runs]
    assert len(ids) == len(set(ids))
    assert set(range(1, 251)) <= set(ids)  # every run that existed when paging began


def test_filters_are_carried_to_every_page(api: Any, router: respx.MockRouter) -> None:
    server = RunList(150)
    route = router.get(RUNS_PATH).mock(side_effect=server.handler)
    api.collect("iter_agent_runs", user_id=3, source_type="API")
    for call in route.calls:
        assert call.request.url.params["user_id"] == "3"
        assert call.request.url.params["source_type"] == "API"


def test_stopping_early_fetches_no_more_pages(api: Any, router: respx.MockRouter) -> None:
    server = RunList(1000)
    router.get(RUNS_PATH).mock(side_effect=server.handler)
    runs = api.collect("iter_agent_runs", limit=150)
    assert len(runs) == 150
    assert len(server.requests) == 2


def test_page_size_is_validated(api: Any, router: respx.MockRouter) -> None:
    route = router.get(RUNS_PATH).mock(side_effect=RunList(1).handler)
    with pytest.raises(ValueError, match="^page_size must be from 1 to 100, got 101$"):
        api.collect("iter_agent_runs", page_size=101)
    assert not route.called


@pytest.mark.parametrize(
    ("name", "path", "item"),
    [
        ("iter_users", "/organizations/7/users", {"github_user_id": "1", "github_username": "u"}),
        ("iter_repositories", "/organizations/7/repos",
         {"name": "r", "full_name": "o/r", "github_id": "1", "organization_id": 7, "setup_status": "ok"}),
        ("iter_organizations", "/organizations", {"name": "o", "settings": {}}),
    ],
)  # fmt: skip
def test_other_iterators(
    api: Any, router: respx.MockRouter, name: str, path: str, item: dict[str, Any]
) -> None:
    total = 130

    def handler(request: httpx.Request) -> httpx.Response:
        skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
        items = [{"id": i, **item} for i in range(skip, min(total, skip + limit))]
        return httpx.Response(
            200, json={"items": items, "total": total, "page": 1, "size": limit, "pages": 2}
        )

    route = router.get(path).mock(side_effect=handler)
    assert [entry.id for entry in api.collect(name)] == list(range(total))
    assert route.call_count == 2


class LogStore:
    def __init__(self, count: int, status: str = "COMPLETE") -> None:
        self.entries = [
            {"agent_run_id": 1, "message_type": "ACTION", "thought": f"#{i}"} for i in range(count)
        ]
        self.status = status
        self.requests: list[tuple[int, int, bool]] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        skip, limit, reverse = (
            int(params["skip"]),
            int(params["limit"]),
            params["reverse"] == "true",
        )
        self.requests.append((skip, limit, reverse))
        ordered = self.entries[::-1] if reverse else self.entries
        return httpx.Response(200, json={
            "id": 1, "organization_id": 7, "status": self.status, "logs": ordered[skip : skip + limit],
            "total_logs": len(self.entries), "page": skip // limit + 1, "size": limit,
            "pages": -(-len(self.entries) // limit),
        })  # fmt: skip


def test_log_pages_in_order(api: Any, router: respx.MockRouter) -> None:
    store = LogStore(1050)
    router.get(LOGS_PATH).mock(side_effect=store.handler)
    entries = api.collect("iter_agent_run_logs", agent_run_id=1)
    assert [e.thought for e in entries] == [f"#{i}" for i in range(1050)]
    assert sorted(skip for skip, _, _ in store.requests) == list(range(0, 1100, 100))


def test_log_paging_from_an_offset(api: Any, router: respx.MockRouter) -> None:
    store = LogStore(250)
    router.get(LOGS_PATH).mock(side_effect=store.handler)
    entries = api.collect("iter_agent_run_logs", agent_run_id=1, start=120)
    assert [e.thought for e in entries] == [f"#{i}" for i in range(120, 250)]


def test_logs_newest_first_survive_entries_written_while_paging(
    api: Any, router: respx.MockRouter
) -> None:
    store = LogStore(230, status="ACTIVE")

    def handler(request: httpx.Request) -> httpx.Response:
        response = store.handler(request)
        for _ in range(17):  # the run keeps writing between pages
            store.entries.append({"agent_run_id": 1, "message_type": "ACTION", "thought": "new"})
        return response

    router.get(LOGS_PATH).mock(side_effect=handler)
    entries = api.collect("iter_agent_run_logs", agent_run_id=1, reverse=True)
    assert [e.thought for e in entries] == [f"#{i}" for i in range(229, -1, -1)]


def test_async_client_fetches_log_pages_concurrently(
    make_api: Any, kind: str, router: respx.MockRouter
) -> None:
    import threading

    in_flight = 0
    most = 0
    lock = threading.Lock()
    store = LogStore(1000)

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        import anyio

        with lock:
            in_flight += 1
            most = max(most, in_flight)
        await anyio.sleep(0.01)
        with lock:
            in_flight -= 1
        return store.handler(request)

    def sync_handler(request: httpx.Request) -> httpx.Response:
        return store.handler(request)

    router.get(LOGS_PATH).mock(side_effect=handler if kind == "async" else sync_handler)
    api = make_api()
    entries = api.collect("iter_agent_run_logs", agent_run_id=1)
    assert len(entries) == 1000
    assert [e.thought for e in entries] == [f"#{i}" for i in range(1000)]
    if kind == "async":
        assert most > 1


# -- servers that ignore skip or send more than limit: paging still ends, and says why ----------


def envelope(items: list[dict[str, Any]], total: int) -> dict[str, Any]:
    return {"items": items, "total": total, "page": 1, "size": len(items), "pages": 1}


def _warned(caplog: pytest.LogCaptureFixture, what: str, pages: int = 2) -> bool:
    """Whether paging ``what`` said, in these very words, that it stopped after ``pages``."""
    reason = "the server sent a page with nothing new (it may be ignoring skip)"
    return f"{what}: stopped after {pages} page(s): {reason}" in caplog.messages


def test_runs_from_a_server_that_ignores_skip(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    server = RunList(300)

    def ignores_skip(request: httpx.Request) -> httpx.Response:
        return server.handler(httpx.Request("GET", request.url.copy_set_param("skip", "0")))

    route = router.get(RUNS_PATH).mock(side_effect=ignores_skip)
    with caplog.at_level("WARNING", logger="codegen"):
        runs = api.collect("iter_agent_runs")
    assert [run.id for run in runs] == list(range(300, 200, -1))
    assert route.call_count == 2
    assert _warned(caplog, "agent runs")


def test_runs_from_a_server_that_sends_more_than_limit(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    def oversize(request: httpx.Request) -> httpx.Response:
        items = [{"id": i, "organization_id": 7} for i in range(250)]  # all of them, every time
        return httpx.Response(200, json=envelope(items, total=250))

    route = router.get(RUNS_PATH).mock(side_effect=oversize)
    with caplog.at_level("WARNING", logger="codegen"):
        runs = api.collect("iter_agent_runs")
    assert [run.id for run in runs] == list(range(250))
    assert route.call_count == 1  # 250 items reached the total of 250
    assert "stopped" not in caplog.text


def test_runs_with_a_wrong_total_from_a_server_that_ignores_skip(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    items = [{"id": i, "organization_id": 7} for i in range(100)]
    route = router.get(RUNS_PATH).respond(json=envelope(items, total=10**9))
    with caplog.at_level("WARNING", logger="codegen"):
        runs = api.collect("iter_agent_runs")
    assert len(runs) == 100
    assert route.call_count == 2
    assert _warned(caplog, "agent runs")


def test_logs_from_a_server_that_ignores_skip(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    store = LogStore(350)

    def ignores_skip(request: httpx.Request) -> httpx.Response:
        return store.handler(httpx.Request("GET", request.url.copy_set_param("skip", "0")))

    router.get(LOGS_PATH).mock(side_effect=ignores_skip)
    with caplog.at_level("WARNING", logger="codegen"):
        entries = api.collect("iter_agent_run_logs", agent_run_id=1)
        newest_first = api.collect("iter_agent_run_logs", agent_run_id=1, reverse=True)
    assert [e.thought for e in entries] == [f"#{i}" for i in range(100)]
    assert [e.thought for e in newest_first] == [f"#{i}" for i in range(349, 249, -1)]
    assert _warned(caplog, "logs of run 1")
    assert _warned(caplog, "logs of run 1, newest first")


def test_paging_stops_at_the_hard_cap(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture, monkeypatch: Any
) -> None:
    from codegen import _paging

    monkeypatch.setattr(_paging, "MAX_PAGES", 3)
    counter = iter(range(10**6))

    def endless(request: httpx.Request) -> httpx.Response:  # always new runs, no end in sight
        items = [{"id": next(counter), "organization_id": 7} for _ in range(2)]
        return httpx.Response(200, json=envelope(items, total=10**9))

    route = router.get(RUNS_PATH).mock(side_effect=endless)
    with caplog.at_level("WARNING", logger="codegen"):
        runs = api.collect("iter_agent_runs", page_size=2)
    assert len(runs) == 6
    assert route.call_count == 3
    assert caplog.messages == ["agent runs: stopped after 3 page(s): reached the limit of 3 pages"]


# -- the paging flow itself, driven with no I/O ---------------------------------------------------


def run_flow(flow: Any, gathers: list[tuple[int, int]]) -> tuple[list[Any], Any]:
    """Drive a flow whose only effects are Emit and Gather; the items emitted and its result."""
    items: list[Any] = []
    value: Any = None
    while True:
        try:
            effect = flow.send(value)
        except StopIteration as stop:
            return items, stop.value
        value = None
        if isinstance(effect, Emit):
            items.append(effect.item)
        elif isinstance(effect, Gather):
            gathers.append((len(effect.flows), effect.concurrency))
            value = [run_flow(sub, gathers)[1] for sub in effect.flows]
        else:
            raise AssertionError(f"unexpected effect {effect!r}")


def listing(data: list[int], requested: list[int]) -> Any:
    def fetch(skip: int, limit: int) -> Flow[tuple[list[int], int]]:
        requested.append(skip)
        yield from ()
        return data[skip : skip + limit], len(data)

    return fetch


@pytest.mark.parametrize(
    ("count", "concurrency", "gathered"),
    [
        # After the first page tells the total, pages go in batches of 2 × concurrency; the
        # last page alone is fetched by itself.
        (1000, 2, [(4, 2), (4, 2)]),
        (1000, 3, [(6, 3), (3, 3)]),
        (1000, 1, []),
        (200, 4, []),  # one page after the first: nothing to fetch side by side
        (250, 4, [(2, 4)]),
    ],
)
def test_pages_are_fetched_in_batches_once_the_total_is_known(
    count: int, concurrency: int, gathered: list[tuple[int, int]]
) -> None:
    requested: list[int] = []
    gathers: list[tuple[int, int]] = []
    flow = paginate(
        listing(list(range(count)), requested), what="x", page_size=100, concurrency=concurrency
    )
    items, _ = run_flow(flow, gathers)
    assert items == list(range(count))
    assert requested == list(range(0, count, 100))
    assert gathers == gathered
