"""The spec's own schema names, for code written against ``codegen-openapi.json``.

``from codegen_models.spec import AgentRunResponse`` is :class:`codegen_models.AgentRun`; and
:data:`SCHEMAS` maps each of the spec's component schema names to the type that models it. Each name
is written once, below; :data:`SCHEMAS` is read off the module.
"""

from __future__ import annotations

from enum import StrEnum as _StrEnum
from typing import Final as _Final

from pydantic import BaseModel as _BaseModel

from . import (
    _connections,
    _enums,
    _errors,
    _organizations,
    _pages,
    _repositories,
    _requests,
    _runs,
    _users,
)

APIRateLimitErrorResponse = _errors.APIRateLimitErrorResponse
AgentRunLimitReachedErrorResponse = _errors.AgentRunLimitReachedErrorResponse
AgentRunLogResponse = _runs.AgentRunLog
AgentRunNotFoundErrorResponse = _errors.AgentRunNotFoundErrorResponse
AgentRunResponse = _runs.AgentRun
AgentRunWithLogsResponse = _runs.AgentRunWithLogs
AnalyzeLogsResponse = _repositories.AnalyzeLogsResult
ApiAgentRunSourceType = _enums.SourceType
CLIRulesResponse = _organizations.CLIRules
CheckSuiteSettingsRequest = _requests.CheckSuiteSettingsRequest
CheckSuiteSettingsResponse = _repositories.CheckSuiteSettings
CreateAgentRunInput = _requests.CreateAgentRunInput
EditPRInput = _requests.EditPRInput
EditPRResponse = _repositories.EditPRResult
GenerateSetupCommandsInput = _requests.GenerateSetupCommandsInput
GenerateTokenRequest = _requests.GenerateTokenRequest
GenerateTokenResponse = _connections.SlackConnectToken
GithubPullRequestResponse = _runs.PullRequest
HTTPValidationError = _errors.HTTPValidationError
IntegrationStatus = _organizations.IntegrationStatus
NoReposFoundInOrgErrorResponse = _errors.NoReposFoundInOrgErrorResponse
OAuthProviderResponse = _connections.OAuthProvider
OrganizationIntegrationsResponse = _organizations.OrganizationIntegrations
OrganizationResponse = _organizations.Organization
OrganizationSettings = _organizations.OrganizationSettings
Page_AgentRunResponse_ = _pages.Page[_runs.AgentRun]
Page_OrganizationResponse_ = _pages.Page[_organizations.Organization]
Page_RepoResponse_ = _pages.Page[_repositories.Repository]
Page_UserResponse_ = _pages.Page[_users.User]
PermissionsErrorResponse = _errors.PermissionsErrorResponse
RepoResponse = _repositories.Repository
ResumeAgentRunInput = _requests.ResumeAgentRunInput
SetupCommandsResponse = _repositories.SetupCommandsResult
StopAgentRunInput = _requests.StopAgentRunInput
UserNotFoundErrorResponse = _errors.UserNotFoundErrorResponse
UserResponse = _users.User
ValidationError = _errors.FieldError

SCHEMAS: _Final[dict[str, type[_BaseModel] | type[_StrEnum]]] = {
    # pydantic also files a generic model parametrized here under its own name ("Page[User]").
    name: value
    for name, value in dict(globals()).items()
    if name[:1].isupper() and name.isidentifier()
}
"""Every component schema of the official spec, by its spec name."""
