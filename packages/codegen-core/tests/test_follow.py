"""follow_agent_run_logs: every entry exactly once, as it appears, through failures, to the end."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from codegen import NotFoundError

PATH = "/alpha/organizations/7/agent/run/1/logs"


class LiveRun:
    """A run that writes ``batches[i]`` entries before the i-th logs request is answered."""

    def __init__(
        self, batches: list[int], final: str = "COMPLETE", failures: dict[int, Any] | None = None
    ):
        self.batches = list(batches)
        self.final = final
        self.failures = failures or {}
        self.entries: list[dict[str, Any]] = []
        self.calls = 0
        self.skips: list[int] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        failure = self.failures.get(self.calls)
        if isinstance(failure, Exception):
            raise failure
        if isinstance(failure, int):
            return httpx.Response(failure, json={"message": "flaky", "status_code": failure})
        if self.batches:
            for _ in range(self.batches.pop(0)):
                self.entries.append(
                    {
                        "agent_run_id": 1,
                        "message_type": "ACTION",
                        "thought": f"#{len(self.entries)}",
                    }
                )
        skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
        self.skips.append(skip)
        status = "ACTIVE" if self.batches else self.final
        return httpx.Response(200, json={
            "id": 1, "organization_id": 7, "status": status, "logs": self.entries[skip : skip + limit],
            "total_logs": len(self.entries),
        })  # fmt: skip


def thoughts(entries: list[Any]) -> list[str]:
    return [entry.thought for entry in entries]


def test_entries_appearing_across_polls_are_yielded_once_in_order(
    api: Any, router: respx.MockRouter
) -> None:
    run = LiveRun([3, 0, 0, 5, 250, 1])
    router.get(PATH).mock(side_effect=run.handler)
    entries = api.collect("follow_agent_run_logs", agent_run_id=1)
    assert thoughts(entries) == [f"#{i}" for i in range(259)]
    assert len(api.clock.sleeps) >= 3  # it waited while nothing new appeared


def test_a_final_read_drains_entries_written_as_the_run_ended(
    api: Any, router: respx.MockRouter
) -> None:
    run = LiveRun([2, 3])
    router.get(PATH).mock(side_effect=run.handler)
    # The 2nd answer is already terminal; a 3rd read confirms nothing more came.
    assert thoughts(api.collect("follow_agent_run_logs", agent_run_id=1)) == [
        f"#{i}" for i in range(5)
    ]
    assert run.skips == [0, 2, 5]


def test_failures_in_the_middle_lose_and_repeat_nothing(
    make_api: Any, router: respx.MockRouter
) -> None:
    api = make_api(max_retries=0)
    failures = {2: 503, 3: httpx.ReadError("reset"), 5: 429, 6: httpx.ConnectError("refused")}
    run = LiveRun([4, 0, 0, 6, 0, 0, 7, 2], failures=failures)
    router.get(PATH).mock(side_effect=run.handler)
    entries = api.collect("follow_agent_run_logs", agent_run_id=1)
    assert thoughts(entries) == [f"#{i}" for i in range(len(run.entries))]
    assert len(run.entries) == 19


def test_resumes_from_a_count(api: Any, router: respx.MockRouter) -> None:
    run = LiveRun([10, 5])
    router.get(PATH).mock(side_effect=run.handler)
    first = api.collect("follow_agent_run_logs", agent_run_id=1, limit=4)
    assert thoughts(first) == ["#0", "#1", "#2", "#3"]
    rest = api.collect("follow_agent_run_logs", agent_run_id=1, start=len(first))
    assert thoughts(rest) == [f"#{i}" for i in range(4, 15)]


def test_stops_when_the_run_pauses_for_input(api: Any, router: respx.MockRouter) -> None:
    run = LiveRun([2, 1], final="PAUSED")
    router.get(PATH).mock(side_effect=run.handler)
    assert thoughts(api.collect("follow_agent_run_logs", agent_run_id=1)) == ["#0", "#1", "#2"]


def test_a_missing_run_ends_the_follow_with_its_error(api: Any, router: respx.MockRouter) -> None:
    router.get(PATH).respond(404, json={"message": "Agent run not found.", "status_code": 404})
    with pytest.raises(NotFoundError, match="Agent run not found"):
        api.collect("follow_agent_run_logs", agent_run_id=1)


def test_falls_back_to_the_documented_logs_route_and_remembers(
    api: Any, router: respx.MockRouter
) -> None:
    alpha = router.get(PATH).respond(404, json={"detail": "Not Found"})
    run = LiveRun([3])
    documented = router.get("/organizations/7/agent/run/1/logs").mock(side_effect=run.handler)
    assert len(api.collect("follow_agent_run_logs", agent_run_id=1)) == 3
    assert alpha.call_count == 1
    page = api.call("get_agent_run_logs", agent_run_id=1)
    assert len(page.logs) == 3
    assert alpha.call_count == 1  # remembered
    assert documented.call_count == 3


def test_a_missing_run_on_the_alpha_route_is_not_mistaken_for_a_missing_route(
    api: Any, router: respx.MockRouter
) -> None:
    router.get(PATH).respond(404, json={"message": "Agent run not found.", "status_code": 404})
    documented = router.get("/organizations/7/agent/run/1/logs").respond(json={})
    with pytest.raises(NotFoundError):
        api.call("get_agent_run_logs", agent_run_id=1)
    assert documented.call_count == 0
