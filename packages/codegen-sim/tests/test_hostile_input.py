"""Hostile input gets a 4xx that names the problem, never a 500, and changes nothing.

The simulator is a tool people point their own tests at, so what it cannot keep or send back (lone
surrogates, NaN, absurd nesting, numbers past what a clock can show, oversize headers) must be
refused at the door, for the API and the admin API alike.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from codegen_models.api import OPERATIONS, Operation
from codegen_sim import SimConfig, SimServer

CREATE = "/organizations/1/agent/run"


def post_raw(client: httpx.Client, path: str, body: bytes) -> httpx.Response:
    return client.post(path, content=body, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("path", "body", "loc"),
    [
        (CREATE, rb'{"prompt": "fix \ud800 this"}', ["body", "prompt"]),
        (CREATE, rb'{"prompt": "x", "metadata": {"k": "\udc00"}}', ["body", "metadata", "k"]),
        (CREATE, rb'{"prompt": "x", "metadata": {"\udc00": 1}}', ["body", "metadata"]),
        ("/organizations/1/agent/run/resume", rb'{"agent_run_id": 1000, "prompt": "\ud83d"}', None),
        ("/organizations/1/setup-commands/generate", rb'{"repo_id": 10, "prompt": "\udfff"}', None),
    ],
)
def test_a_lone_surrogate_is_a_422_on_its_field_and_creates_nothing(
    client: httpx.Client, sim: SimServer, path: str, body: bytes, loc: list[str] | None
) -> None:
    response = post_raw(client, path, body)
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["type"] == "string_unicode" and "surrogate" in error["msg"]
    assert error["loc"] == (loc or ["body", "prompt"])
    assert sim.stats()["runs_created"] == 0


def test_a_surrogate_pair_is_text_and_is_kept(client: httpx.Client, sim: SimServer) -> None:
    response = post_raw(client, CREATE, rb'{"prompt": "ship it \ud83d\ude80"}')
    assert response.status_code == 200
    sim.advance(10)
    logs = client.get(f"/organizations/1/agent/run/{response.json()['id']}/logs").json()["logs"]
    assert logs[0]["observation"] == "ship it \U0001f680"


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e400"])
def test_numbers_json_cannot_carry_are_a_422(
    client: httpx.Client, sim: SimServer, number: bytes
) -> None:
    response = post_raw(client, CREATE, b'{"prompt": "x", "metadata": {"ratio": %s}}' % number)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "metadata", "ratio"]
    assert sim.stats()["runs_created"] == 0


@pytest.mark.parametrize("depth", [65, 900, 100_000])
def test_absurd_nesting_is_a_422(client: httpx.Client, sim: SimServer, depth: int) -> None:
    nested = b"[" * depth + b"]" * depth
    response = post_raw(client, CREATE, b'{"prompt": "x", "metadata": {"deep": %s}}' % nested)
    assert response.status_code == 422
    assert "nested deeper" in response.json()["detail"][0]["msg"]
    assert sim.stats()["runs_created"] == 0


def test_nesting_within_the_bound_is_kept_as_sent(client: httpx.Client) -> None:
    metadata = {"deep": [[[[{"a": [1, 2.5, None, True, "é"]}]]]]}
    response = client.post(CREATE, json={"prompt": "x", "metadata": metadata})
    assert response.status_code == 200 and response.json()["metadata"] == metadata


@pytest.mark.parametrize(
    "body",
    [
        b'{"prompt": "x", "repo_id": ' + b"9" * 5000 + b"}",  # more digits than Python converts
        b'{"prompt": "caf\xe9"}',  # Latin-1, not UTF-8
        b'{"prompt": ',
    ],
)
def test_bodies_that_are_not_json_text_are_a_422(
    client: httpx.Client, sim: SimServer, body: bytes
) -> None:
    assert post_raw(client, CREATE, body).status_code == 422
    assert sim.stats()["runs_created"] == 0


HOSTILE_BODIES = [
    rb'{"prompt": "\ud800", "agent_run_id": 1000, "repo_id": 10, "org_id": 1, "state": "open"}',
    b'{"prompt": NaN, "agent_run_id": NaN, "repo_id": 1e999, "org_id": -1e999}',
    b'{"agent_run_id": 99999999999999999999999999, "repo_id": -1, "org_id": 1e30}',
    b"[" * 50_000,
    b"\xff\xfe\x00",
    b'{"images": ["' + b"A" * 100_000 + b'"], "prompt": "' + b"p" * 100_000 + b'"}',
]
CONTENT_TYPES = ["application/json", "text/plain", "multipart/form-data", None]
HOSTILE_QUERIES = [
    "skip=-1&limit=0",
    f"skip={'9' * 40}&limit={'9' * 40}&repo_id={'9' * 40}&org_id=nan",
    "user_id=1e400&source_type=%ED%A0%80&reverse=maybe&provider=%ED%A0%80" + "x" * 10_000,
]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_no_hostile_request_to_any_operation_is_answered_with_a_500(
    operation: Operation[Any], client: httpx.Client
) -> None:
    for ids in ("1", "9" * 30, "abc"):
        path = re.sub(r"{\w+}", ids, operation.path)
        for body, content_type in itertools.product(HOSTILE_BODIES, CONTENT_TYPES):
            headers = {"Content-Type": content_type} if content_type else {}
            response = client.request(operation.method, path, content=body, headers=headers)
            assert response.status_code < 500, (path, body[:60], response.text[:200])
        for query in HOSTILE_QUERIES:
            response = client.request(operation.method, f"{path}?{query}")
            assert response.status_code < 500, (path, query, response.text[:200])


# The admin API.


def clock_now(sim: SimServer) -> str:
    now: str = httpx.post(f"{sim.base_url}/_sim/clock/advance", json={"seconds": 0}).json()["now"]
    return now


@pytest.mark.parametrize("seconds", [b"1e300", b"1e400", b"NaN", b"-1", b'"soon"', b"true"])
def test_a_clock_advance_it_cannot_show_is_a_422_and_changes_nothing(
    sim: SimServer, client: httpx.Client, seconds: bytes
) -> None:
    before = clock_now(sim)
    response = httpx.post(
        f"{sim.base_url}/_sim/clock/advance",
        content=b'{"seconds": %s}' % seconds,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert clock_now(sim)[:16] == before[:16]  # the clock barely moves by itself in these tests
    assert client.post(CREATE, json={"prompt": "still works"}).status_code == 200


def test_the_clock_advances_as_far_as_timestamps_allow(
    sim: SimServer, client: httpx.Client
) -> None:
    sim.advance(100 * 365 * 24 * 3600.0)  # a century is fine
    assert clock_now(sim) > "2100"
    run = client.post(CREATE, json={"prompt": "in the future"}).json()
    assert run["created_at"] > "2100"


@pytest.mark.parametrize("content_type", ["text/plain", "application/octet-stream"])
def test_a_body_of_another_type_is_a_422_that_quotes_it_readably(
    sim: SimServer, client: httpx.Client, content_type: str
) -> None:
    for url in (f"{sim.api_url}{CREATE}", f"{sim.base_url}/_sim/clock/advance"):
        response = client.post(url, content=b"\xff\xfe{", headers={"Content-Type": content_type})
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["input"] == "\ufffd\ufffd{"


@pytest.mark.parametrize("rate", [b"NaN", b"1e400", b"2", b"-0.5", b'"often"'])
def test_bad_fault_settings_are_a_422(sim: SimServer, rate: bytes) -> None:
    response = httpx.post(
        f"{sim.base_url}/_sim/faults",
        content=b'{"rate": %s}' % rate,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert httpx.get(f"{sim.api_url}/users/me", headers={"Authorization": "Bearer sim-token"})


# Headers and names.


# (Far longer headers, 16 KB and up, uvicorn itself refuses with a 400 before any of this.)
@pytest.mark.parametrize("key", ["k" * 256, "k" * 10_000, "with space", "tab\tkey", "caf\xe9"])
def test_an_idempotency_key_too_long_or_not_visible_ascii_is_a_422_never_echoed(
    honouring: SimServer, client: httpx.Client, key: str
) -> None:
    response = client.post(
        CREATE, json={"prompt": "x"}, headers={"Idempotency-Key": key.encode("latin-1")}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "idempotency-key"]
    assert "idempotency-key" not in response.headers and key not in response.text
    assert honouring.stats()["runs_created"] == 0


def test_a_key_of_the_longest_length_is_honoured(
    honouring: SimServer, client: httpx.Client
) -> None:
    key = "k" * 255
    first = client.post(CREATE, json={"prompt": "x"}, headers={"Idempotency-Key": key})
    again = client.post(CREATE, json={"prompt": "x"}, headers={"Idempotency-Key": key})
    assert first.headers["idempotency-key"] == key and again.json() == first.json()
    assert honouring.stats()["runs_created"] == 1


def test_an_unknown_path_is_counted_under_a_bounded_name(
    sim: SimServer, client: httpx.Client
) -> None:
    client.get("/" + "x" * 5000)
    (name,) = sim.stats()["requests"]
    assert name.startswith("GET /v1/xxx") and len(name) <= 210


# Options.


@pytest.mark.parametrize(
    "options",
    [
        {"speed": float("inf")},
        {"speed": float("nan")},
        {"speed": 1e9},
        {"run_seconds": 1e300},
        {"run_seconds": float("nan")},
        {"slow_seconds": float("inf")},
        {"latency": float("nan")},
        {"extra_users": 10**8},
        {"run_allotment": -1},
        {"rate_limit_overrides": {"create": (1, float("inf"))}},
        {"rate_limit_overrides": {"create": (0, 60.0)}},
        {"rate_limit_overrides": {"create": (1, float("nan"))}},
    ],
)
def test_options_out_of_bounds_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be"):
        SimConfig(**options)


def test_a_port_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="port"):
        SimServer(port=70000)


def test_options_at_their_bounds_are_fine(start_sim: Callable[..., SimServer]) -> None:
    start_sim(speed=100_000, run_seconds=365 * 24 * 3600.0, extra_users=1000, latency=0.0)
