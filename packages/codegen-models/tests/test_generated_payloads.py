"""Payloads generated from the spec's own JSON Schemas all parse and dump back unchanged.

The strategies come from :func:`from_schema`, a small JSON-Schema-to-hypothesis translation of the
subset the spec uses (hypothesis-jsonschema relies on hypothesis internals that have since changed).
Objects get the properties the schema names, required ones always, others at random, plus random
unknown properties wherever the schema does not forbid them, as a growing API would send.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from codegen_models.spec import SCHEMAS

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for the JSON values a resolved schema of the spec allows."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of([from_schema(option) for option in schema["anyOf"]])
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "string":
        return st.text(max_size=30)
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum")).map(int)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {})), max_size=3)
    if kind == "object":
        return _objects(schema)
    return JSON_VALUES


def _objects(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    extra = schema.get("additionalProperties", True)
    values = from_schema(extra) if isinstance(extra, dict) else JSON_VALUES
    known = st.fixed_dictionaries(
        {name: from_schema(sub) for name, sub in properties.items() if name in required},
        optional={
            name: from_schema(sub) for name, sub in properties.items() if name not in required
        },
    )
    if extra is False:
        return known
    unknown = st.dictionaries(
        st.text(min_size=1, max_size=12).filter(lambda key: key not in properties),
        values,
        max_size=3,
    )
    return st.tuples(known, unknown).map(lambda pair: {**pair[1], **pair[0]})


MODEL_NAMES = sorted(name for name, model in SCHEMAS.items() if issubclass(model, BaseModel))


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_generated_payloads_parse(name: str, resolved_schemas: dict[str, Any]) -> None:
    model = SCHEMAS[name]
    assert issubclass(model, BaseModel)
    schema = resolved_schemas[name]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(payload=from_schema(schema))
    def check(payload: dict[str, Any]) -> None:
        parsed = model.model_validate(payload)
        assert parsed.model_dump(mode="json", exclude_unset=True) == payload

    check()


@settings(max_examples=60, deadline=None)
@given(created_at=st.text(max_size=40))
def test_any_created_at_string_is_kept_or_parsed(created_at: str) -> None:
    run = SCHEMAS["AgentRunResponse"].model_validate(
        {"id": 1, "organization_id": 2, "created_at": created_at}
    )
    assert isinstance(run, BaseModel)
    assert run.model_dump(mode="json", exclude_unset=True)["created_at"] == created_at
