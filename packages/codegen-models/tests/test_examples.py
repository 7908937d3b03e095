"""Spec-derived examples and the documented log example parse and dump back unchanged."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import pytest
from pydantic import BaseModel

from codegen_models import AgentRunWithLogs, LogMessageGroup, LogMessageType
from codegen_models.spec import SCHEMAS


def example(schema: dict[str, Any], name: str = "", *, full: bool = True) -> Any:
    """A value of a resolved schema: every property when ``full``, else only the required ones."""
    if "enum" in schema:
        return schema["enum"][-1]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return example(options[0], name, full=full)
    kind = schema.get("type")
    if kind == "string":
        return "2024-01-15T10:30:00Z" if name.endswith("_at") else f"{name or 'text'} value"
    if kind == "integer":
        return int(schema.get("maximum", schema.get("minimum", 7)))
    if kind == "boolean":
        return True
    if kind == "array":
        return [example(schema["items"], name, full=full)]
    if kind == "object" and "properties" not in schema:
        values = schema.get("additionalProperties")
        return {"key": example(values, full=full) if isinstance(values, dict) else "value"}
    required = set(schema.get("required", []))
    return {
        prop: example(sub, prop, full=full)
        for prop, sub in schema.get("properties", {}).items()
        if full or prop in required
    }


def _nulls(schema: dict[str, Any]) -> dict[str, Any]:
    """The full example with every nullable property set to null."""
    value: dict[str, Any] = example(schema)
    for prop, sub in schema.get("properties", {}).items():
        if any(s.get("type") == "null" for s in sub.get("anyOf", [])):
            value[prop] = None
    return value


MODEL_NAMES = sorted(name for name, model in SCHEMAS.items() if issubclass(model, BaseModel))


@pytest.mark.parametrize("name", MODEL_NAMES)
@pytest.mark.parametrize("variant", ["full", "required-only", "nulls"])
def test_spec_example_parses_and_round_trips(
    name: str, variant: str, resolved_schemas: dict[str, Any]
) -> None:
    schema = resolved_schemas[name]
    payload = {
        "full": lambda: example(schema),
        "required-only": lambda: example(schema, full=False),
        "nulls": lambda: _nulls(schema),
    }[variant]()
    model = SCHEMAS[name]
    assert issubclass(model, BaseModel)
    parsed = model.model_validate(payload)
    assert parsed.model_dump(mode="json", exclude_unset=True) == payload
    assert model.model_validate_json(parsed.model_dump_json(exclude_unset=True)) == parsed


def test_enum_schema_matches_spec_values(resolved_schemas: dict[str, Any]) -> None:
    model = SCHEMAS["ApiAgentRunSourceType"]
    assert issubclass(model, StrEnum)
    for value in resolved_schemas["ApiAgentRunSourceType"]["enum"]:
        assert model(value).value == value


# The example of https://docs.codegen.com/api-reference/agent-run-logs (see api-surface.md §4.1/§5):
# a run with a page of logs, statuses in the docs' lower-case spelling, observation as an object
# on one entry and as a string on another.
DOCUMENTED_LOGS = {
    "id": 12345,
    "organization_id": 67890,
    "status": "completed",
    "created_at": "2024-01-15T10:30:00Z",
    "web_url": "https://app.codegen.com/agent/trace/12345",
    "result": "Task completed successfully",
    "logs": [
        {
            "agent_run_id": 12345,
            "created_at": "2024-01-15T10:30:15Z",
            "tool_name": "ripgrep_search",
            "message_type": "ACTION",
            "thought": "I need to search for the user authentication logic",
            "observation": {"status": "success", "results": ["src/auth.py:42"]},
            "tool_input": {"query": "def authenticate", "file_extensions": [".py"]},
            "tool_output": {"matches": 1, "files": ["src/auth.py"]},
        },
        {
            "agent_run_id": 12345,
            "created_at": "2024-01-15T10:30:30Z",
            "tool_name": None,
            "message_type": "PLAN_EVALUATION",
            "thought": "The authentication logic lives in src/auth.py; I will refactor it next.",
            "observation": None,
            "tool_input": None,
            "tool_output": None,
        },
        {
            "agent_run_id": 12345,
            "created_at": "2024-01-15T10:35:00Z",
            "tool_name": None,
            "message_type": "FINAL_ANSWER",
            "thought": None,
            "observation": "I refactored the authentication module and opened a pull request.",
            "tool_input": None,
            "tool_output": None,
        },
    ],
    "total_logs": 25,
    "page": 1,
    "size": 100,
    "pages": 1,
}


def test_documented_log_example() -> None:
    run = AgentRunWithLogs.model_validate(DOCUMENTED_LOGS)
    assert run.succeeded and run.is_terminal
    assert run.created_at == datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
    action, plan, final = run.logs
    assert action.message_type_value is LogMessageType.ACTION
    assert action.group is LogMessageGroup.PLAN_AGENT
    assert isinstance(action.observation, dict)
    assert action.tool_input == {"query": "def authenticate", "file_extensions": [".py"]}
    assert plan.tool_name is None and plan.thought
    assert isinstance(final.observation, str)
    assert (run.total_logs, run.page, run.size, run.pages) == (25, 1, 100, 1)
    assert run.to_dict() == DOCUMENTED_LOGS
