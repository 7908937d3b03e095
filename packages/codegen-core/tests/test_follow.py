"""follow_agent_run_logs: every entry exactly once, as it appears, through failures, to the end."""

from __future__ import annotations

import random
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
        if isinstance(failure, httpx.Response):
            return failure
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


def test_on_update_sees_the_run_on_the_first_page_and_every_change_of_status(
    api: Any, router: respx.MockRouter
) -> None:
    run = LiveRun([1, 1, 0, 2])
    router.get(PATH).mock(side_effect=run.handler)
    seen: list[tuple[str | None, int]] = []
    api.collect(
        "follow_agent_run_logs",
        agent_run_id=1,
        on_update=lambda page: seen.append((page.status, len(page.logs))),
    )
    assert seen == [("ACTIVE", 1), ("COMPLETE", 2)]


def test_on_retry_hears_of_every_wait_before_it_starts(
    make_api: Any, router: respx.MockRouter
) -> None:
    api = make_api(max_retries=1)
    failures = {2: 503, 3: 503, 4: httpx.ConnectError("refused")}
    run = LiveRun([2, 0, 1], failures=failures)
    router.get(PATH).mock(side_effect=run.handler)
    notices: list[Any] = []
    sleeps_before: list[int] = []

    def on_retry(notice: Any) -> None:
        notices.append(notice)
        sleeps_before.append(len(api.clock.sleeps))

    entries = api.collect("follow_agent_run_logs", agent_run_id=1, on_retry=on_retry)
    assert thoughts(entries) == ["#0", "#1", "#2"]
    # call 2 fails, retried once by the request (call 3 fails too), then the follow waits the
    # outage out (call 4 fails, retried by the request as call 5, which succeeds).
    assert [type(n.error).__name__ for n in notices] == [
        "InternalServerError",
        "InternalServerError",
        "APIConnectionError",
    ]
    assert [n.attempt for n in notices] == [1, 1, 1]
    for notice, index in zip(notices, sleeps_before, strict=True):
        assert api.clock.sleeps[index] == notice.delay  # the very wait it announced


