"""Sync and async clients for the Codegen Agent API.

    from codegen import CodegenClient

    with CodegenClient() as client:          # token and org from CODEGEN_API_TOKEN / CODEGEN_ORG_ID
        run = client.create_agent_run("Add type hints to utils.py")
        run = client.wait_for_completion(agent_run_id=run.id)
        print(run.status, run.result)

Models (``AgentRun``, ``AgentRunLog``, ``AgentRunStatus``, ...) come from ``codegen_models`` and are
re-exported here.
"""

from codegen_models import (
    AgentRun,
    AgentRunLog,
    AgentRunStatus,
    AgentRunWithLogs,
    AgentType,
    LogMessageType,
    Organization,
    Page,
    PRState,
    PullRequest,
    Repository,
    SourceType,
    User,
)

from ._async_client import AsyncCodegenClient
from ._client import CodegenClient
from ._config import DEFAULT_API_URL, ClientConfig
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CodegenError,
    ConfigError,
    ConflictError,
    ImageError,
    InternalServerError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    RunFailedError,
    UnprocessableEntityError,
    WaitTimeoutError,
)
from ._images import MAX_IMAGE_BYTES
from ._profiles import Profile, ProfileStore, config_dir
from ._ratelimit import DEFAULT_RATE_LIMITS, RateClass, RateLimit
from ._version import __version__

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_RATE_LIMITS",
    "MAX_IMAGE_BYTES",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AgentRun",
    "AgentRunLog",
    "AgentRunStatus",
    "AgentRunWithLogs",
    "AgentType",
    "AsyncCodegenClient",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "CodegenClient",
    "CodegenError",
    "ConfigError",
    "ConflictError",
    "ImageError",
    "InternalServerError",
    "LogMessageType",
    "NotFoundError",
    "Organization",
    "PRState",
    "Page",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "Profile",
    "ProfileStore",
    "PullRequest",
    "RateClass",
    "RateLimit",
    "RateLimitError",
    "Repository",
    "RunFailedError",
    "SourceType",
    "UnprocessableEntityError",
    "User",
    "WaitTimeoutError",
    "__version__",
    "config_dir",
]
