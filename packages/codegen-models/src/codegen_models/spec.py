"""The spec's own schema names, for code written against ``codegen-openapi.json``.

``from codegen_models.spec import AgentRunResponse`` is :class:`codegen_models.AgentRun`; and
:data:`SCHEMAS` maps each of the spec's 37 component schema names to the type that models it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from pydantic import BaseModel

from ._enums import SourceType
from ._errors import (
    AgentRunLimitReachedErrorResponse,
    AgentRunNotFoundErrorResponse,
    APIRateLimitErrorResponse,
    FieldError,
    HTTPValidationError,
    NoReposFoundInOrgErrorResponse,
    PermissionsErrorResponse,
    UserNotFoundErrorResponse,
)
from ._organizations import (
    AnalyzeLogsResult,
    CheckSuiteSettings,
    CLIRules,
    EditPRResult,
    IntegrationStatus,
    OAuthProvider,
    Organization,
    OrganizationIntegrations,
    OrganizationSettings,
    Repository,
    SetupCommandsResult,
    SlackConnectToken,
    User,
)
from ._pages import Page
from ._requests import (
    CheckSuiteSettingsRequest,
    CreateAgentRunInput,
    EditPRInput,
    GenerateSetupCommandsInput,
    GenerateTokenRequest,
    ResumeAgentRunInput,
    StopAgentRunInput,
)
from ._runs import AgentRun, AgentRunLog, AgentRunWithLogs, PullRequest

AgentRunLogResponse = AgentRunLog
AgentRunResponse = AgentRun
AgentRunWithLogsResponse = AgentRunWithLogs
AnalyzeLogsResponse = AnalyzeLogsResult
ApiAgentRunSourceType = SourceType
CLIRulesResponse = CLIRules
CheckSuiteSettingsResponse = CheckSuiteSettings
EditPRResponse = EditPRResult
GenerateTokenResponse = SlackConnectToken
GithubPullRequestResponse = PullRequest
OAuthProviderResponse = OAuthProvider
OrganizationIntegrationsResponse = OrganizationIntegrations
OrganizationResponse = Organization
Page_AgentRunResponse_ = Page[AgentRun]
Page_OrganizationResponse_ = Page[Organization]
Page_RepoResponse_ = Page[Repository]
Page_UserResponse_ = Page[User]
RepoResponse = Repository
SetupCommandsResponse = SetupCommandsResult
UserResponse = User
ValidationError = FieldError

SCHEMAS: Final[dict[str, type[BaseModel] | type[StrEnum]]] = {
    "APIRateLimitErrorResponse": APIRateLimitErrorResponse,
    "AgentRunLimitReachedErrorResponse": AgentRunLimitReachedErrorResponse,
    "AgentRunLogResponse": AgentRunLog,
    "AgentRunNotFoundErrorResponse": AgentRunNotFoundErrorResponse,
    "AgentRunResponse": AgentRun,
    "AgentRunWithLogsResponse": AgentRunWithLogs,
    "AnalyzeLogsResponse": AnalyzeLogsResult,
    "ApiAgentRunSourceType": SourceType,
    "CLIRulesResponse": CLIRules,
    "CheckSuiteSettingsRequest": CheckSuiteSettingsRequest,
    "CheckSuiteSettingsResponse": CheckSuiteSettings,
    "CreateAgentRunInput": CreateAgentRunInput,
    "EditPRInput": EditPRInput,
    "EditPRResponse": EditPRResult,
    "GenerateSetupCommandsInput": GenerateSetupCommandsInput,
    "GenerateTokenRequest": GenerateTokenRequest,
    "GenerateTokenResponse": SlackConnectToken,
    "GithubPullRequestResponse": PullRequest,
    "HTTPValidationError": HTTPValidationError,
    "IntegrationStatus": IntegrationStatus,
    "NoReposFoundInOrgErrorResponse": NoReposFoundInOrgErrorResponse,
    "OAuthProviderResponse": OAuthProvider,
    "OrganizationIntegrationsResponse": OrganizationIntegrations,
    "OrganizationResponse": Organization,
    "OrganizationSettings": OrganizationSettings,
    "Page_AgentRunResponse_": Page_AgentRunResponse_,
    "Page_OrganizationResponse_": Page_OrganizationResponse_,
    "Page_RepoResponse_": Page_RepoResponse_,
    "Page_UserResponse_": Page_UserResponse_,
    "PermissionsErrorResponse": PermissionsErrorResponse,
    "RepoResponse": Repository,
    "ResumeAgentRunInput": ResumeAgentRunInput,
    "SetupCommandsResponse": SetupCommandsResult,
    "StopAgentRunInput": StopAgentRunInput,
    "UserNotFoundErrorResponse": UserNotFoundErrorResponse,
    "UserResponse": User,
    "ValidationError": FieldError,
}
"""Every component schema of the official spec, by its spec name."""
