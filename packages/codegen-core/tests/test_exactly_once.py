"""Exactly-once creates without help from the server: a lost answer is looked for, not repeated."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import respx

from codegen import InternalServerError, UnconfirmedRunError
from codegen_models.api import CLIENT_REQUEST_ID_KEY

ORG = 7
CREATE_PATH = f"/organizations/{ORG}/agent/run"
LIST_PATH = f"/organizations/{ORG}/agent/runs"
RESUME_PATH = f"/organizations/{ORG}/agent/run/resume"
LOGS_PATH = f"/alpha/organizations/{ORG}/agent/run/9/logs"


class Server:
    """A server that ignores Idempotency-Key: every create it receives starts a run, and some
    answers are lost after the run was committed."""

    def __init__(self, lose: list[Any] | None = None, older_runs: int = 0) -> None:
        self.runs: list[dict[str, Any]] = [
            {"id": 1000 - i, "organization_id": ORG, "status": "COMPLETE",
             "created_at": (datetime.now(UTC) - timedelta(hours=1, minutes=i)).isoformat()}
            for i in range(older_runs)
        ]  # fmt: skip
        self.lose = list(lose or [])
        self.bodies: list[dict[str, Any]] = []
        self.searches = 0

    def create(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        run = {
            "id": 1 + len(self.bodies),
            "organization_id": ORG,
            "status": "PENDING",
            "metadata": body.get("metadata"),
            "created_at": datetime.now(UTC).isoformat(),
        }
        self.runs.insert(0, run)  # committed, newest first
        if self.lose:
            failure = self.lose.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return httpx.Response(failure, text="Bad Gateway")
        return httpx.Response(200, json=run)

    def list(self, request: httpx.Request) -> httpx.Response:
        self.searches += 1
        skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
        items = self.runs[skip : skip + limit]
        return httpx.Response(
            200,
            json={"items": items, "total": len(self.runs), "page": 1, "size": limit, "pages": 1},
        )


@pytest.fixture
def server(router: respx.MockRouter) -> Callable[..., Server]:
    def make(**options: Any) -> Server:
        server = Server(**options)
        router.post(CREATE_PATH).mock(side_effect=server.create)
        router.get(LIST_PATH).mock(side_effect=server.list)
        return server

    return make


@pytest.mark.parametrize(
    "lost",
    [502, 503, 500, 504, httpx.ReadError("reset"), httpx.ReadTimeout("slow"),
     httpx.RemoteProtocolError("peer closed connection without sending a complete message body")],
    ids=lambda f: type(f).__name__ if isinstance(f, Exception) else str(f),
)  # fmt: skip
def test_a_lost_answer_finds_the_run_instead_of_starting_another(
    api: Any, server: Callable[..., Server], lost: Any
) -> None:
    sim = server(lose=[lost], older_runs=150)
    run = api.call("create_agent_run", "go", metadata={"ticket": "T-1"})
    assert len(sim.bodies) == 1  # one create sent, one run started
    assert run.id == sim.runs[0]["id"]
    assert run.metadata == {
        "ticket": "T-1",
        CLIENT_REQUEST_ID_KEY: sim.bodies[0]["metadata"][CLIENT_REQUEST_ID_KEY],
    }


def test_a_run_not_found_is_created_again_with_the_same_request_id_and_key(
    api: Any, router: respx.MockRouter, server: Callable[..., Server]
) -> None:
    sim = server()
    calls = 0

    def refused_then_created(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:  # a 502 from a gateway whose backend never saw the request
            sim.bodies.append(json.loads(request.content))
            return httpx.Response(502, text="Bad Gateway")
        return sim.create(request)

    route = router.post(CREATE_PATH).mock(side_effect=refused_then_created)
    run = api.call("create_agent_run", "go")
    assert len(sim.runs) == 1 and run.id == sim.runs[0]["id"]
    ids = {body["metadata"][CLIENT_REQUEST_ID_KEY] for body in sim.bodies}
    keys = {call.request.headers["idempotency-key"] for call in route.calls}
    assert len(ids) == 1 and keys == ids


def test_a_search_that_fails_too_says_the_run_may_have_started(
    make_api: Callable[..., Any], router: respx.MockRouter, server: Callable[..., Server]
) -> None:
    api = make_api(max_retries=1)
    sim = server(lose=[503])
    router.get(LIST_PATH).respond(503, json={"message": "down", "status_code": 503})
    with pytest.raises(UnconfirmedRunError) as info:
        api.call("create_agent_run", "go", idempotency_key="req-42")
    message = str(info.value)
    assert "the agent run may have started" in message
    assert "request id req-42" in message
    assert "codegen list" in message
    assert "check your connection" not in message
    assert info.value.request_id == "req-42"
    assert len(sim.bodies) == 1  # not sent again


def test_when_every_attempt_is_lost_and_nothing_was_started_the_failure_is_reported(
    make_api: Callable[..., Any], router: respx.MockRouter, server: Callable[..., Server]
) -> None:
    api = make_api(max_retries=2)
    sim = server()
    route = router.post(CREATE_PATH).respond(500, json={"message": "boom", "status_code": 500})
    with pytest.raises(InternalServerError, match="boom"):
        api.call("create_agent_run", "go")
    assert route.call_count == 3
    assert sim.searches == 3  # looked after each, the last one too


def test_the_search_stops_at_runs_older_than_the_request(
    make_api: Callable[..., Any], router: respx.MockRouter, server: Callable[..., Server]
) -> None:
    api = make_api(max_retries=0)
    sim = server(older_runs=450)
    router.post(CREATE_PATH).respond(502, text="Bad Gateway")  # never reached the backend
    with pytest.raises(InternalServerError):
        api.call("create_agent_run", "go")
    assert sim.searches == 1  # its first page already reached runs from an hour ago
    sim.runs = [{**run, "created_at": None} for run in sim.runs]  # of unknown age: page on
    with pytest.raises(InternalServerError):
        api.call("create_agent_run", "go")
    assert sim.searches == 1 + 5  # bounded: at most five pages


def test_a_429_is_retried_without_searching(
    api: Any, router: respx.MockRouter, server: Callable[..., Server]
) -> None:
    sim = server(lose=[])
    calls = []

    def limited_then_ok(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "1"}, json={"message": "slow down"})
        return sim.create(request)

    router.post(CREATE_PATH).mock(side_effect=limited_then_ok)
    api.call("create_agent_run", "go")
    assert sim.searches == 0 and len(sim.runs) == 1


def test_trusted_idempotency_keys_retry_without_searching(
    make_api: Callable[..., Any], router: respx.MockRouter, server: Callable[..., Server]
) -> None:
    api = make_api(trust_idempotency_keys=True)
    sim = server(lose=[502])
    api.call("create_agent_run", "go")
    assert sim.searches == 0
    assert len(sim.bodies) == 2  # the server is trusted to have created only one


# -- follow-ups: no metadata, so the run's newest log entries are read --------------------------


def _logs(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": 9, "organization_id": ORG, "status": "ACTIVE", "logs": entries, "total_logs": 9}


def test_a_lost_follow_up_found_in_the_logs_is_not_sent_again(
    api: Any, router: respx.MockRouter
) -> None:
    resume = router.post(RESUME_PATH).mock(side_effect=httpx.ReadError("reset"))
    now = datetime.now(UTC).isoformat()
    logs = router.get(LOGS_PATH).respond(json=_logs([
        {"agent_run_id": 9, "message_type": "ACTION", "tool_name": "view_file", "created_at": now},
        {"agent_run_id": 9, "message_type": "USER_MESSAGE", "observation": "Also add tests",
         "created_at": now},
    ]))  # fmt: skip
    router.get(f"/organizations/{ORG}/agent/run/9").respond(
        json={"id": 9, "organization_id": ORG, "status": "ACTIVE"}
    )
    run = api.call("resume_agent_run", agent_run_id=9, prompt="Also add tests")
    assert run.id == 9 and run.status == "ACTIVE"
    assert resume.call_count == 1
    params = logs.calls.last.request.url.params
    assert (params["reverse"], params["limit"]) == ("true", "50")


def test_a_follow_up_missing_from_the_logs_is_sent_again(
    api: Any, router: respx.MockRouter
) -> None:
    resume = router.post(RESUME_PATH).mock(
        side_effect=[
            httpx.Response(502),
            httpx.Response(200, json={"id": 9, "organization_id": ORG}),
        ]
    )
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    router.get(LOGS_PATH).respond(json=_logs([
        {"agent_run_id": 9, "message_type": "USER_MESSAGE", "observation": "Also add tests",
         "created_at": an_hour_ago},  # the same words, sent an hour ago: not this follow-up
    ]))  # fmt: skip
    api.call("resume_agent_run", agent_run_id=9, prompt="Also add tests")
    assert resume.call_count == 2
