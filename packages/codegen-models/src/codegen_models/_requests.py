"""Request bodies and query parameters, validating what the spec constrains.

The client builds these before sending, so a bad value (a page size of 500, a retry count of 11, an
unknown PR state) fails with pydantic's field-by-field message instead of a round trip to a 422. The
simulator parses incoming requests with the same models.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import CodegenModel
from ._enums import AgentType, PRState, SourceType

MAX_PAGE_SIZE = 100
"""The largest ``limit`` any list endpoint accepts."""


class CreateAgentRunInput(CodegenModel):
    """Body of ``POST /v1/organizations/{org_id}/agent/run``.

    ``images`` are data URIs (``data:image/png;base64,...``); ``model`` and ``agent_type`` default to
    the organization's settings; ``metadata`` is stored with the run and echoed back.
    """

    prompt: str
    images: list[str] | None = None
    metadata: dict[str, Any] | None = None
    repo_id: int | None = None
    model: str | None = None
    agent_type: AgentType | None = None


class ResumeAgentRunInput(CodegenModel):
    """Body of ``POST /v1/organizations/{org_id}/agent/run/resume``: a follow-up prompt."""

    agent_run_id: int
    prompt: str
    images: list[str] | None = None


class StopAgentRunInput(CodegenModel):
    """Body of the ban, unban and remove-from-PR operations."""

    agent_run_id: int
    before_card_order_id: str | None = None
    after_card_order_id: str | None = None


class EditPRInput(CodegenModel):
    """Body of both edit-PR operations."""

    state: PRState


class CheckSuiteSettingsRequest(CodegenModel):
    """Body of ``PUT .../repos/check-suite-settings``; only the fields given are changed."""

    check_retry_count: int | None = Field(default=None, ge=0, le=10)
    ignored_checks: list[str] | None = None
    check_retry_counts: dict[str, int] | None = None
    custom_prompts: dict[str, str] | None = None
    high_priority_apps: list[str] | None = None


class GenerateSetupCommandsInput(CodegenModel):
    """Body of ``POST .../setup-commands/generate``."""

    repo_id: int
    prompt: str | None = None
    trigger_source: str = "setup-commands"


class GenerateTokenRequest(CodegenModel):
    """Body of ``POST /v1/slack-connect/generate-token``."""

    org_id: int


class PageParams(CodegenModel):
    """``skip`` / ``limit`` of every list endpoint: skip ≥ 0, limit 1..100."""

    skip: int = Field(default=0, ge=0)
    limit: int = Field(default=MAX_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class ListAgentRunsParams(PageParams):
    """Query of ``GET .../agent/runs``."""

    user_id: int | None = None
    source_type: SourceType | None = None


class AgentRunLogsParams(PageParams):
    """Query of ``GET .../agent/run/{id}/logs``: chronological unless ``reverse``."""

    reverse: bool = False
