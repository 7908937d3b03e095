"""Users, organizations, repositories, integrations and the other org-level resources."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import CodegenModel


class User(CodegenModel):
    """A user (the spec's ``UserResponse``). ``role`` is ``ADMIN``, ``MANAGER`` or ``MEMBER``."""

    id: int
    github_user_id: str
    github_username: str
    email: str | None = None
    avatar_url: str | None = None
    full_name: str | None = None
    role: str | None = None
    is_admin: bool | None = None


class OrganizationSettings(CodegenModel):
    enable_pr_creation: bool = True
    enable_rules_detection: bool = True


class Organization(CodegenModel):
    """An organization the token's user belongs to (the spec's ``OrganizationResponse``)."""

    id: int
    name: str
    settings: OrganizationSettings = Field(default_factory=OrganizationSettings)


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


class IntegrationStatus(CodegenModel):
    """One integration of an organization and whether it is active."""

    integration_type: str
    active: bool
    token_id: int | None = None
    installation_id: int | None = None
    metadata: dict[str, Any] | None = None


class OrganizationIntegrations(CodegenModel):
    """An organization's integrations (the spec's ``OrganizationIntegrationsResponse``)."""

    organization_id: int
    organization_name: str
    integrations: list[IntegrationStatus] = Field(default_factory=list)
    total_active_integrations: int


class OAuthProvider(CodegenModel):
    """An OAuth provider that can back an MCP server (the spec's ``OAuthProviderResponse``)."""

    id: int
    name: str
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    default_scopes: list[str] | None = None
    is_mcp: bool
    meta: dict[str, Any] | None = None


class CLIRules(CodegenModel):
    """Organization rules and the user's custom prompt (the spec's ``CLIRulesResponse``)."""

    organization_rules: str | None = None
    user_custom_prompt: str | None = None


class CheckSuiteSettings(CodegenModel):
    """A repository's auto-fix-CI settings (the spec's ``CheckSuiteSettingsResponse``)."""

    check_retry_count: int
    ignored_checks: list[str] = Field(default_factory=list)
    check_retry_counts: dict[str, int] = Field(default_factory=dict)
    custom_prompts: dict[str, str] = Field(default_factory=dict)
    high_priority_apps: list[str] = Field(default_factory=list)
    available_check_suite_names: list[str] = Field(default_factory=list)


class EditPRResult(CodegenModel):
    """The outcome of changing a pull request's state (the spec's ``EditPRResponse``)."""

    success: bool
    url: str | None = None
    number: int | None = None
    title: str | None = None
    state: str | None = None
    error: str | None = None


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


class SlackConnectToken(CodegenModel):
    """A one-time Slack connect token (the spec's ``GenerateTokenResponse``)."""

    token: str
    message: str
    expires_in_minutes: int