def test_a_server_that_ignores_skip_ends_the_follow_with_a_warning(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    entries = [{"agent_run_id": 1, "message_type": "ACTION", "thought": f"#{i}"} for i in range(3)]
    route = router.get(PATH).respond(
        json={"id": 1, "organization_id": 7, "status": "ACTIVE", "logs": entries, "total_logs": 3}
    )
    with caplog.at_level("WARNING", logger="codegen"):
        followed = api.collect("follow_agent_run_logs", agent_run_id=1)
    assert thoughts(followed) == ["#0", "#1", "#2"]
    assert route.call_count == 2
    assert "logs of run 1: stopped after 2 page(s)" in caplog.text
    assert "ignoring skip" in caplog.text


@pytest.mark.parametrize("kind", ["sync"])
def test_close_from_another_thread_stops_a_follow_waiting_between_polls(
    make_api: Any, router: respx.MockRouter
) -> None:
    import threading
    import time as real_time

    api = make_api()
    client = api.client
    client._sleep = type(client)._sleep  # real, interruptible waits
    run = LiveRun([2] + [0] * 100)
    router.get(PATH).mock(side_effect=run.handler)
    follow = client.follow_agent_run_logs(agent_run_id=1, poll_interval=60, max_poll_interval=60)
    got: list[Any] = []
    first = threading.Event()

    def consume() -> None:
        for entry in follow:
            got.append(entry)
            first.set()

    thread = threading.Thread(target=consume)
    started = real_time.monotonic()
    thread.start()
    assert first.wait(10)
    follow.close()
    thread.join(30)
    assert not thread.is_alive()
    assert real_time.monotonic() - started < 30  # it did not sit out its 60 s poll interval
    assert thoughts(got) == ["#0", "#1"]
    assert list(follow) == []  # closed for good


# The exact sleeps of a follow, with every jitter draw pinned (``fixed_jitter``): between polls
# ``interval × 0.95`` (0.9 + 0.2 × 0.25), and while the API is out of reach
# ``min(2^failures, 30) × 0.8125`` (0.75 + 0.25 × 0.25), or a 429's Retry-After up to 30 s.
POLL = 0.95
OUTAGE = 0.8125


def rate_limited(retry_after: str) -> httpx.Response:
    return httpx.Response(
        429, headers={"retry-after": retry_after}, json={"message": "slow", "status_code": 429}
    )


def test_the_exact_sleeps_of_a_follow_through_an_outage(
    make_api: Any, router: respx.MockRouter, fixed_jitter: float, caplog: pytest.LogCaptureFixture
) -> None:
    api = make_api(max_retries=0)  # every failure reaches the follow itself
    failures: dict[int, Any] = {call: httpx.ConnectError("down") for call in range(1, 8)}
    failures[9] = 503
    run = LiveRun([2, 0, 1], failures=failures)
    router.get(PATH).mock(side_effect=run.handler)
    notices: list[Any] = []
    with caplog.at_level("INFO", logger="codegen"):
        entries = api.collect(
            "follow_agent_run_logs", agent_run_id=1, poll_interval=1, max_poll_interval=5,
            on_retry=notices.append,
        )  # fmt: skip
    assert thoughts(entries) == ["#0", "#1", "#2"]
    outage = [OUTAGE * s for s in (1, 2, 4, 8, 16, 30, 30)]  # doubling, capped at 30 s
    # Entries reset the poll interval; the next failure starts the backoff from 1 s again; an
    # empty page grows the interval; the page that says the run ended is read again at once.
    expected = [*outage, POLL * 1, OUTAGE * 1, POLL * 1.5]
    assert api.clock.sleeps == pytest.approx(expected)
    assert [n.attempt for n in notices] == [1, 2, 3, 4, 5, 6, 7, 1]
    assert [n.delay for n in notices] == pytest.approx([*outage, OUTAGE])
    assert run.skips == [0, 2, 2, 3]  # the answered reads: none lost or repeated
    said = [m for m in caplog.messages if m.startswith("logs of run 1:")]
    assert said[0] == "logs of run 1: connection error: down; trying again in 0.8 s"
    assert said[-1] == "logs of run 1: 503: flaky; trying again in 0.8 s"
    assert len(said) == 8


def test_a_follow_honours_a_429s_retry_after_up_to_30_seconds(
    make_api: Any, router: respx.MockRouter, fixed_jitter: float
) -> None:
    api = make_api(max_retries=0)
    failures = {2: rate_limited("7"), 3: rate_limited("30"), 4: rate_limited("31"),
                5: rate_limited("0"), 6: rate_limited("0.5")}  # fmt: skip
    run = LiveRun([2, 1], failures=failures)
    router.get(PATH).mock(side_effect=run.handler)
    assert thoughts(api.collect("follow_agent_run_logs", agent_run_id=1)) == ["#0", "#1", "#2"]
    # 31 s is more than an outage pause may be: the backoff (4 s nominal, 3rd failure) instead.
    assert api.clock.sleeps == pytest.approx([POLL * 1, 7.0, 30.0, OUTAGE * 4, 0.0, 0.5])


def test_the_poll_interval_grows_while_nothing_appears_and_resets_when_entries_do(
    api: Any, router: respx.MockRouter, fixed_jitter: float
) -> None:
    run = LiveRun([2, 0, 0, 0, 0, 0, 3, 0, 1])
    router.get(PATH).mock(side_effect=run.handler)
    entries = api.collect(
        "follow_agent_run_logs", agent_run_id=1, poll_interval=1, max_poll_interval=5
    )
    assert len(entries) == 6
    nominal = [1, 1.5, 2.25, 3.375, 5, 5, 1, 1.5]  # ×1.5 up to the maximum; entries reset it
    assert api.clock.sleeps == pytest.approx([POLL * s for s in nominal])


def test_full_pages_are_read_one_after_another_without_waiting(
    api: Any, router: respx.MockRouter
) -> None:
    run = LiveRun([250, 0])
    router.get(PATH).mock(side_effect=run.handler)
    entries = api.collect("follow_agent_run_logs", agent_run_id=1)
    assert thoughts(entries) == [f"#{i}" for i in range(250)]
    assert run.skips == [0, 100, 200, 250]
    assert api.clock.sleeps == []


def test_a_run_that_carries_on_after_a_pause_is_followed_to_its_end(
    api: Any, router: respx.MockRouter
) -> None:
    # The run pauses (the follow reads once more to drain), then someone resumes it: the follow
    # goes on until it has ended, draining again then.
    statuses = iter(["ACTIVE", "PAUSED", "ACTIVE", "ACTIVE", "COMPLETE", "COMPLETE"])
    counts = iter([1, 2, 3, 4, 5, 5])
    entries = [{"agent_run_id": 1, "message_type": "ACTION", "thought": f"#{i}"} for i in range(5)]

    def handler(request: httpx.Request) -> httpx.Response:
        skip, written = int(request.url.params["skip"]), next(counts)
        return httpx.Response(200, json={
            "id": 1, "organization_id": 7, "status": next(statuses),
            "logs": entries[skip:written], "total_logs": written,
        })  # fmt: skip

    route = router.get(PATH).mock(side_effect=handler)
    followed = api.collect("follow_agent_run_logs", agent_run_id=1)
    assert thoughts(followed) == [f"#{i}" for i in range(5)]
    assert route.call_count == 6


def test_a_follow_that_starts_before_any_entry_waits_longer_each_time(
    api: Any, router: respx.MockRouter, fixed_jitter: float
) -> None:
    run = LiveRun([0, 0, 2])
    router.get(PATH).mock(side_effect=run.handler)
    entries = api.collect(
        "follow_agent_run_logs", agent_run_id=1, poll_interval=1, max_poll_interval=5
    )
    assert thoughts(entries) == ["#0", "#1"]
    assert api.clock.sleeps == pytest.approx([POLL * 1.5, POLL * 2.25])


def test_on_update_sees_a_first_page_that_has_no_status(api: Any, router: respx.MockRouter) -> None:
    pages = iter([None, "ACTIVE", "COMPLETE", "COMPLETE"])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={
            "id": 1, "organization_id": 7, "status": next(pages), "logs": [], "total_logs": 0,
        })  # fmt: skip

    router.get(PATH).mock(side_effect=handler)
    seen: list[str | None] = []
    api.collect("follow_agent_run_logs", agent_run_id=1, on_update=lambda p: seen.append(p.status))
    assert seen == [None, "ACTIVE", "COMPLETE"]


