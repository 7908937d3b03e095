"""wait_for_completion on a fake clock: terminal, paused, timeout, transient errors, backoff."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from codegen import (
    APIStatusError,
    AuthenticationError,
    RunFailedError,
    UnknownStatusError,
    WaitTimeoutError,
)

PATH = "/organizations/7/agent/run/1"


def statuses(*sequence: Any) -> Any:
    """A handler returning the run with each status (or a failure: an exception, a status code or a
    whole response) in turn, repeating the last."""
    queue = list(sequence)

    def handler(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        if isinstance(item, httpx.Response):
            return item
        if isinstance(item, int):
            return httpx.Response(item, json={"message": "unavailable", "status_code": item})
        return httpx.Response(
            200, json={"id": 1, "organization_id": 7, "status": item, "result": f"r-{item}"}
        )

    return handler


def test_returns_the_terminal_run(api: Any, router: respx.MockRouter) -> None:
    route = router.get(PATH).mock(side_effect=statuses("PENDING", "ACTIVE", "ACTIVE", "COMPLETE"))
    run = api.call("wait_for_completion", 7, 1, timeout=300)
    assert run.status == "COMPLETE"
    assert run.result == "r-COMPLETE"
    assert route.call_count == 4


@pytest.mark.parametrize(
    "final", ["FAILED", "ERROR", "CANCELLED", "failed", "completed", "TIMEOUT"]
)
def test_any_terminal_status_ends_the_wait_in_any_case(
    api: Any, router: respx.MockRouter, final: str
) -> None:
    router.get(PATH).mock(side_effect=statuses("RUNNING", final))
    assert api.call("wait_for_completion", agent_run_id=1).status == final


def test_failed_runs_are_returned_unless_asked_to_raise(api: Any, router: respx.MockRouter) -> None:
    router.get(PATH).mock(side_effect=statuses("ACTIVE", "FAILED"))
    assert api.call("wait_for_completion", agent_run_id=1).status == "FAILED"
    router.get(PATH).mock(side_effect=statuses("ACTIVE", "FAILED"))
    with pytest.raises(RunFailedError) as info:
        api.call("wait_for_completion", agent_run_id=1, raise_on_failure=True)
    assert info.value.run.status == "FAILED"
    router.get(PATH).mock(side_effect=statuses("COMPLETE"))
    assert api.call("wait_for_completion", agent_run_id=1, raise_on_failure=True).succeeded


def test_a_paused_run_ends_the_wait(api: Any, router: respx.MockRouter) -> None:
    router.get(PATH).mock(side_effect=statuses("ACTIVE", "PAUSED"))
    run = api.call("wait_for_completion", agent_run_id=1, raise_on_failure=True)
    assert run.needs_input


def test_timeout_raises_with_the_last_run_seen(api: Any, router: respx.MockRouter) -> None:
    router.get(PATH).mock(side_effect=statuses("PENDING", "ACTIVE"))
    start = api.clock.now
    with pytest.raises(WaitTimeoutError) as info:
        api.call("wait_for_completion", agent_run_id=1, timeout=30)
    error = info.value
    assert isinstance(error, TimeoutError)
    assert error.run is not None
    assert error.run.status == "ACTIVE"
    assert error.agent_run_id == 1
    assert api.clock.now - start == pytest.approx(30)  # slept up to the deadline, not past it
    assert "still running after 30 s" in str(error)


def test_backs_off_while_unchanged_and_resets_on_change(api: Any, router: respx.MockRouter) -> None:
    router.get(PATH).mock(
        side_effect=statuses(*["ACTIVE"] * 8, "EVALUATION", "EVALUATION", "COMPLETE")
    )
    api.call("wait_for_completion", agent_run_id=1, poll_interval=1, max_poll_interval=5)
    nominal = [1, 1.5, 2.25, 3.375, 5, 5, 5, 5, 1, 1.5]
    assert len(api.clock.sleeps) == len(nominal)
    for slept, expected in zip(api.clock.sleeps, nominal, strict=True):
        assert 0.9 * expected <= slept <= 1.1 * expected


def test_on_update_sees_the_first_state_and_every_change(
    api: Any, router: respx.MockRouter
) -> None:
    router.get(PATH).mock(
        side_effect=statuses("PENDING", "PENDING", "ACTIVE", "ACTIVE", "COMPLETE")
    )
    seen: list[str] = []
    api.call("wait_for_completion", agent_run_id=1, on_update=lambda run: seen.append(run.status))
    assert seen == ["PENDING", "ACTIVE", "COMPLETE"]


@pytest.mark.parametrize("kind", ["async"])
def test_async_on_update_may_be_a_coroutine(api: Any, router: respx.MockRouter) -> None:
    router.get(PATH).mock(side_effect=statuses("ACTIVE", "COMPLETE"))
    seen: list[str] = []

    async def on_update(run: Any) -> None:
        seen.append(run.status)

    api.call("wait_for_completion", agent_run_id=1, on_update=on_update)
    assert seen == ["ACTIVE", "COMPLETE"]


def test_transient_errors_between_polls_are_waited_out(
    make_api: Any, router: respx.MockRouter
) -> None:
    api = make_api(max_retries=0)
    route = router.get(PATH).mock(
        side_effect=statuses(
            "ACTIVE", 503, httpx.ConnectError("down"), 429, 502, "ACTIVE", "COMPLETE"
        )
    )
    assert api.call("wait_for_completion", agent_run_id=1).status == "COMPLETE"
    assert route.call_count == 7


def test_a_fatal_error_ends_the_wait_at_once(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(max_retries=0)
    route = router.get(PATH).mock(side_effect=statuses("ACTIVE", 401))
    with pytest.raises(AuthenticationError):
        api.call("wait_for_completion", agent_run_id=1)
    assert route.call_count == 2


def test_an_outage_past_the_deadline_times_out(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).mock(side_effect=statuses("ACTIVE", httpx.ConnectError("down")))
    with pytest.raises(WaitTimeoutError) as info:
        api.call("wait_for_completion", agent_run_id=1, timeout=60)
    assert info.value.run is not None
    assert info.value.run.status == "ACTIVE"


def test_no_timeout_waits_as_long_as_it_takes(api: Any, router: respx.MockRouter) -> None:
    router.get(PATH).mock(side_effect=statuses(*["ACTIVE"] * 200, "COMPLETE"))
    run = api.call("wait_for_completion", agent_run_id=1, timeout=None)
    assert run.status == "COMPLETE"
    assert api.clock.now - 1000 > 1000  # far more than the default 300 s


def test_bad_intervals_are_refused(api: Any) -> None:
    with pytest.raises(ValueError, match="poll_interval"):
        api.call("wait_for_completion", agent_run_id=1, poll_interval=0)


def test_on_retry_hears_of_request_retries_and_outage_waits(
    make_api: Any, router: respx.MockRouter
) -> None:
    api = make_api(max_retries=1)
    router.get(PATH).mock(side_effect=statuses("ACTIVE", 503, 503, 502, "COMPLETE"))
    notices: list[Any] = []
    run = api.call("wait_for_completion", agent_run_id=1, on_retry=notices.append)
    assert run.status == "COMPLETE"
    assert [n.error.status_code for n in notices] == [503, 503, 502]
    assert all(n.delay > 0 for n in notices)
    assert {n.delay for n in notices} <= set(api.clock.sleeps)


# The exact sleeps of a wait, with every jitter draw pinned (``fixed_jitter``): between polls
# ``interval × 0.95`` (0.9 + 0.2 × 0.25), and while the API is out of reach
# ``min(2^failures, 30) × 0.8125`` (0.75 + 0.25 × 0.25), or a 429's Retry-After up to 30 s.
POLL = 0.95
OUTAGE = 0.8125


def down() -> httpx.ConnectError:
    return httpx.ConnectError("down")


def rate_limited(retry_after: str) -> httpx.Response:
    return httpx.Response(
        429, headers={"retry-after": retry_after}, json={"message": "slow", "status_code": 429}
    )


def test_the_exact_sleeps_of_a_wait_through_an_outage(
    make_api: Any, router: respx.MockRouter, fixed_jitter: float, caplog: pytest.LogCaptureFixture
) -> None:
    api = make_api(max_retries=0)  # every failure reaches the wait itself
    router.get(PATH).mock(
        side_effect=statuses("ACTIVE", "ACTIVE", *[down() for _ in range(7)], "ACTIVE", 503,
                             "COMPLETE")
    )  # fmt: skip
    notices: list[Any] = []
    with caplog.at_level("INFO", logger="codegen"):
        run = api.call(
            "wait_for_completion", agent_run_id=1, poll_interval=1, max_poll_interval=5,
            on_retry=notices.append,
        )  # fmt: skip
    assert run.status == "COMPLETE"
    outage = [OUTAGE * s for s in (1, 2, 4, 8, 16, 30, 30)]  # doubling, capped at 30 s
    # The poll interval grows ×1.5 across the outage (the status never changed); after the
    # outage the backoff starts again from 1 s.
    expected = [POLL * 1, POLL * 1.5, *outage, POLL * 2.25, OUTAGE * 1]
    assert api.clock.sleeps == pytest.approx(expected)
    assert [n.attempt for n in notices] == [1, 2, 3, 4, 5, 6, 7, 1]
    assert [n.delay for n in notices] == pytest.approx([*outage, OUTAGE])
    said = [m for m in caplog.messages if m.startswith("waiting for run 1:")]
    assert said[0] == "waiting for run 1: connection error: down; trying again in 0.8 s"
    assert said[5] == "waiting for run 1: connection error: down; trying again in 24.4 s"
    assert len(said) == 8


def test_a_wait_honours_a_429s_retry_after_up_to_30_seconds(
    make_api: Any, router: respx.MockRouter, fixed_jitter: float
) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).mock(
        side_effect=statuses(
            rate_limited("7"), rate_limited("30"), rate_limited("31"), rate_limited("0"),
            rate_limited("0.5"), "COMPLETE",
        )
    )  # fmt: skip
    api.call("wait_for_completion", agent_run_id=1)
    # 31 s is more than an outage pause may be: the backoff (4 s nominal, 3rd failure) instead.
    assert api.clock.sleeps == pytest.approx([7.0, 30.0, OUTAGE * 4, 0.0, 0.5])


def test_a_408_is_waited_out_and_other_statuses_end_the_wait(
    make_api: Any, router: respx.MockRouter, fixed_jitter: float
) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).mock(side_effect=statuses(408, "COMPLETE"))
    assert api.call("wait_for_completion", agent_run_id=1).status == "COMPLETE"
    assert api.clock.sleeps == [OUTAGE]
    for status in (400, 404, 409, 422):
        router.get(PATH).mock(side_effect=statuses(status, "COMPLETE"))
        with pytest.raises(APIStatusError) as info:
            api.call("wait_for_completion", agent_run_id=1)
        assert info.value.status_code == status
    assert api.clock.sleeps == [OUTAGE]


def test_an_outage_is_cut_short_at_the_deadline(
    make_api: Any, router: respx.MockRouter, fixed_jitter: float
) -> None:
    api = make_api(max_retries=0)
    # Six failures reach the deadline; a 7th request would be refused (401), so a wait that
    # went on polling past its deadline fails this test instead of hanging.
    route = router.get(PATH).mock(side_effect=statuses(*[down() for _ in range(6)], 401))
    with pytest.raises(WaitTimeoutError) as info:
        api.call("wait_for_completion", agent_run_id=1, timeout=12.6875)
    # 0.8125 + 1.625 + 3.25 + 6.5 = 12.1875: the 5th pause (13 s) is cut to the 0.5 s left.
    assert api.clock.sleeps == [0.8125, 1.625, 3.25, 6.5, 0.5]
    assert route.call_count == 6
    assert info.value.run is None  # no state was ever seen
    assert info.value.timeout == 12.6875
    assert str(info.value) == "agent run 1 still running after 12.6875 s"


def test_a_zero_timeout_polls_once(api: Any, router: respx.MockRouter) -> None:
    route = router.get(PATH).mock(side_effect=statuses("ACTIVE", 401))
    with pytest.raises(WaitTimeoutError) as info:
        api.call("wait_for_completion", agent_run_id=1, timeout=0)
    assert route.call_count == 1
    assert api.clock.sleeps == []
    assert info.value.timeout == 0
    assert str(info.value) == "agent run 1 still running after 0 s, last status ACTIVE"


def test_a_status_nobody_knows_ends_a_wait_without_a_timeout_after_ten_minutes_unchanged(
    api: Any, router: respx.MockRouter, clock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    router.get(PATH).mock(side_effect=statuses("ACTIVE", "ARCHIVED"))
    started = clock.now
    with pytest.raises(UnknownStatusError) as info:
        api.call("wait_for_completion", agent_run_id=1, timeout=None)
    error = info.value
    assert isinstance(error, WaitTimeoutError) and error.run is not None
    assert error.status == "ARCHIVED" and error.agent_run_id == 1
    assert str(error) == (
        "agent run 1 has had status 'ARCHIVED', which this version of codegen does not know, "
        "for 600 s; stopped waiting (it may have ended)"
    )
    assert 600 <= clock.now - started <= 612  # polled to the bound, not past it
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "run 1: status 'ARCHIVED' is not one this version of codegen knows; "
        "waiting up to 600 s for it to change"
    ]


def test_an_unknown_status_that_changes_is_waited_through(
    api: Any, router: respx.MockRouter, clock: Any
) -> None:
    # Each new unknown status starts the count again; a known end ends the wait as usual.
    router.get(PATH).mock(side_effect=statuses(*["QUEUED"] * 40, *["WARMING_UP"] * 40, "COMPLETE"))
    run = api.call("wait_for_completion", agent_run_id=1, timeout=None, unknown_status_timeout=400)
    assert run.status == "COMPLETE"


def test_the_unknown_status_bound_can_be_lifted_and_a_shorter_timeout_wins(
    api: Any, router: respx.MockRouter, clock: Any
) -> None:
    router.get(PATH).mock(side_effect=statuses("ARCHIVED"))
    with pytest.raises(WaitTimeoutError) as info:
        api.call("wait_for_completion", agent_run_id=1, timeout=900, unknown_status_timeout=None)
    assert type(info.value) is WaitTimeoutError and clock.now >= 1900
    with pytest.raises(WaitTimeoutError) as info:
        api.call("wait_for_completion", agent_run_id=1, timeout=60)
    assert type(info.value) is WaitTimeoutError


def test_each_new_unknown_status_gets_the_whole_bound(
    api: Any, router: respx.MockRouter, fixed_jitter: float, caplog: pytest.LogCaptureFixture
) -> None:
    # Some 80 s in each of two unknown statuses, 160 s in all: more than the bound of 100 s, but
    # neither alone is.
    router.get(PATH).mock(
        side_effect=statuses(*["ARCHIVED"] * 20, *["WARMING_UP"] * 20, "COMPLETE")
    )
    with caplog.at_level("WARNING", logger="codegen"):
        run = api.call(
            "wait_for_completion", agent_run_id=1, timeout=None, unknown_status_timeout=100,
            poll_interval=1, max_poll_interval=5,
        )  # fmt: skip
    assert run.status == "COMPLETE"
    assert sum(api.clock.sleeps) > 150
    assert caplog.messages == [
        f"run 1: status '{status}' is not one this version of codegen knows; "
        "waiting up to 100 s for it to change"
        for status in ("ARCHIVED", "WARMING_UP")
    ]


def test_an_unknown_status_without_a_bound_is_said_to_be_waited_out(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    router.get(PATH).mock(side_effect=statuses("ARCHIVED", "ARCHIVED", "COMPLETE"))
    with caplog.at_level("WARNING", logger="codegen"):
        api.call("wait_for_completion", agent_run_id=1, unknown_status_timeout=None)
    assert caplog.messages == [
        "run 1: status 'ARCHIVED' is not one this version of codegen knows; "
        "waiting for it to change"
    ]
