"""Everything raised derives from CodegenError: bad arguments to every kind of operation fail before
any request, as an InvalidArgumentError (a ValueError) or an ArgumentTypeError (a TypeError too),
with one line that names the argument."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from codegen import (
    ArgumentTypeError,
    ClientConfig,
    CodegenClient,
    CodegenError,
    ConfigError,
    InvalidArgumentError,
)


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


ITERATORS = {
    "iter_agent_runs",
    "iter_agent_run_logs",
    "follow_agent_run_logs",
    "iter_request_items",
}

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], type[Exception], str]] = [
    # operation, args, kwargs, the builtin it must also be, the argument the message names
    ("list_agent_runs", (), {"limit": 100_000}, ValueError, "limit"),
    ("list_agent_runs", (), {"skip": -1}, ValueError, "skip"),
    ("list_agent_runs", (), {"limit": "many"}, ValueError, "limit"),
    ("list_agent_runs", (), {"user_id": "abc"}, ValueError, "user_id"),
    ("list_agent_runs", (), {"source_type": "carrier pigeon"}, ValueError, "source_type"),
    ("list_users", (), {"limit": 0}, ValueError, "limit"),
    ("get_agent_run_logs", (), {"agent_run_id": 1, "limit": 101}, ValueError, "limit"),
    ("iter_agent_runs", (), {"page_size": 0}, ValueError, "page_size"),
    ("iter_agent_run_logs", (), {"agent_run_id": 1, "start": -1}, ValueError, "start"),
    ("follow_agent_run_logs", (), {"agent_run_id": 1, "start": -5}, ValueError, "start"),
    (
        "follow_agent_run_logs",
        (),
        {"agent_run_id": 1, "poll_interval": 0},
        ValueError,
        "poll_interval",
    ),
    ("get_agent_run", (), {"agent_run_id": True}, TypeError, "agent_run_id"),
    ("get_agent_run", (), {"agent_run_id": "12"}, TypeError, "agent_run_id"),
    ("get_agent_run", (), {}, TypeError, "agent_run_id"),
    ("get_agent_run", (), {"agent_run_id": 1, "bogus": 1}, TypeError, "bogus"),
    ("create_agent_run", (), {}, TypeError, "prompt"),
    ("create_agent_run", ("",), {}, ValueError, "prompt"),
    ("create_agent_run", ("fix \ud800 this",), {}, ValueError, "prompt"),
    ("create_agent_run", ("x",), {"metadata": nested(5_000)}, ValueError, "metadata"),
    ("create_agent_run", ("x",), {"metadata": 5}, ValueError, "metadata"),
    ("create_agent_run", ("x",), {"metadata": {"k": "\udcff"}}, ValueError, "metadata"),
    ("create_agent_run", ("x",), {"metadata": {"k": object()}}, TypeError, "metadata"),
    ("create_agent_run", ("x",), {"agent_type": "gpt"}, ValueError, "agent_type"),
    ("create_agent_run", ("x",), {"repo_id": "abc"}, ValueError, "repo_id"),
    ("create_agent_run", ("x",), {"model": 5}, ValueError, "model"),
    ("create_agent_run", ("x",), {"images": 5}, TypeError, "images"),
    ("create_agent_run", ("x",), {"images": [5]}, TypeError, "image"),
    ("create_agent_run", ("x",), {"images": ["a\0b.png"]}, ValueError, "file name"),
    ("create_agent_run", ("x",), {"idempotency_key": "clé"}, ValueError, "idempotency_key"),
    ("resume_agent_run", (), {"agent_run_id": 1, "prompt": "\udcff"}, ValueError, "prompt"),
    (
        "wait_for_completion",
        (),
        {"agent_run_id": 1, "timeout": float("nan")},
        ValueError,
        "timeout",
    ),
    ("wait_for_completion", (), {"agent_run_id": 1, "timeout": "soon"}, TypeError, "timeout"),
    (
        "wait_for_completion",
        (),
        {"agent_run_id": 1, "poll_interval": 0},
        ValueError,
        "poll_interval",
    ),
    (
        "wait_for_completion",
        (),
        {"agent_run_id": 1, "max_poll_interval": 0.5},
        ValueError,
        "max_poll_interval",
    ),
    (
        "wait_for_completion",
        (),
        {"agent_run_id": 1, "poll_interval": float("inf")},
        ValueError,
        "poll_interval",
    ),
    ("edit_pull_request", (), {"pr_id": 1, "state": "merged"}, ValueError, "state"),
    ("edit_pull_request", (), {"pr_id": "1", "state": "open"}, TypeError, "pr_id"),
    (
        "update_check_suite_settings",
        (),
        {"repo_id": 1, "settings": {"check_retry_count": 11}},
        ValueError,
        "settings.check_retry_count",
    ),
    ("update_check_suite_settings", (), {"repo_id": 1, "settings": [1]}, TypeError, "settings"),
    ("generate_setup_commands", (), {"repo_id": 1, "prompt": 5}, ValueError, "prompt"),
    ("revoke_oauth_token", (), {"provider": "\ud800"}, ValueError, "provider"),
    ("request", ("BREW", "/users/me"), {}, ValueError, "method"),
    ("request", ("GET", 5), {}, TypeError, "path"),
    ("request", ("GET", "/users/me"), {"params": {"q": object()}}, TypeError, "q"),
    ("request", ("GET", "/users/me"), {"params": ["q"]}, TypeError, "params"),
    ("request", ("POST", "/x"), {"json": {"n": float("nan")}}, ValueError, "json.n"),
    ("request", ("POST", "/x"), {"json": nested(5_000)}, ValueError, "json.a is nested too deeply"),
    (
        "request",
        ("POST", "/organizations/7/agent/run"),
        {"json": {"prompt": "x", "metadata": [1]}},
        TypeError,
        "json.metadata",
    ),
    ("iter_request_items", ("/users",), {"page_size": 1000}, ValueError, "page_size"),
    ("run_batch", (5,), {}, TypeError, "prompts"),
    ("run_batch", ([5],), {}, TypeError, "prompts[0]"),
    ("run_batch", (["x"],), {"max_in_flight": 0}, ValueError, "max_in_flight"),
    ("run_batch", (["x"],), {"poll_interval": "soon"}, TypeError, "poll_interval"),
]


@pytest.mark.parametrize(
    ("name", "args", "kwargs", "builtin", "argument"),
    CASES,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(CASES)],
)
def test_a_bad_argument_is_a_codegen_error_naming_it_before_any_request(
    api: Any,
    router: respx.MockRouter,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    builtin: type[Exception],
    argument: str,
) -> None:
    # No route is mocked: a request would fail the test with respx's own error.
    run = api.collect if name in ITERATORS else api.call
    with pytest.raises(CodegenError) as info:
        run(name, *args, **kwargs)
    error = info.value
    assert isinstance(error, InvalidArgumentError) and isinstance(error, builtin)
    message = str(error)
    assert "\n" not in message and len(message) < 200
    assert argument in message
    assert "ClientFlows" not in message and "Input should" not in message
    assert not router.calls


def test_a_missing_or_mistyped_argument_is_both_a_type_and_a_value_error(api: Any) -> None:
    with pytest.raises(ArgumentTypeError) as info:
        api.call("get_agent_run", agent_run_id="12")
    assert isinstance(info.value, TypeError) and isinstance(info.value, ValueError)
    assert info.value.argument == "agent_run_id"
    assert str(info.value) == "get_agent_run(): agent_run_id must be an integer, got '12'"


def test_pydantic_messages_become_one_line_with_the_value(api: Any) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        api.call("list_agent_runs", limit=100_000)
    assert str(info.value) == "limit should be less than or equal to 100, got 100000"
    assert info.value.argument == "limit"


def test_an_enum_is_matched_as_the_enum_matches_and_otherwise_lists_the_choices(
    api: Any, router: respx.MockRouter, helpers: Any
) -> None:
    route = router.get("/organizations/7/agent/runs").respond(json=helpers.page([]))
    api.call("list_agent_runs", source_type="api")  # the lenient enum takes any case
    assert route.calls.last.request.url.params["source_type"] == "API"
    with pytest.raises(
        InvalidArgumentError, match="^agent_type must be one of codegen, claude_code; got 'gpt'$"
    ):
        api.call("create_agent_run", "x", agent_type="gpt")


def test_a_lone_surrogate_says_what_it_is(api: Any) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        api.call("create_agent_run", "fix \ud800 this")
    assert str(info.value).startswith("prompt contains '\\ud800', a lone surrogate")


def test_configuration_and_constructor_errors_are_codegen_errors_too() -> None:
    with pytest.raises(ArgumentTypeError, match="did you mean 'api_token'"):
        ClientConfig(token="x")  # type: ignore[call-arg]
    with pytest.raises(ArgumentTypeError):
        CodegenClient(api_token="t0ken-value", http_client=object())  # type: ignore[arg-type]
    for bad in (float("nan"), float("inf"), 1e300):
        with pytest.raises(ConfigError, match="timeout"):
            ClientConfig(api_token="t0ken-value", timeout=bad)


def test_a_batch_journal_that_cannot_be_used_is_a_codegen_error(
    api: Any, router: respx.MockRouter, tmp_path: Any
) -> None:
    with pytest.raises(CodegenError, match="cannot use it as the batch's journal: Is a directory"):
        api.collect("run_batch", ["x"], state=tmp_path)
    (tmp_path / "journal").write_text('{"batch": "x"}\n')
    with pytest.raises(CodegenError, match="belongs to another batch"):
        api.collect("run_batch", ["x"], state=tmp_path / "journal")
    assert not router.calls