def test_a_server_that_ignores_skip_while_the_run_writes_repeats_nothing(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    # Every answer is the whole list from the start, one entry longer each time: the second page
    # reaches past the total, so the follow ends instead of yielding the first entries again.
    written = iter(range(3, 100))

    def ignores_skip(request: httpx.Request) -> httpx.Response:
        count = next(written)
        entries = [{"agent_run_id": 1, "message_type": "ACTION", "thought": f"#{i}"}
                   for i in range(count)]  # fmt: skip
        return httpx.Response(200, json={
            "id": 1, "organization_id": 7, "status": "ACTIVE", "logs": entries,
            "total_logs": count,
        })  # fmt: skip

    route = router.get(PATH).mock(side_effect=ignores_skip)
    with caplog.at_level("WARNING", logger="codegen"):
        followed = api.collect("follow_agent_run_logs", agent_run_id=1)
    assert thoughts(followed) == ["#0", "#1", "#2"]
    assert route.call_count == 2
    assert caplog.messages == [
        "logs of run 1: stopped after 2 page(s): "
        "the server sent a page with nothing new (it may be ignoring skip)"
    ]


def test_a_status_nobody_knows_ends_the_follow_once_nothing_moves_for_ten_minutes(
    api: Any, router: respx.MockRouter, clock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    live = LiveRun([2, 1, *[0] * 400], final="ARCHIVED")
    live.batches = [2, 1]  # then nothing more, and the status stays ARCHIVED
    router.get(PATH).mock(side_effect=live.handler)
    entries = api.collect("follow_agent_run_logs", agent_run_id=1)
    assert thoughts(entries) == ["#0", "#1", "#2"]
    assert 600 <= clock.now - 1000 <= 620
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings[0].startswith("logs of run 1: status 'ARCHIVED' is not one this version")
    assert warnings[-1].startswith("logs of run 1: stopped following: status 'ARCHIVED' unchanged")


def _silent_run(status: str) -> Any:
    """A handler: the run with ``status`` and no entries, on every read."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={
            "id": 1, "organization_id": 7, "status": status, "logs": [], "total_logs": 0,
        })  # fmt: skip

    return handler


@pytest.mark.parametrize(("interval", "reads"), [(60.0, 11), (59.95, 12)])
def test_a_follow_of_an_unknown_status_ends_at_the_first_read_after_ten_quiet_minutes(
    api: Any,
    router: respx.MockRouter,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    interval: float,
    reads: int,
) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.5)  # jitter factor exactly 1
    route = router.get(PATH).mock(side_effect=_silent_run("ARCHIVED"))
    with caplog.at_level("WARNING", logger="codegen"):
        entries = api.collect(
            "follow_agent_run_logs", agent_run_id=1, poll_interval=interval,
            max_poll_interval=interval,
        )  # fmt: skip
    assert entries == []
    # 10 pauses of 60 s are 600 s: the 11th read ends it; 10 of 59.95 s are not yet.
    assert route.call_count == reads
    assert api.clock.sleeps == [interval] * (reads - 1)
    assert caplog.messages == [
        "logs of run 1: status 'ARCHIVED' is not one this version of codegen knows; "
        "waiting up to 600 s for it to change",
        f"logs of run 1: stopped following: status 'ARCHIVED' unchanged for "
        f"{interval * (reads - 1):g} s",
    ]


def test_a_quiet_run_whose_status_is_known_is_followed_for_as_long_as_it_takes(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    run = LiveRun([1, *[0] * 200, 1])  # ACTIVE and silent for far more than ten minutes
    router.get(PATH).mock(side_effect=run.handler)
    with caplog.at_level("WARNING", logger="codegen"):
        entries = api.collect("follow_agent_run_logs", agent_run_id=1)
    assert thoughts(entries) == ["#0", "#1"]
    assert sum(api.clock.sleeps) > 900
    assert caplog.messages == []


def test_an_unknown_status_is_followed_while_entries_keep_coming(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    written = 0

    def archived_and_writing(request: httpx.Request) -> httpx.Response:
        nonlocal written
        written = min(written + 1, 150)  # one entry per read, 150 in all, then silence
        skip = int(request.url.params["skip"])
        logs = [{"agent_run_id": 1, "message_type": "ACTION", "thought": f"#{i}"}
                for i in range(skip, written)]  # fmt: skip
        return httpx.Response(200, json={
            "id": 1, "organization_id": 7, "status": "ARCHIVED", "logs": logs,
            "total_logs": written,
        })  # fmt: skip

    router.get(PATH).mock(side_effect=archived_and_writing)
    with caplog.at_level("WARNING", logger="codegen"):
        entries = api.collect(
            "follow_agent_run_logs", agent_run_id=1, poll_interval=5, max_poll_interval=5
        )
    assert thoughts(entries) == [f"#{i}" for i in range(150)]  # some 750 s of entries
    assert caplog.messages[-1].startswith("logs of run 1: stopped following: status 'ARCHIVED'")
