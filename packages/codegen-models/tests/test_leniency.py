"""The models survive an API that grows: unknown fields, values and formats are kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from codegen_models import (
    AgentRun,
    AgentRunLog,
    AgentRunStatus,
    ApiDatetime,
    LogMessageType,
    Page,
    SourceType,
    User,
)


def test_unknown_fields_survive_a_round_trip_at_every_level() -> None:
    payload = {
        "items": [
            {
                "id": 1,
                "organization_id": 2,
                "status": "ACTIVE",
                "brand_new_field": {"nested": [1, 2]},
                "github_pull_requests": [
                    {"id": 9, "created_at": "2024-01-01T00:00:00Z", "merged": True}
                ],
            }
        ],
        "total": 1,
        "page": 1,
        "size": 100,
        "pages": 1,
        "cursor": "abc",
    }
    page = Page[AgentRun].model_validate(payload)
    run = page.items[0]
    assert run.extra_fields == {"brand_new_field": {"nested": [1, 2]}}
    assert run.pull_requests[0].extra_fields == {"merged": True}
    assert page.to_dict() == payload
    assert json.loads(page.to_json()) == payload


def test_unknown_status_message_and_source_type_strings_are_kept() -> None:
    run = AgentRun.model_validate(
        {"id": 1, "organization_id": 2, "status": "HIBERNATING", "source_type": "TEAMS"}
    )
    assert run.status == "HIBERNATING"
    assert run.status_value is None
    assert not run.is_terminal and not run.needs_input and not run.succeeded
    assert run.source_type_value is None
    log = AgentRunLog.model_validate({"agent_run_id": 1, "message_type": "TELEPATHY"})
    assert log.message_type == "TELEPATHY"
    assert log.message_type_value is None and log.group is None
    assert run.to_dict()["status"] == "HIBERNATING"


def test_nullable_and_missing_optional_fields_are_fine() -> None:
    run = AgentRun.model_validate({"id": 1, "organization_id": 2})
    assert run.status is None and run.pull_requests == []
    assert run.to_dict() == {"id": 1, "organization_id": 2}
    user = User.model_validate({"id": 1, "github_user_id": "9", "github_username": "octo"})
    assert user.email is None


@pytest.mark.parametrize("observation", [{"ok": True}, "plain text", None])
def test_observation_is_an_object_or_a_string(observation: object) -> None:
    log = AgentRunLog.model_validate({"agent_run_id": 1, "observation": observation})
    assert log.observation == observation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-15T10:30:00Z", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("2024-01-15T10:30:00+00:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("2024-01-15T12:30:00+02:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("2024-01-15T10:30:00.123Z", datetime(2024, 1, 15, 10, 30, 0, 123000, tzinfo=UTC)),
        ("2024-01-15 10:30:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),  # naive → UTC
    ],
)
def test_timestamps_parse_to_aware_datetimes_and_dump_back_verbatim(
    text: str, expected: datetime
) -> None:
    run = AgentRun.model_validate({"id": 1, "organization_id": 2, "created_at": text})
    assert isinstance(run.created_at, datetime)
    assert run.created_at.tzinfo is not None
    assert run.created_at == expected
    assert run.to_dict()["created_at"] == text


@pytest.mark.parametrize("text", ["yesterday", "", "2024-13-45T99:00:00Z"])
def test_unparseable_timestamps_are_kept_not_rejected(text: str) -> None:
    run = AgentRun.model_validate({"id": 1, "organization_id": 2, "created_at": text})
    assert run.created_at == text
    assert run.to_dict()["created_at"] == text


def test_epoch_seconds_are_accepted_and_dumped_back() -> None:
    run = AgentRun.model_validate({"id": 1, "organization_id": 2, "created_at": 1705314600})
    assert run.created_at == datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
    assert run.to_dict()["created_at"] == 1705314600


def test_a_non_timestamp_type_is_a_validation_error() -> None:
    with pytest.raises(ValueError, match="expected a timestamp string"):
        AgentRun.model_validate({"id": 1, "organization_id": 2, "created_at": [2024]})


def test_datetimes_given_in_python_are_made_aware_and_serialised_as_iso() -> None:
    naive = datetime(2024, 1, 15, 10, 30)
    run = AgentRun(id=1, organization_id=2, created_at=naive)
    assert run.created_at == naive.replace(tzinfo=UTC)
    assert run.to_dict()["created_at"] == "2024-01-15T10:30:00Z"
    east = datetime(2024, 1, 15, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    assert AgentRun(id=1, organization_id=2, created_at=east).to_dict()["created_at"] == (
        "2024-01-15T10:30:00+02:00"
    )


def test_api_datetime_remembers_its_source() -> None:
    parsed = ApiDatetime.parse("2024-01-15T10:30:00Z")
    assert parsed is not None and parsed.source == "2024-01-15T10:30:00Z"
    assert ApiDatetime.parse("not a date") is None


def test_source_type_is_interpreted_case_insensitively() -> None:
    run = AgentRun.model_validate({"id": 1, "organization_id": 2, "source_type": "api"})
    assert run.source_type_value is SourceType.API


def test_status_is_interpreted_case_insensitively_on_a_run() -> None:
    run = AgentRun.model_validate({"id": 1, "organization_id": 2, "status": "paused"})
    assert run.status == "paused"  # kept as sent, so a dump gives it back
    assert run.status_value is AgentRunStatus.PAUSED
    assert run.needs_input and not run.is_terminal
    log = AgentRunLog.model_validate({"agent_run_id": 1, "message_type": "final_answer"})
    assert log.message_type_value is LogMessageType.FINAL_ANSWER
