"""Repositories, and what the API does with them: check-suite settings, setup commands, sandbox
log analysis, pull request edits."""

from __future__ import annotations

from pydantic import Field

from ._base import CodegenModel


class Repository(CodegenModel):
    """A repository of an organization (the spec's ``RepoResponse``).

    The spec requires ``description``, ``visibility``, ``archived`` and ``language`` but lets them be
    null; here they may also be missing.
    """

    id: int
    name: str
    full_name: str
    github_id: str
    organization_id: int
    setup_status: str
    description: str | None = None
    visibility: str | None = None
    archived: bool | None = None
    language: str | None = None


class CheckSuiteSettings(CodegenModel):
    """A repository's auto-fix-CI settings (the spec's ``CheckSuiteSettingsResponse``)."""

    check_retry_count: int
    ignored_checks: list[str] = Field(default_factory=list)
    check_retry_counts: dict[str, int] = Field(default_factory=dict)
    custom_prompts: dict[str, str] = Field(default_factory=dict)
    high_priority_apps: list[str] = Field(default_factory=list)
    available_check_suite_names: list[str] = Field(default_factory=list)


class SetupCommandsResult(CodegenModel):
    """The agent run started to generate setup commands (the spec's ``SetupCommandsResponse``)."""

    agent_run_id: int
    status: str
    url: str


class AnalyzeLogsResult(CodegenModel):
    """The agent run started to analyse sandbox logs (the spec's ``AnalyzeLogsResponse``)."""

    agent_run_id: int
    status: str
    message: str


class EditPRResult(CodegenModel):
    """The outcome of changing a pull request's state (the spec's ``EditPRResponse``)."""

    success: bool
    url: str | None = None
    number: int | None = None
    title: str | None = None
    state: str | None = None
    error: str | None = None
