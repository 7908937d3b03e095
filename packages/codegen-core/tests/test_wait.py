"""wait_for_completion on a fake clock: terminal, paused, timeout, transient errors, backoff."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from codegen import AuthenticationError, RunFailedError, UnknownStatusError, WaitTimeoutError

PATH = "/organizations/7/agent/run/1"


def statuses(*sequence: Any) -> Any:
    """A handler returning the run with each status (or a failure) in turn, repeating the last."""
    queue = list(sequence)

    def handler(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
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
