"""``request`` and ``iter_request_items``: any path, with the clients' auth, retries, limits, errors."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from codegen import NotFoundError, RawResponse
from codegen_models.api import RateClass


@pytest.mark.parametrize("path", ["/organizations/{org_id}/repos", "v1/organizations/7/repos"])
def test_a_get_with_or_without_v1_and_org_id_filled(
    api: Any, router: respx.MockRouter, path: str
) -> None:
    route = router.get("/organizations/7/repos").respond(json={"items": []}, headers={"x-a": "1"})
    answer = api.call("request", "GET", path, params={"skip": 5})
    assert isinstance(answer, RawResponse)
    assert (answer.status_code, answer.body, answer.headers["x-a"]) == (200, {"items": []}, "1")
    request = route.calls.last.request
    assert request.url.params["skip"] == "5"
    assert request.headers["authorization"].startswith("Bearer ")


def test_a_post_with_a_body_and_an_error_body(api: Any, router: respx.MockRouter) -> None:
    route = router.post("/organizations/7/prs/3/comments").respond(
        404, json={"message": "No such pull request.", "status_code": 404}
    )
    with pytest.raises(NotFoundError, match="No such pull request") as info:
        api.call("request", "post", "/organizations/{org_id}/prs/3/comments", json={"a": [1]})
    assert info.value.body == {"message": "No such pull request.", "status_code": 404}
    assert json.loads(route.calls.last.request.content) == {"a": [1]}
    assert route.calls.last.request.headers["idempotency-key"]


def test_a_text_answer_comes_back_as_text(api: Any, router: respx.MockRouter) -> None:
    router.get("/health").respond(text="ok")
    assert api.call("request", "GET", "/health").body == "ok"


def test_the_rate_class_and_starts_work_come_from_the_matching_operation() -> None:
    from codegen._flows import _operation_for

    create = _operation_for("POST", "/organizations/7/agent/run")
    assert (create.rate_class, create.starts_work) == (RateClass.CREATE, True)
    logs = _operation_for("GET", "/alpha/organizations/7/agent/run/9/logs")
    assert logs.rate_class is RateClass.LOGS and not logs.starts_work
    assert _operation_for("get", "/organizations/7/agent/run/9").rate_class is RateClass.STANDARD
    unknown_post = _operation_for("POST", "/something/new")
    assert unknown_post.starts_work and unknown_post.rate_class is RateClass.STANDARD
    assert not _operation_for("PUT", "/organizations/7/repos/check-suite-settings").starts_work


def test_a_starting_post_is_not_retried_after_an_ambiguous_failure(
    make_api: Any, router: respx.MockRouter
) -> None:
    api = make_api(max_retries=3)
    route = router.post("/organizations/7/setup-commands/generate").respond(500)
    with pytest.raises(Exception, match="500"):
        api.call("request", "POST", "/organizations/{org_id}/setup-commands/generate", json={})
    assert route.call_count == 1


def test_iter_request_items_pages_over_skip_and_limit(api: Any, router: respx.MockRouter) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
        items = [{"id": i} for i in range(skip, min(7, skip + limit))]
        return httpx.Response(200, json={"items": items, "total": 7})

    route = router.get("/organizations/7/users").mock(side_effect=handler)
    items = api.collect("iter_request_items", "/organizations/{org_id}/users", page_size=3)
    assert items == [{"id": i} for i in range(7)]
    assert [call.request.url.params["skip"] for call in route.calls] == ["0", "3", "6"]


def test_iter_request_items_reads_log_pages_and_stops_when_skip_is_ignored(
    api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    logs = [{"agent_run_id": 1, "thought": f"#{i}"} for i in range(2)]
    route = router.get("/alpha/organizations/7/agent/run/1/logs").respond(
        json={"id": 1, "logs": logs, "total_logs": 50}
    )
    with caplog.at_level("WARNING", logger="codegen"):
        items = api.collect(
            "iter_request_items", "/alpha/organizations/{org_id}/agent/run/1/logs", page_size=2
        )
    assert items == logs
    assert route.call_count == 2
    assert "ignoring skip" in caplog.text


def test_a_create_through_request_is_stamped_and_found_when_its_answer_is_lost(
    api: Any, router: respx.MockRouter
) -> None:
    runs: list[dict[str, Any]] = []

    def committed_then_lost(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        runs.append({"id": 5, "organization_id": 7, "metadata": body["metadata"]})
        raise httpx.ReadError("reset after the run was committed")

    create = router.post("/organizations/7/agent/run").mock(side_effect=committed_then_lost)
    router.get("/organizations/7/agent/runs").mock(
        side_effect=lambda request: httpx.Response(
            200, json={"items": runs, "total": len(runs), "page": 1, "size": 100, "pages": 1}
        )
    )
    answer = api.call(
        "request", "POST", "/organizations/{org_id}/agent/run",
        json={"prompt": "go", "metadata": {"mine": 1}},
    )  # fmt: skip
    assert create.call_count == 1
    assert answer.body["id"] == 5
    assert answer.body["metadata"]["mine"] == 1
    assert answer.body["metadata"]["codegen_client_request_id"]
