"""The retry matrix: which failures are retried for which requests, how long the client waits,
and that a POST keeps one Idempotency-Key across its attempts."""

from __future__ import annotations

import calendar
import email.utils
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx

from codegen import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
)
from codegen._retry import RetryDecision, RetryPolicy, parse_retry_after

ORG = 7
RUN = {"id": 1, "organization_id": ORG, "status": "ACTIVE"}
GET_PATH = f"/organizations/{ORG}/agent/run/1"
CREATE_PATH = f"/organizations/{ORG}/agent/run"
LIST_PATH = f"/organizations/{ORG}/agent/runs"
BAN_PATH = f"/organizations/{ORG}/agent/run/ban"
SETUP_PATH = f"/organizations/{ORG}/setup-commands/generate"
EMPTY_PAGE = {"items": [], "total": 0, "page": 1, "size": 100, "pages": 0}

# How each kind of request is made, and the JSON that answers it.
REQUESTS: dict[str, tuple[str, str, Callable[[Any], Any]]] = {
    "GET": ("GET", GET_PATH, lambda api: api.call("get_agent_run", agent_run_id=1)),
    "create (POST that starts a run, found by its request id)": (
        "POST",
        CREATE_PATH,
        lambda api: api.call("create_agent_run", "go"),
    ),
    "setup commands (POST that starts work, with no way to look for it)": (
        "POST",
        SETUP_PATH,
        lambda api: api.call("generate_setup_commands", repo_id=5),
    ),
    "ban (POST that starts nothing)": (
        "POST",
        BAN_PATH,
        lambda api: api.call("ban_all_checks", agent_run_id=1),
    ),
}


def failing_then_ok(failures: list[Any]) -> Callable[[httpx.Request], httpx.Response]:
    """A handler answering with each of ``failures`` in turn (a status code or an exception to
    raise), then 200."""
    queue = list(failures)

    def handler(request: httpx.Request) -> httpx.Response:
        if queue:
            failure = queue.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return httpx.Response(
                failure, json={"message": f"failure {failure}", "status_code": failure}
            )
        return httpx.Response(200, json={**RUN, "agent_run_id": 1, "url": "https://codegen.test/1"})

    return handler


NOT_ACTED = [408, 429, httpx.ConnectError("refused"), httpx.ConnectTimeout("slow connect")]
"""Failures that prove the server did not act: retried for every request."""
AMBIGUOUS = [500, 502, 503, 504, httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("reset"),
             httpx.ReadError("broken pipe"), httpx.WriteError("broken")]  # fmt: skip
"""Failures after which the server may have acted: a create looks for its run first."""
NEVER_RETRIED = [400, 401, 402, 403, 404, 409, 422, 501]


def _name(failure: Any) -> str:
    return type(failure).__name__ if isinstance(failure, Exception) else str(failure)


@pytest.mark.parametrize("request_kind", list(REQUESTS))
@pytest.mark.parametrize("failure", NOT_ACTED + AMBIGUOUS + NEVER_RETRIED, ids=_name)
@pytest.mark.parametrize("failures_before_success", [1, 3])
def test_retry_matrix(
    api: Any,
    router: respx.MockRouter,
    request_kind: str,
    failure: Any,
    failures_before_success: int,
) -> None:
    method, path, call = REQUESTS[request_kind]
    route = router.route(method=method, path=path).mock(
        side_effect=failing_then_ok([failure] * failures_before_success)
    )
    searches = router.get(LIST_PATH).respond(json=EMPTY_PAGE)
    ambiguous = failure in AMBIGUOUS
    retried = failure in NOT_ACTED or (ambiguous and not request_kind.startswith("setup"))
    if retried:
        call(api)
        assert route.call_count == failures_before_success + 1
    else:
        with pytest.raises(Exception) as info:
            call(api)
        assert route.call_count == 1
        if isinstance(failure, int):
            assert info.value.status_code == failure  # type: ignore[attr-defined]
        else:
            assert isinstance(info.value, APIConnectionError)
    looked = ambiguous and request_kind.startswith("create")
    assert searches.call_count == (failures_before_success if looked else 0)


@pytest.mark.parametrize(
    "failure", [500, httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("reset")], ids=_name
)
def test_a_create_is_retried_after_ambiguous_failures_when_the_server_honours_keys(
    make_api: Callable[..., Any], router: respx.MockRouter, failure: Any
) -> None:
    api = make_api(trust_idempotency_keys=True)
    route = router.post(CREATE_PATH).mock(side_effect=failing_then_ok([failure, failure]))
    assert api.call("create_agent_run", "go").id == 1
    assert route.call_count == 3
    keys = {call.request.headers["idempotency-key"] for call in route.calls}
    assert len(keys) == 1


