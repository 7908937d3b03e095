from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

SPEC_PATH = Path(__file__).resolve().parents[3] / "spec" / "codegen-openapi.json"


def _resolve(node: Any, schemas: dict[str, Any]) -> Any:
    """Inline every ``#/components/schemas/...`` reference (the spec has no recursive schemas)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            return _resolve(copy.deepcopy(schemas[ref.rsplit("/", 1)[-1]]), schemas)
        return {key: _resolve(value, schemas) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(item, schemas) for item in node]
    return node


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC_PATH.read_text())
    return data


@pytest.fixture(scope="session")
def resolved_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return {name: _resolve(schema, schemas) for name, schema in schemas.items()}
