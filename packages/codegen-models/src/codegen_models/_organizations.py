"""Organizations: their settings, their integrations, their CLI rules."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import CodegenModel


class OrganizationSettings(CodegenModel):
    """What an organization lets its agents do: open pull requests, detect rules."""

    enable_pr_creation: bool = True
    enable_rules_detection: bool = True


class Organization(CodegenModel):
    """An organization the token's user belongs to (the spec's ``OrganizationResponse``)."""

    id: int
    name: str
    settings: OrganizationSettings = Field(default_factory=OrganizationSettings)


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


class CLIRules(CodegenModel):
    """Organization rules and the user's custom prompt (the spec's ``CLIRulesResponse``)."""

    organization_rules: str | None = None
    user_custom_prompt: str | None = None
