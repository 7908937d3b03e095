"""Importing the models builds no validator: each is built when first used (``defer_build``), and
the operation table's pages are parametrized when first asked for.

Checked in a fresh interpreter, because this one has built and imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

from codegen_models import AgentRun, Page, api

PROBE = """
import json, sys
{code}
from pydantic import BaseModel

def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)

built = sorted({{m.__name__ for m in subclasses(BaseModel) if m.__pydantic_complete__}})
print(json.dumps({{"built": built, "plugins": "pydantic.plugin._loader" in sys.modules}}))
"""


def probe(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code)], capture_output=True, text=True, check=True
    )
    report: dict[str, object] = json.loads(done.stdout)
    return report


def test_importing_the_models_and_the_operation_table_builds_nothing() -> None:
    # Building a validator is also what makes pydantic look for plugins (a scan of every
    # installed distribution's entry points).
    report = probe("import codegen_models, codegen_models.api")
    assert report == {"built": [], "plugins": False}


def test_a_list_operation_parametrizes_its_page_on_first_use() -> None:
    assert api.LIST_AGENT_RUNS.response is Page[AgentRun]
    assert api.LIST_AGENT_RUNS.response is api.LIST_AGENT_RUNS.response
    assert api.LIST_AGENT_RUNS.model is AgentRun and api.LIST_AGENT_RUNS.paged
    assert api.GET_AGENT_RUN.response is AgentRun and not api.GET_AGENT_RUN.paged
    report = probe("from codegen_models import api\napi.LIST_USERS.response")
    # pydantic builds the generic page to parametrize it; no other model is built.
    assert report == {"built": ["Page"], "plugins": True}
