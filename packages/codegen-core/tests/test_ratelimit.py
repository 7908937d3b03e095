"""The client-side rate limiter: a busy program waits its turn instead of collecting 429s."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from codegen import RATE_LIMITS, RateClass, RateLimit
from codegen._ratelimit import ARRIVAL_MARGIN, RateLimiter


def test_defaults_are_the_specs_for_every_class() -> None:
    assert dict(RATE_LIMITS) == {
        RateClass.STANDARD: RateLimit(60, 30),
        RateClass.CREATE: RateLimit(10, 60),
        RateClass.LOGS: RateLimit(60, 60),
        RateClass.SETUP_COMMANDS: RateLimit(5, 60),
        RateClass.ANALYZE_LOGS: RateLimit(5, 60),
        RateClass.PR_EDIT: RateLimit(30, 60),
        RateClass.CLI_RULES: RateLimit(30, 60),
    }


# Expected waits below are written out (60.25 s, not 60 + ARRIVAL_MARGIN), so that a change to the
# margin shows up as a failure, not as a changed expectation.
def test_the_arrival_margin_is_a_quarter_second() -> None:
    assert ARRIVAL_MARGIN == 0.25


@pytest.mark.parametrize(
    ("rate_class", "requests", "window"),
    [
        (RateClass.STANDARD, 60, 30.25),
        (RateClass.CREATE, 10, 60.25),
        (RateClass.LOGS, 60, 60.25),
        (RateClass.SETUP_COMMANDS, 5, 60.25),
        (RateClass.ANALYZE_LOGS, 5, 60.25),
        (RateClass.PR_EDIT, 30, 60.25),
        (RateClass.CLI_RULES, 30, 60.25),
    ],
)
def test_a_limiter_made_without_limits_keeps_to_the_specs(
    rate_class: RateClass, requests: int, window: float
) -> None:
    limiter = RateLimiter()
    assert [limiter.reserve(rate_class, 100.0) for _ in range(requests)] == [0.0] * requests
    assert limiter.wait_time(rate_class, 100.0) == window
    assert limiter.reserve(rate_class, 100.0) == window


def test_reservations_never_exceed_the_limit_in_any_window() -> None:
    limiter = RateLimiter({RateClass.CREATE: RateLimit(10, 60)})
    now = 0.0
    send_times = []
    for i in range(35):
        now += 0.5 if i % 3 else 0.0  # bursts of callers
        send_times.append(now + limiter.reserve(RateClass.CREATE, now))
    assert send_times == sorted(send_times)
    for t in send_times:
        assert sum(1 for s in send_times if t - 60.25 < s <= t) <= 10
    assert send_times[10] == send_times[0] + 60.25


def test_classes_are_independent() -> None:
    limiter = RateLimiter(
        {RateClass.CREATE: RateLimit(1, 60), RateClass.STANDARD: RateLimit(1, 30)}
    )
    assert limiter.reserve(RateClass.CREATE, 0) == 0
    assert limiter.reserve(RateClass.STANDARD, 0) == 0
    assert limiter.reserve(RateClass.CREATE, 0) == 60.25
    assert limiter.reserve(RateClass.STANDARD, 1) == 29.25


def test_a_limit_must_make_sense() -> None:
    with pytest.raises(ValueError, match="rate limit"):
        RateLimit(0, 10)


def test_the_client_waits_before_sending(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(rate_limit=True, rate_limits={RateClass.STANDARD: RateLimit(2, 10)})
    route = router.get("/organizations/7/agent/run/1").respond(json={"id": 1, "organization_id": 7})
    for _ in range(5):
        api.call("get_agent_run", agent_run_id=1)
    assert route.call_count == 5
    assert api.clock.sleeps == [10.25, 10.25]


def test_turning_it_off_sends_at_once(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(rate_limit=False, rate_limits={RateClass.STANDARD: RateLimit(1, 10)})
    router.get("/organizations/7/agent/run/1").respond(json={"id": 1, "organization_id": 7})
    for _ in range(5):
        api.call("get_agent_run", agent_run_id=1)
    assert api.clock.sleeps == []


def test_creates_use_their_own_budget(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(rate_limit=True)  # the spec's limits: 10 creates a minute
    router.post("/organizations/7/agent/run").respond(json={"id": 1, "organization_id": 7})
    router.get("/organizations/7/agent/run/1").respond(json={"id": 1, "organization_id": 7})
    for _ in range(12):
        api.call("create_agent_run", "go")
    waited = [60.25]  # the 11th waited a minute; by then the window had room
    assert api.clock.sleeps == waited
    for _ in range(20):
        api.call("get_agent_run", agent_run_id=1)
    assert api.clock.sleeps == waited  # GETs are not held back by the create budget


def test_wait_time_tells_without_claiming() -> None:
    limiter = RateLimiter({RateClass.CREATE: RateLimit(2, 10)})
    assert limiter.wait_time(RateClass.CREATE, 0.0) == 0.0
    assert limiter.reserve(RateClass.CREATE, 0.0) == 0.0
    assert limiter.wait_time(RateClass.CREATE, 0.0) == 0.0  # one of two slots taken
    assert limiter.reserve(RateClass.CREATE, 1.0) == 0.0
    assert limiter.wait_time(RateClass.CREATE, 1.0) == 9.25  # the oldest slot frees at 10.25
    assert limiter.wait_time(RateClass.CREATE, 1.0) == 9.25  # asking claimed nothing
    assert limiter.wait_time(RateClass.CREATE, 10.25) == 0.0
    assert limiter.wait_time(RateClass.CREATE, 50.0) == 0.0  # never less than nothing
    assert limiter.reserve(RateClass.CREATE, 4.0) == 6.25


def test_a_class_without_a_limit_never_waits() -> None:
    limiter = RateLimiter({RateClass.CREATE: RateLimit(1, 60)})
    for _ in range(3):
        assert limiter.reserve(RateClass.LOGS, 0.0) == 0.0
        assert limiter.wait_time(RateClass.LOGS, 0.0) == 0.0


def test_queued_reservations_are_spaced_a_window_apart() -> None:
    limiter = RateLimiter({RateClass.STANDARD: RateLimit(2, 10)})
    waits = [limiter.reserve(RateClass.STANDARD, 0.0) for _ in range(6)]
    assert waits == [0.0, 0.0, 10.25, 10.25, 20.5, 20.5]
    # A slot a whole window old no longer counts, to the instant.
    assert limiter.reserve(RateClass.STANDARD, 30.75) == 0.0
