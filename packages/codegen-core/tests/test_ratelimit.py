"""The client-side rate limiter: a busy program waits its turn instead of collecting 429s."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from codegen import RATE_LIMITS, RateClass, RateLimit
from codegen._ratelimit import ARRIVAL_MARGIN, RateLimiter


def test_defaults_are_the_specs() -> None:
    assert RATE_LIMITS[RateClass.CREATE] == RateLimit(10, 60)
    assert RATE_LIMITS[RateClass.STANDARD] == RateLimit(60, 30)
    assert RATE_LIMITS[RateClass.LOGS] == RateLimit(60, 60)


def test_reservations_never_exceed_the_limit_in_any_window() -> None:
    limiter = RateLimiter({RateClass.CREATE: RateLimit(10, 60)})
    now = 0.0
    send_times = []
    for i in range(35):
        now += 0.5 if i % 3 else 0.0  # bursts of callers
        send_times.append(now + limiter.reserve(RateClass.CREATE, now))
    assert send_times == sorted(send_times)
    for t in send_times:
        assert sum(1 for s in send_times if t - 60 - ARRIVAL_MARGIN < s <= t) <= 10
    assert send_times[10] == pytest.approx(send_times[0] + 60 + ARRIVAL_MARGIN)


def test_classes_are_independent() -> None:
    limiter = RateLimiter(
        {RateClass.CREATE: RateLimit(1, 60), RateClass.STANDARD: RateLimit(1, 30)}
    )
    assert limiter.reserve(RateClass.CREATE, 0) == 0
    assert limiter.reserve(RateClass.STANDARD, 0) == 0
    assert limiter.reserve(RateClass.CREATE, 0) == 60 + ARRIVAL_MARGIN
    assert limiter.reserve(RateClass.STANDARD, 1) == 29 + ARRIVAL_MARGIN


def test_a_limit_must_make_sense() -> None:
    with pytest.raises(ValueError, match="rate limit"):
        RateLimit(0, 10)


def test_the_client_waits_before_sending(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(rate_limit=True, rate_limits={RateClass.STANDARD: RateLimit(2, 10)})
    route = router.get("/organizations/7/agent/run/1").respond(json={"id": 1, "organization_id": 7})
    for _ in range(5):
        api.call("get_agent_run", agent_run_id=1)
    assert route.call_count == 5
    assert api.clock.sleeps == [10 + ARRIVAL_MARGIN, 10 + ARRIVAL_MARGIN]


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
    waited = [60 + ARRIVAL_MARGIN]  # the 11th waited a minute; by then the window had room
    assert api.clock.sleeps == waited
    for _ in range(20):
        api.call("get_agent_run", agent_run_id=1)
    assert api.clock.sleeps == waited  # GETs are not held back by the create budget
