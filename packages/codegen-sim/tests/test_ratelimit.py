"""Rate limits per token and class, with the spec's 429 body and a Retry-After."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from codegen_models import api
from codegen_models.api import RateClass, RateLimit
from codegen_sim import RATE_LIMITS, SimServer
from codegen_sim._ratelimit import RateLimiter

RATE_LIMITED = {"message": "Rate limit exceeded. Please try again later.", "status_code": 429}


def test_the_defaults_are_the_shared_table_of_the_spec_limits() -> None:
    assert RATE_LIMITS is api.RATE_LIMITS
    assert RATE_LIMITS[RateClass.CREATE] == RateLimit(10, 60.0)


def test_the_eleventh_create_in_a_minute_is_429(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    client = make_client(start_sim())
    for _ in range(10):
        assert client.post("/organizations/1/agent/run", json={"prompt": "x"}).status_code == 200
    response = client.post("/organizations/1/agent/run", json={"prompt": "x"})
    assert (response.status_code, response.json()) == (429, RATE_LIMITED)
    assert 1 <= int(response.headers["retry-after"]) <= 60


def test_limits_are_per_class_and_per_token(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    server = start_sim(
        extra_users=1, rate_limit_overrides={"standard": (3, 30.0), "logs": (2, 60.0)}
    )
    client = make_client(server)
    assert [client.get("/users/me").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get("/organizations/1/agent/run/1000/logs").status_code == 200  # another class
    assert (
        make_client(server, token="sim-token-2").get("/users/me").status_code == 200
    )  # another token
    logs = [client.get("/alpha/organizations/1/agent/run/1000/logs").status_code for _ in range(2)]
    assert logs == [200, 429]


def test_rate_limits_can_be_switched_off(client: Any) -> None:
    assert {client.get("/users/me").status_code for _ in range(70)} == {200}


def test_the_window_slides_and_retry_after_says_when_a_slot_frees() -> None:
    now = [100.0]
    limiter = RateLimiter(lambda rate_class: RateLimit(2, 10.0), clock=lambda: now[0])
    standard = RateClass.STANDARD
    assert limiter.acquire("t", standard) is None
    now[0] = 104.0
    assert limiter.acquire("t", standard) is None
    assert limiter.acquire("t", standard) == 6  # the first request leaves the window at 110
    now[0] = 109.5
    assert limiter.acquire("t", standard) == 1  # never less than a second
    now[0] = 110.0
    assert limiter.acquire("t", standard) is None
    assert limiter.acquire("other", standard) is None
