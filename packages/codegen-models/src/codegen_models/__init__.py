"""Typed models of the Codegen Agent API.

Response models keep fields they do not know and dump back what the server sent
(:meth:`CodegenModel.to_dict`); request models validate what the spec constrains. The spec's own
schema names live in :mod:`codegen_models.spec`.
"""

from ._base import CodegenModel
from ._connections import OAuthProvider, SlackConnectToken
from ._enums import (
    TERMINAL_STATUSES,
    AgentRunStatus,
    AgentType,
    LogMessageGroup,
    LogMessageType,
    PRState,
    SourceType,
)
from ._errors import (
    AgentRunLimitReachedErrorResponse,
    AgentRunNotFoundErrorResponse,
    APIRateLimitErrorResponse,
    ErrorBody,
    FieldError,
    HTTPValidationError,
    NoReposFoundInOrgErrorResponse,
    PermissionsErrorResponse,
    UserNotFoundErrorResponse,
)
from ._organizations import (
    CLIRules,
    IntegrationStatus,
    Organization,
    OrganizationIntegrations,
    OrganizationSettings,
)
from ._pages import Page
from ._repositories import (
    AnalyzeLogsResult,
    CheckSuiteSettings,
    EditPRResult,
    Repository,
    SetupCommandsResult,
)
from ._requests import (
    MAX_PAGE_SIZE,
    AgentRunLogsParams,
    CheckSuiteSettingsRequest,
    CreateAgentRunInput,
    EditPRInput,
    GenerateSetupCommandsInput,
    GenerateTokenRequest,
    ListAgentRunsParams,
    PageParams,
    ResumeAgentRunInput,
    StopAgentRunInput,
)
from ._runs import AgentRun, AgentRunLog, AgentRunWithLogs, PullRequest
from ._timestamps import ApiDatetime, Timestamp
from ._users import User

__version__ = "0.1.0"

__all__ = [
    "MAX_PAGE_SIZE",
    "TERMINAL_STATUSES",
    "APIRateLimitErrorResponse",
    "AgentRun",
    "AgentRunLimitReachedErrorResponse",
    "AgentRunLog",
    "AgentRunLogsParams",
    "AgentRunNotFoundErrorResponse",
    "AgentRunStatus",
    "AgentRunWithLogs",
    "AgentType",
    "AnalyzeLogsResult",
    "ApiDatetime",
    "CLIRules",
    "CheckSuiteSettings",
    "CheckSuiteSettingsRequest",
    "CodegenModel",
    "CreateAgentRunInput",
    "EditPRInput",
    "EditPRResult",
    "ErrorBody",
    "FieldError",
    "GenerateSetupCommandsInput",
    "GenerateTokenRequest",
    "HTTPValidationError",
    "IntegrationStatus",
    "ListAgentRunsParams",
    "LogMessageGroup",
    "LogMessageType",
    "NoReposFoundInOrgErrorResponse",
    "OAuthProvider",
    "Organization",
    "OrganizationIntegrations",
    "OrganizationSettings",
    "PRState",
    "Page",
    "PageParams",
    "PermissionsErrorResponse",
    "PullRequest",
    "Repository",
    "ResumeAgentRunInput",
    "SetupCommandsResult",
    "SlackConnectToken",
    "SourceType",
    "StopAgentRunInput",
    "Timestamp",
    "User",
    "UserNotFoundErrorResponse",
]
