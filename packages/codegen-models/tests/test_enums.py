from __future__ import annotations

import pytest

from codegen_models import (
    TERMINAL_STATUSES,
    AgentRunStatus,
    LogMessageGroup,
    LogMessageType,
)

SEEN_FROM_THE_SERVICE = [
    "PENDING", "ACTIVE", "RUNNING", "EVALUATION", "PAUSED", "COMPLETE", "FAILED", "ERROR",
    "CANCELLED", "STOPPED", "TIMEOUT", "MAX_ITERATIONS_REACHED", "OUT_OF_TOKENS",
]  # fmt: skip


def test_every_status_seen_from_the_service_is_a_member() -> None:
    assert [s.value for s in AgentRunStatus] == SEEN_FROM_THE_SERVICE


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("completed", AgentRunStatus.COMPLETE),
        ("COMPLETE", AgentRunStatus.COMPLETE),
        ("Complete", AgentRunStatus.COMPLETE),
        ("failed", AgentRunStatus.FAILED),
        ("canceled", AgentRunStatus.CANCELLED),
        ("queued", AgentRunStatus.PENDING),
        ("in_progress", AgentRunStatus.RUNNING),
        ("max-iterations-reached", AgentRunStatus.MAX_ITERATIONS_REACHED),
        (" paused ", AgentRunStatus.PAUSED),
    ],
)
def test_statuses_are_looked_up_case_insensitively_and_compare_as_their_canonical_value(
    text: str, member: AgentRunStatus
) -> None:
    assert AgentRunStatus(text) is member
    assert AgentRunStatus.parse(text) is member
    parsed = AgentRunStatus(text)
    # Normalised when parsed; then == and hash agree, as for any StrEnum.
    assert parsed == member.value and hash(parsed) == hash(member.value)
    assert parsed in {member.value} and member.value in {parsed}
    assert (member == text) == (text == member.value)  # a raw spelling is not the member
    assert (member == text) == (hash(member) == hash(text))


def test_unknown_or_missing_status_parses_to_none_and_construction_raises() -> None:
    assert AgentRunStatus.parse("HIBERNATING") is None
    assert AgentRunStatus.parse(None) is None
    with pytest.raises(ValueError, match="HIBERNATING"):
        AgentRunStatus("HIBERNATING")
    assert AgentRunStatus.COMPLETE != "failed"
    assert AgentRunStatus.COMPLETE != 3


def test_hash_follows_the_canonical_value() -> None:
    assert {AgentRunStatus.COMPLETE: 1}["COMPLETE"] == 1
    assert AgentRunStatus.FAILED in {"FAILED"}


@pytest.mark.parametrize("status", list(AgentRunStatus))
def test_terminal_needs_input_and_succeeded(status: AgentRunStatus) -> None:
    terminal = {
        "COMPLETE", "FAILED", "ERROR", "CANCELLED", "STOPPED", "TIMEOUT",
        "MAX_ITERATIONS_REACHED", "OUT_OF_TOKENS",
    }  # fmt: skip
    assert status.is_terminal == (status.value in terminal)
    assert (status in TERMINAL_STATUSES) == status.is_terminal
    assert status.needs_input == (status.value == "PAUSED")
    assert status.succeeded == (status.value == "COMPLETE")


def test_log_message_types_are_the_13_documented_ones_in_their_groups() -> None:
    groups = {
        LogMessageGroup.PLAN_AGENT: [
            "ACTION", "PLAN_EVALUATION", "FINAL_ANSWER", "ERROR", "USER_MESSAGE",
            "USER_GITHUB_ISSUE_COMMENT",
        ],
        LogMessageGroup.PR_AGENT: [
            "INITIAL_PR_GENERATION", "DETECT_PR_ERRORS", "FIX_PR_ERRORS", "PR_CREATION_FAILED",
            "PR_EVALUATION",
        ],
        LogMessageGroup.COMMIT_AGENT: ["COMMIT_EVALUATION"],
        LogMessageGroup.LINK: ["AGENT_RUN_LINK"],
    }  # fmt: skip
    assert len(LogMessageType) == 13
    for group, names in groups.items():
        assert [t.value for t in LogMessageType if t.group is group] == names
    assert LogMessageType("pr_evaluation") is LogMessageType.PR_EVALUATION