@pytest.mark.parametrize("request_kind", list(REQUESTS))
def test_retries_stop_after_max_retries(
    make_api: Callable[..., Any], router: respx.MockRouter, request_kind: str
) -> None:
    api = make_api(max_retries=2)
    method, path, call = REQUESTS[request_kind]
    router.get(LIST_PATH).respond(json=EMPTY_PAGE)
    route = router.route(method=method, path=path).respond(
        500, json={"message": "down", "status_code": 500}
    )
    with pytest.raises(InternalServerError, match="down") as info:
        call(api)
    assert info.value.status_code == 500
    assert route.call_count == (1 if request_kind.startswith("setup") else 3)


def test_max_retries_zero_sends_once(
    make_api: Callable[..., Any], router: respx.MockRouter
) -> None:
    api = make_api(max_retries=0)
    route = router.get(GET_PATH).respond(502, text="<html><title>502 Bad Gateway</title></html>")
    with pytest.raises(InternalServerError, match="502 Bad Gateway"):
        api.call("get_agent_run", agent_run_id=1)
    assert route.call_count == 1


def test_one_idempotency_key_across_the_attempts_of_a_call(
    api: Any, router: respx.MockRouter
) -> None:
    router.get(LIST_PATH).respond(json=EMPTY_PAGE)
    route = router.post(CREATE_PATH).mock(side_effect=failing_then_ok([503, 429, 502]))
    api.call("create_agent_run", "go")
    keys = [call.request.headers["idempotency-key"] for call in route.calls]
    assert len(keys) == 4
    assert len(set(keys)) == 1
    assert [call.request.headers.get("x-codegen-retry-count") for call in route.calls] == [
        None,
        "1",
        "2",
        "3",
    ]
    route.mock(side_effect=failing_then_ok([]))
    api.call("create_agent_run", "again")
    assert route.calls.last.request.headers["idempotency-key"] != keys[0]


def test_a_callers_idempotency_key_is_sent(api: Any, router: respx.MockRouter) -> None:
    route = router.post(CREATE_PATH).respond(json=RUN)
    api.call("create_agent_run", "go", idempotency_key="my-key-1")
    assert route.calls.last.request.headers["idempotency-key"] == "my-key-1"


def test_gets_carry_no_idempotency_key(api: Any, router: respx.MockRouter) -> None:
    route = router.get(GET_PATH).respond(json=RUN)
    api.call("get_agent_run", agent_run_id=1)
    assert "idempotency-key" not in route.calls.last.request.headers


def http_date(seconds_from_now: float) -> str:
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


@pytest.mark.parametrize(
    ("header", "expected_sleep"),
    [
        ("3", 3.0),
        ("0.25", 0.25),
        ("0", 0.0),
        (None, "backoff"),
        ("-5", "backoff"),
        ("soon", "backoff"),
        ("nan", "backoff"),
        ("inf", "backoff"),
    ],
)
def test_retry_after_forms(
    api: Any, router: respx.MockRouter, header: str | None, expected_sleep: Any
) -> None:
    headers = {"retry-after": header} if header is not None else {}
    responses = [
        httpx.Response(429, headers=headers, json={"message": "slow down"}),
        httpx.Response(200, json=RUN),
    ]
    router.get(GET_PATH).mock(side_effect=responses)
    api.call("get_agent_run", agent_run_id=1)
    if expected_sleep == "backoff":
        assert len(api.clock.sleeps) == 1
        assert 0.375 <= api.clock.sleeps[0] <= 0.5  # first backoff: 0.5 s minus up to 25 % jitter
    elif expected_sleep == 0.0:
        assert api.clock.sleeps == []
    else:
        assert api.clock.sleeps == [expected_sleep]


def test_retry_after_as_an_http_date(api: Any, router: respx.MockRouter) -> None:
    responses = [
        httpx.Response(503, headers={"retry-after": http_date(5)}, json={}),
        httpx.Response(200, json=RUN),
    ]
    router.get(GET_PATH).mock(side_effect=responses)
    api.call("get_agent_run", agent_run_id=1)
    assert len(api.clock.sleeps) == 1
    assert 3.0 <= api.clock.sleeps[0] <= 5.0


