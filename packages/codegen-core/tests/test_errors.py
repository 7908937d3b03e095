"""Each status maps to its exception, with a one-line message from whatever body came back."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from codegen import (
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    CodegenError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)

PATH = "/organizations/7/agent/run/1"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (402, PaymentRequiredError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (418, APIStatusError),
        (500, InternalServerError),
        (501, InternalServerError),
        (599, InternalServerError),
    ],
)
def test_status_maps_to_class(
    make_api: Any, router: respx.MockRouter, status: int, cls: type[Exception]
) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).respond(status, json={"message": "the reason", "status_code": status})
    with pytest.raises(cls) as info:
        api.call("get_agent_run", agent_run_id=1)
    error = info.value
    assert type(error) is cls
    assert isinstance(error, CodegenError)
    assert error.status_code == status  # type: ignore[attr-defined]
    assert error.message == "the reason"  # type: ignore[attr-defined]
    assert str(error) == f"{status}: the reason"


def test_rate_limit_error_carries_retry_after(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).respond(
        429,
        headers={"retry-after": "7"},
        json={"message": "Rate limit exceeded. Please try again later.", "status_code": 429},
    )
    with pytest.raises(RateLimitError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.retry_after == 7
    assert "Rate limit exceeded" in str(info.value)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"message": "Agent run not found.", "status_code": 404}, "Agent run not found."),
        ({"detail": "Not Found"}, "Not Found"),
        ({"detail": "Rate limit exceeded", "status_code": 429}, "Rate limit exceeded"),
        ({"message": "", "detail": "from detail"}, "from detail"),
        ({"detail": [{"loc": ["body", "prompt"], "msg": "Field required", "type": "missing"},
                     {"loc": ["query", "limit"], "msg": "too big", "type": "less_than_equal"}]},
         "prompt: Field required; limit: too big"),
        ({"unexpected": True}, "Not Found"),
        ({}, "Not Found"),
    ],
)  # fmt: skip
def test_message_from_message_then_detail_then_reason(
    make_api: Any, router: respx.MockRouter, body: Any, expected: str
) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).respond(404, json=body)
    with pytest.raises(APIStatusError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.message == expected
    assert info.value.body == body


def test_422_exposes_field_errors(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).respond(
        422,
        json={
            "detail": [
                {
                    "loc": ["path", "agent_run_id"],
                    "msg": "Input should be a valid integer",
                    "type": "int_parsing",
                }
            ]
        },
    )
    with pytest.raises(UnprocessableEntityError) as info:
        api.call("get_agent_run", agent_run_id=1)
    (field_error,) = info.value.field_errors
    assert field_error.field == "agent_run_id"
    assert field_error.type == "int_parsing"
    assert str(info.value) == "422: agent_run_id: Input should be a valid integer"


def test_an_html_502_page_becomes_one_short_line(make_api: Any, router: respx.MockRouter) -> None:
    page = (
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>"
        "<body><h1>Bad Gateway</h1>" + "<p>lorem ipsum</p>" * 500 + "</body></html>"
    )
    api = make_api(max_retries=0)
    router.get(PATH).respond(502, text=page, headers={"content-type": "text/html"})
    with pytest.raises(InternalServerError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert str(info.value) == "502: 502 Bad Gateway"
    assert "\n" not in str(info.value)


def test_html_without_title_gives_its_text_cut_short(
    make_api: Any, router: respx.MockRouter
) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).respond(
        503, text="<html><body><h1>Service\n  Unavailable</h1>" + "x" * 1000 + "</body></html>"
    )
    with pytest.raises(InternalServerError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.message.startswith("Service Unavailable x")
    assert len(info.value.message) <= 200
    assert info.value.message.endswith("…")


def test_plain_text_and_empty_bodies(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).mock(side_effect=[httpx.Response(500, text="boom\n"), httpx.Response(500)])
    with pytest.raises(InternalServerError, match="boom"):
        api.call("get_agent_run", agent_run_id=1)
    with pytest.raises(InternalServerError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.message == "Internal Server Error"
    assert info.value.body is None


def test_a_response_of_the_wrong_shape_is_a_validation_error(
    api: Any, router: respx.MockRouter
) -> None:
    router.get(PATH).respond(200, json={"id": "not-a-number", "organization_id": 7})
    with pytest.raises(APIResponseValidationError, match="at id") as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.body == {"id": "not-a-number", "organization_id": 7}
    router.get(PATH).respond(200, text="<html>oops</html>")
    with pytest.raises(APIResponseValidationError):
        api.call("get_agent_run", agent_run_id=1)


def test_unknown_status_values_and_fields_do_not_break_parsing(
    api: Any, router: respx.MockRouter
) -> None:
    router.get(PATH).respond(
        json={"id": 1, "organization_id": 7, "status": "HIBERNATING", "new": [1]}
    )
    run = api.call("get_agent_run", agent_run_id=1)
    assert run.status == "HIBERNATING"
    assert run.extra_fields == {"new": [1]}


def test_request_id_is_kept(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(max_retries=0)
    router.get(PATH).respond(404, headers={"x-request-id": "req-123"}, json={"message": "nope"})
    with pytest.raises(NotFoundError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.request_id == "req-123"


def test_bad_arguments_fail_before_any_request(api: Any, router: respx.MockRouter) -> None:
    route = router.route()
    with pytest.raises(TypeError, match="missing required argument: 'agent_run_id'"):
        api.call("get_agent_run")
    with pytest.raises(TypeError, match="agent_run_id must be an integer"):
        api.call("get_agent_run", agent_run_id="12")
    with pytest.raises(ValueError, match="prompt must be a non-empty string"):
        api.call("create_agent_run", "  ")
    with pytest.raises(ValueError, match="limit"):
        api.call("list_agent_runs", limit=500)
    with pytest.raises(ValueError, match="source_type"):
        api.call("list_agent_runs", source_type="FAX")
    with pytest.raises(ValueError, match="check_retry_count"):
        api.call("update_check_suite_settings", repo_id=1, settings={"check_retry_count": 11})
    with pytest.raises(ValueError, match="merged"):
        api.call("edit_pull_request", pr_id=1, state="merged")
    assert route.call_count == 0
