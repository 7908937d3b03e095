"""Request models validate what the spec constrains, with clear messages."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from codegen_models import (
    AgentRunLogsParams,
    AgentType,
    CheckSuiteSettingsRequest,
    CreateAgentRunInput,
    EditPRInput,
    FieldError,
    HTTPValidationError,
    ListAgentRunsParams,
    PageParams,
    PRState,
    ResumeAgentRunInput,
    SourceType,
)


@pytest.mark.parametrize("limit", [0, 101, -1])
def test_limit_outside_1_to_100_is_rejected(limit: int) -> None:
    with pytest.raises(ValidationError) as info:
        PageParams(limit=limit)
    assert info.value.errors()[0]["loc"] == ("limit",)


def test_negative_skip_is_rejected_and_defaults_are_the_specs() -> None:
    with pytest.raises(ValidationError, match="skip"):
        PageParams(skip=-1)
    assert PageParams().model_dump() == {"skip": 0, "limit": 100}
    assert AgentRunLogsParams().reverse is False


@pytest.mark.parametrize("count", [-1, 11])
def test_check_retry_count_outside_0_to_10_is_rejected(count: int) -> None:
    with pytest.raises(ValidationError, match="check_retry_count"):
        CheckSuiteSettingsRequest(check_retry_count=count)


@pytest.mark.parametrize("count", [0, 10])
def test_check_retry_count_bounds_are_accepted(count: int) -> None:
    assert CheckSuiteSettingsRequest(check_retry_count=count).check_retry_count == count


def test_agent_type_enum() -> None:
    body = CreateAgentRunInput(prompt="hi", agent_type=AgentType.CLAUDE_CODE)
    assert body.to_dict() == {"prompt": "hi", "agent_type": "claude_code"}
    with pytest.raises(ValidationError, match="'codegen' or 'claude_code'"):
        CreateAgentRunInput.model_validate({"prompt": "hi", "agent_type": "gpt"})


def test_pr_state_enum() -> None:
    assert EditPRInput(state=PRState.READY_FOR_REVIEW).to_dict() == {"state": "ready_for_review"}
    with pytest.raises(ValidationError, match="state"):
        EditPRInput.model_validate({"state": "merged"})


def test_required_fields_are_named_when_missing() -> None:
    with pytest.raises(ValidationError) as info:
        ResumeAgentRunInput.model_validate({"prompt": "more"})
    assert [e["loc"] for e in info.value.errors()] == [("agent_run_id",)]


def test_create_input_dumps_only_what_was_given() -> None:
    body = CreateAgentRunInput(prompt="fix it", repo_id=3, metadata={"ticket": "X-1"})
    assert body.to_dict() == {"prompt": "fix it", "repo_id": 3, "metadata": {"ticket": "X-1"}}


def test_list_runs_params_accept_source_type_strings() -> None:
    params = ListAgentRunsParams.model_validate({"source_type": "API", "limit": 5})
    assert params.source_type is SourceType.API
    with pytest.raises(ValidationError, match="source_type"):
        ListAgentRunsParams.model_validate({"source_type": "FAX"})


def test_validation_error_body_and_field_path() -> None:
    body = HTTPValidationError.model_validate(
        {"detail": [{"loc": ["body", "images", 0], "msg": "bad image", "type": "value_error"}]}
    )
    assert body.detail[0].field == "images.0"
    assert FieldError(loc=["query", "limit"], msg="m", type="t").field == "limit"