def test_a_huge_retry_after_is_surfaced_not_slept(api: Any, router: respx.MockRouter) -> None:
    route = router.get(GET_PATH).respond(
        429, headers={"retry-after": "3600"}, json={"message": "quota", "status_code": 429}
    )
    with pytest.raises(RateLimitError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.retry_after == 3600
    assert route.call_count == 1
    assert api.clock.sleeps == []


def test_backoff_grows_exponentially_and_is_capped() -> None:
    policy = RetryPolicy(max_retries=20)
    for attempt, nominal in [
        (0, 0.5),
        (1, 1.0),
        (2, 2.0),
        (3, 4.0),
        (4, 8.0),
        (10, 8.0),
        (1000, 8.0),
    ]:
        delays = [policy.backoff(attempt) for _ in range(50)]
        assert all(0.75 * nominal <= d <= nominal for d in delays)
        assert len(set(delays)) > 1  # jittered


def test_backoff_sleeps_between_attempts(api: Any, router: respx.MockRouter) -> None:
    router.get(GET_PATH).mock(side_effect=failing_then_ok([500, 500, 500]))
    api.call("get_agent_run", agent_run_id=1)
    nominal = [0.5, 1.0, 2.0]
    assert len(api.clock.sleeps) == 3
    for slept, expected in zip(api.clock.sleeps, nominal, strict=True):
        assert 0.75 * expected <= slept <= expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("20", 20.0), ("0", 0.0), ("1.5", 1.5), ("-1", None), ("", None), ("abc", None), ("nan", None), ("inf", None),
     (None, None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)  # fmt: skip
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_future_date() -> None:
    now = time.time()
    assert parse_retry_after(
        email.utils.formatdate(now + 30, usegmt=True), now=now
    ) == pytest.approx(30, abs=1)


def test_timeouts_become_api_timeout_errors(
    make_api: Callable[..., Any], router: respx.MockRouter
) -> None:
    api = make_api(max_retries=1)
    route = router.get(GET_PATH).mock(side_effect=httpx.ReadTimeout("read timed out"))
    with pytest.raises(APITimeoutError, match="timed out") as info:
        api.call("get_agent_run", agent_run_id=1)
    assert isinstance(info.value, APIConnectionError)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert route.call_count == 2


def test_connection_errors_carry_the_request_but_not_its_headers(
    api: Any, router: respx.MockRouter
) -> None:
    router.get(GET_PATH).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.method == "GET"
    assert info.value.url == f"https://api.test/v1{GET_PATH}"
    assert not hasattr(info.value, "request")


@pytest.fixture
def far_from_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process's local time zone set 5 hours from UTC, where a date read as local time is off
    by hours."""
    monkeypatch.setenv("TZ", "EST+05")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "date",
    [
        "Wed, 21 Oct 2026 07:28:30 GMT",
        "Wed, 21 Oct 2026 07:28:30 +0000",
        "Wed, 21 Oct 2026 07:28:30 -0000",  # RFC 5322's "UTC, origin unknown": naive when parsed
        "Wed, 21 Oct 2026 09:28:30 +0200",
        "Wed, 21 Oct 2026 02:28:30 -0500",
    ],
)
def test_an_http_date_is_read_in_its_own_zone_never_as_local_time(
    far_from_utc: None, date: str
) -> None:
    sent = calendar.timegm((2026, 10, 21, 7, 28, 0))  # 30 s before the date, in UTC
    assert parse_retry_after(date, now=sent) == 30.0


def test_the_longest_retry_after_slept_through_is_a_minute(
    api: Any, router: respx.MockRouter
) -> None:
    def limited(seconds: str) -> httpx.Response:
        return httpx.Response(
            429, headers={"retry-after": seconds}, json={"message": "slow", "status_code": 429}
        )

    route = router.get(GET_PATH).mock(side_effect=[limited("60"), httpx.Response(200, json=RUN)])
    api.call("get_agent_run", agent_run_id=1)
    assert api.clock.sleeps == [60.0]
    route.mock(side_effect=[limited("61"), httpx.Response(200, json=RUN)])
    with pytest.raises(RateLimitError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.retry_after == 61.0
    assert route.call_count == 3  # 60 s: sent twice; 61 s: once, then surfaced
    assert api.clock.sleeps == [60.0]


def test_the_exact_backoff_between_attempts(
    make_api: Any, router: respx.MockRouter, fixed_jitter: float
) -> None:
    api = make_api(max_retries=6)
    router.get(GET_PATH).mock(side_effect=failing_then_ok([500] * 6))
    api.call("get_agent_run", agent_run_id=1)
    # 0.5 s doubling, capped at 8 s, less the pinned jitter (1 - 0.25 × 0.25 = 0.9375).
    assert api.clock.sleeps == [0.9375 * s for s in (0.5, 1, 2, 4, 8, 8)]


@pytest.mark.parametrize(
    "failure",
    [httpx.ProxyError("407 Proxy Authentication Required"), httpx.UnsupportedProtocol("ftp")],
    ids=_name,
)
def test_a_transport_error_that_no_retry_can_fix_is_a_connection_error_at_once(
    api: Any, router: respx.MockRouter, failure: httpx.TransportError
) -> None:
    route = router.get(GET_PATH).mock(side_effect=failure)
    with pytest.raises(APIConnectionError, match="connection error") as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.__cause__ is failure
    assert route.call_count == 1
    assert api.clock.sleeps == []


@pytest.mark.parametrize(
    ("outcome", "starts_work", "decision"),
    [
        (httpx.Response(503), False, RetryDecision(True, 0.46875, "HTTP 503")),
        (httpx.Response(503), True,
         RetryDecision(True, 0.46875, "HTTP 503; the server may have acted on it", True)),
        (httpx.Response(429), True, RetryDecision(True, 0.46875, "HTTP 429")),
        (httpx.Response(429, headers={"retry-after": "2"}), True,
         RetryDecision(True, 2.0, "HTTP 429; Retry-After 2 s")),
        (httpx.Response(503, headers={"retry-after": "2"}), True,
         RetryDecision(True, 2.0, "HTTP 503; the server may have acted on it; Retry-After 2 s", True)),
        (httpx.Response(502, headers={"retry-after": "90"}), True,
         RetryDecision(False, 0.0, "HTTP 502; the server may have acted on it; Retry-After 90 s is too long", True)),
        (httpx.ReadTimeout("slow"), True,
         RetryDecision(True, 0.46875, "ReadTimeout; the server may have acted on it", True)),
        (httpx.ConnectTimeout("slow"), True, RetryDecision(True, 0.46875, "ConnectTimeout")),
        (httpx.PoolTimeout("busy"), True, RetryDecision(True, 0.46875, "PoolTimeout")),
        (httpx.Response(404), True, RetryDecision(False)),
        (httpx.ProxyError("no"), True, RetryDecision(False)),
        (ValueError("not a transport error"), False, RetryDecision(False)),
    ],
)  # fmt: skip
def test_each_decision_and_its_reason(
    fixed_jitter: float, outcome: Any, starts_work: bool, decision: RetryDecision
) -> None:
    assert RetryPolicy().decide(outcome, attempt=0, starts_work=starts_work) == decision


def test_the_last_attempt_says_why_it_is_the_last() -> None:
    policy = RetryPolicy(max_retries=2)
    assert policy.decide(httpx.Response(500), attempt=2, starts_work=True) == RetryDecision(
        False, 0.0, "HTTP 500; the server may have acted on it; no retries left", True
    )
    trusting = RetryPolicy(max_retries=2, trust_idempotency_keys=True)
    assert trusting.decide(httpx.Response(500), attempt=2, starts_work=True) == RetryDecision(
        False, 0.0, "HTTP 500; no retries left", False
    )


def test_a_retry_after_date_is_counted_from_the_time_given() -> None:
    sent = calendar.timegm((2026, 10, 21, 7, 28, 0))
    answer = httpx.Response(503, headers={"retry-after": "Wed, 21 Oct 2026 07:28:05 GMT"})
    decision = RetryPolicy().decide(answer, attempt=0, starts_work=False, now=sent)
    assert decision == RetryDecision(True, 5.0, "HTTP 503; Retry-After 5 s")


def test_an_answer_whose_body_cannot_be_decoded_is_retried_then_a_connection_error(
    make_api: Callable[..., Any], router: respx.MockRouter
) -> None:
    def garbled(request: httpx.Request) -> httpx.Response:  # says gzip, is not
        return httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip")
        )

    api = make_api(max_retries=1)
    route = router.get(GET_PATH).mock(side_effect=[garbled, httpx.Response(200, json=RUN)])
    assert api.call("get_agent_run", agent_run_id=1).id == 1
    assert route.call_count == 2
    route.mock(side_effect=garbled)
    with pytest.raises(APIConnectionError, match="connection error: .*decompress"):
        api.call("get_agent_run", agent_run_id=1)
