"""Every schema of the official spec has a model, with every field the spec names."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import codegen_models
from codegen_models import spec as spec_names

SPEC = json.loads(
    (Path(__file__).resolve().parents[3] / "spec" / "codegen-openapi.json").read_text()
)
SCHEMA_NAMES = sorted(SPEC["components"]["schemas"])


def test_all_37_schemas_are_modelled() -> None:
    assert len(SCHEMA_NAMES) == 37
    assert sorted(spec_names.SCHEMAS) == SCHEMA_NAMES


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_spec_name_is_importable_and_maps_to_the_model(name: str) -> None:
    assert getattr(spec_names, name) is spec_names.SCHEMAS[name]


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_model_has_every_spec_field_and_requires_no_more(name: str) -> None:
    schema: dict[str, Any] = SPEC["components"]["schemas"][name]
    model = spec_names.SCHEMAS[name]
    if "enum" in schema:
        assert issubclass(model, StrEnum)
        assert [m.value for m in model] == schema["enum"]
        return
    assert issubclass(model, BaseModel)
    assert set(schema.get("properties", {})) <= set(model.model_fields)
    required_here = {n for n, f in model.model_fields.items() if f.is_required()}
    assert required_here <= set(schema.get("required", []))


def test_readable_names_are_exported() -> None:
    for name in ["AgentRun", "AgentRunLog", "AgentRunWithLogs", "Page", "User", "Organization"]:
        assert name in codegen_models.__all__
        assert hasattr(codegen_models, name)
    assert spec_names.Page_AgentRunResponse_ == codegen_models.Page[codegen_models.AgentRun]
