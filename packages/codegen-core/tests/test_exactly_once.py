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
from codegen._exactly_once import CLOCK_SKEW, _created_before
from codegen_models.api import CLIENT_REQUEST_ID_KEY

ORG = 7
CREATE_PATH = f"/organizations/{ORG}/agent/run"
LIST_PATH = f"/organizations/{ORG}/agent/runs"
RESUME_PATH = f"/organizations/{ORG}/agent/run/resume"
LOGS_PATH = f"/alpha/organizations/{ORG}/agent/run/9/logs"


class Server:
    """A server that ignores Idempotency-Key: every create it receives starts a run, and some
    answers are lost after the run was committed."""

    def __init__(self, lose: list[Any] | None = None, older_runs: int = 0, crowd: int = 0) -> None:
        self.runs: list[dict[str, Any]] = [
            {"id": 1000 - i, "organization_id": ORG, "status": "COMPLETE",
             "created_at": (datetime.now(UTC) - timedelta(hours=1, minutes=i)).isoformat()}
            for i in range(older_runs)
        ]  # fmt: skip
        self.lose = list(lose or [])
        self.crowd = crowd  # runs that others start right after each of ours
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
        for _ in range(self.crowd):
            self.runs.insert(0, {**run, "id": 5000 + len(self.runs), "metadata": None})
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


def test_a_run_is_found_behind_runs_others_started_after_it(
    api: Any, server: Callable[..., Server]
) -> None:
    # 150 newer runs, all from just now: the search reads a second page to reach this one.
    sim = server(lose=[502], crowd=150)
    run = api.call("create_agent_run", "go")
    assert len(sim.bodies) == 1
    assert run.id == 2
    assert sim.searches == 2


def test_the_search_looks_in_the_organization_the_run_was_created_in(
    api: Any, router: respx.MockRouter
) -> None:
    sim = Server(lose=[502])
    router.post("/organizations/8/agent/run").mock(side_effect=sim.create)
    elsewhere = router.get(LIST_PATH).respond(json={"items": [], "total": 0})
    router.get("/organizations/8/agent/runs").mock(side_effect=sim.list)
    run = api.call("create_agent_run", "go", org_id=8)  # the client's own organization is 7
    assert run.id == 2 and len(sim.bodies) == 1
    assert elsewhere.call_count == 0


def test_a_follow_up_is_looked_for_in_the_organization_it_was_sent_to(
    api: Any, router: respx.MockRouter
) -> None:
    resume = router.post("/organizations/8/agent/run/resume").mock(
        side_effect=httpx.ReadError("reset")
    )
    now = datetime.now(UTC).isoformat()
    router.get("/alpha/organizations/8/agent/run/9/logs").respond(json=_logs([
        {"agent_run_id": 9, "message_type": "USER_MESSAGE", "observation": "Also add tests",
         "created_at": now},
    ]))  # fmt: skip
    router.get("/organizations/8/agent/run/9").respond(
        json={"id": 9, "organization_id": 8, "status": "ACTIVE"}
    )
    run = api.call("resume_agent_run", org_id=8, agent_run_id=9, prompt="Also add tests")
    assert run.organization_id == 8
    assert resume.call_count == 1


@pytest.mark.parametrize(
    "entry",
    [
        {"message_type": "ACTION", "thought": "Also add tests"},  # the agent's words, not a user's
        {"message_type": "USER_MESSAGE", "observation": "Fix the build"},  # another follow-up
        {"message_type": "USER_MESSAGE"},  # no text at all
    ],
    ids=["agent-message", "other-text", "no-text"],
)
def test_only_a_user_message_with_the_follow_ups_text_counts_as_sent(
    api: Any, router: respx.MockRouter, entry: dict[str, Any]
) -> None:
    resume = router.post(RESUME_PATH).mock(
        side_effect=[
            httpx.Response(502),
            httpx.Response(200, json={"id": 9, "organization_id": ORG}),
        ]
    )
    now = datetime.now(UTC).isoformat()
    router.get(LOGS_PATH).respond(json=_logs([{"agent_run_id": 9, "created_at": now, **entry}]))
    api.call("resume_agent_run", agent_run_id=9, prompt="  Also add tests\n")
    assert resume.call_count == 2  # not found: sent again


def test_a_user_message_found_in_the_thought_counts_too(api: Any, router: respx.MockRouter) -> None:
    resume = router.post(RESUME_PATH).mock(side_effect=httpx.Response(502))
    now = datetime.now(UTC).isoformat()
    router.get(LOGS_PATH).respond(json=_logs([
        {"agent_run_id": 9, "message_type": "USER_MESSAGE", "thought": "> Also add tests",
         "created_at": now},
    ]))  # fmt: skip
    router.get(f"/organizations/{ORG}/agent/run/9").respond(
        json={"id": 9, "organization_id": ORG, "status": "ACTIVE"}
    )
    assert api.call("resume_agent_run", agent_run_id=9, prompt="Also add tests\n").id == 9
    assert resume.call_count == 1


def test_an_entry_exactly_as_old_as_the_allowed_clock_skew_is_still_a_candidate() -> None:
    oldest = datetime(2026, 10, 21, 7, 0, tzinfo=UTC)
    assert not _created_before(oldest, oldest)
    assert _created_before(oldest - timedelta(microseconds=1), oldest)
    assert not _created_before(oldest + CLOCK_SKEW, oldest)
    assert not _created_before("yesterday-ish", oldest)  # text that did not parse: age unknown
    assert not _created_before(None, oldest)


@pytest.mark.parametrize(("minutes_before", "searches"), [(9, 2), (11, 1)])
def test_the_search_allows_the_servers_clock_ten_minutes_behind(
    make_api: Callable[..., Any],
    router: respx.MockRouter,
    server: Callable[..., Server],
    minutes_before: int,
    searches: int,
) -> None:
    # Runs that look 9 minutes older than the request may still be newer (the server's clock may
    # be behind ours): the search reads on. Runs 11 minutes older end it.
    api = make_api(max_retries=0)
    sim = server()
    created = (datetime.now(UTC) - timedelta(minutes=minutes_before)).isoformat()
    sim.runs = [{"id": 500 - i, "organization_id": ORG, "status": "COMPLETE", "created_at": created}
                for i in range(150)]  # fmt: skip
    router.post(CREATE_PATH).respond(502, text="Bad Gateway")  # never reached the backend
    with pytest.raises(InternalServerError):
        api.call("create_agent_run", "go")
    assert sim.searches == searches


def test_the_search_ends_once_the_run_is_found(api: Any, server: Callable[..., Server]) -> None:
    sim = server(lose=[502], older_runs=450)
    sim.runs = [{**run, "created_at": None} for run in sim.runs]  # of unknown age: no age stop
    api.call("create_agent_run", "go")
    assert sim.searches == 1  # found on the first page: no other page asked for
