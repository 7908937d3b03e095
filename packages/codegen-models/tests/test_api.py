"""The shared operation table and rate limits, checked against the official spec."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from codegen_models import Page, api
from codegen_models import spec as spec_names

SPEC = json.loads(
    (Path(__file__).resolve().parents[3] / "spec" / "codegen-openapi.json").read_text()
)
SPEC_OPERATIONS = {
    (method.upper(), path): operation
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
}


def test_the_table_holds_every_operation_of_the_spec_once() -> None:
    ours = [(op.method, op.spec_path) for op in api.OPERATIONS]
    assert len(ours) == len(set(ours)) == len(SPEC_OPERATIONS)
    assert set(ours) == set(SPEC_OPERATIONS)
    assert len({op.name for op in api.OPERATIONS}) == len(api.OPERATIONS)


def _spec_response_type(schema: dict[str, Any]) -> Any:
    if "$ref" in schema:
        return spec_names.SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("type") == "array":
        return list[_spec_response_type(schema["items"])]  # type: ignore[misc]
    return None  # an untyped object: the clients return plain JSON


@pytest.mark.parametrize("op", api.OPERATIONS, ids=lambda op: op.name)
def test_response_types_are_the_spec_schemas(op: api.Operation[Any]) -> None:
    spec_op = SPEC_OPERATIONS[(op.method, op.spec_path)]
    schema = spec_op["responses"]["200"]["content"]["application/json"]["schema"]
    expected = _spec_response_type(schema)
    if isinstance(expected, type) and issubclass(expected, Page):
        assert op.response is not None and issubclass(op.response, Page)  # type: ignore[arg-type]
        assert op.response.__name__ == expected.__name__
    else:
        assert op.response == expected


def test_path_parameters_are_the_spec_placeholders() -> None:
    for op in api.OPERATIONS:
        assert op.path_params == tuple(re.findall(r"{(\w+)}", op.spec_path))


_PER = {"minute": 60.0, "30 seconds": 30.0, "60 seconds": 60.0}


@pytest.mark.parametrize("op", api.OPERATIONS, ids=lambda op: op.name)
def test_rate_classes_and_numbers_follow_the_spec_descriptions(op: api.Operation[Any]) -> None:
    text = SPEC_OPERATIONS[(op.method, op.spec_path)].get("description", "")
    stated = re.search(r"(\d+) requests per (minute|30 seconds|60 seconds)", text)
    limit = api.RATE_LIMITS[op.rate_class]
    if stated is None:
        assert op.rate_class is api.RateClass.STANDARD  # no stated limit: the standard class
    else:
        assert (limit.requests, limit.per_seconds) == (int(stated[1]), _PER[stated[2]]), op.name


def test_every_rate_class_has_a_limit_and_an_operation_or_is_standard() -> None:
    assert set(api.RATE_LIMITS) == set(api.RateClass)
    used = {op.rate_class for op in api.OPERATIONS}
    assert used == set(api.RateClass)
    assert api.RATE_LIMITS[api.RateClass.STANDARD] == api.RateLimit(60, 30.0)


@pytest.mark.parametrize(("requests", "seconds"), [(0, 60.0), (1, 0.0), (5, -1.0)])
def test_a_rate_limit_needs_a_request_and_a_window(requests: int, seconds: float) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        api.RateLimit(requests, seconds)


def test_only_posts_that_start_an_agent_are_marked_as_starting_work() -> None:
    starting = {op.name for op in api.OPERATIONS if op.starts_work}
    assert starting == {
        "create_agent_run",
        "resume_agent_run",
        "generate_setup_commands",
        "analyze_sandbox_logs",
    }
    assert all(op.method == "POST" for op in api.OPERATIONS if op.starts_work)


def test_environment_names_and_urls() -> None:
    assert api.EnvVar.API_TOKEN == "CODEGEN_API_TOKEN"
    assert api.ENV_ALIASES[api.EnvVar.API_TOKEN] == ("CODEGEN_USER_ACCESS_TOKEN",)
    assert api.ENV_ALIASES[api.EnvVar.API_URL] == ("CODEGEN_API_BASE_URL",)
    assert api.DEFAULT_API_URL.endswith(api.API_PREFIX)
    servers = [server["url"] for server in SPEC.get("servers", [])]
    assert not servers or any(api.DEFAULT_API_URL.startswith(url.rstrip("/")) for url in servers)
