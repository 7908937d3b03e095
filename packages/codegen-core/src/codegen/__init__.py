"""Sync and async clients for the Codegen Agent API.

    from codegen import CodegenClient

    with CodegenClient() as client:  # token and organization from the environment
        run = client.create_agent_run("Add type hints to utils.py")
        run = client.wait_for_completion(agent_run_id=run.id)
        print(run.status, run.result)

Models (``AgentRun``, ``AgentRunLog``, ``AgentRunStatus``, ...) come from ``codegen_models`` and are
re-exported here.

Every name is imported on first use (``_EXPORTS`` says from where), so ``import codegen`` costs
next to nothing and a program pays for what it touches: ``CodegenClient`` loads httpx, pydantic
and the models, not ``AsyncCodegenClient`` (anyio), batches or profiles until they are used.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
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
    from codegen_models.api import DEFAULT_API_URL, RATE_LIMITS, RateClass, RateLimit

    from ._async_client import AsyncCodegenClient
    from ._batch import BatchInputError, BatchItem, BatchProgress, BatchResult, read_batch
    from ._client import CodegenClient, FlowIterator
    from ._config import ClientConfig
    from ._effects import RetryNotice
    from ._exceptions import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        ArgumentTypeError,
        AuthenticationError,
        BadRequestError,
        CodegenError,
        ConfigError,
        ConflictError,
        ImageError,
        InternalServerError,
        InvalidArgumentError,
        NotFoundError,
        PaymentRequiredError,
        PermissionDeniedError,
        RateLimitError,
        RedirectError,
        RunFailedError,
        UnconfirmedRunError,
        UnknownStatusError,
        UnprocessableEntityError,
        WaitTimeoutError,
    )
    from ._images import MAX_IMAGE_BYTES
    from ._profiles import DEFAULT_PROFILE, Profile, ProfileStore, config_dir
    from ._responses import RawResponse
    from ._secrets import redact, register_secret
    from ._sign_in import TokenOwner, check_token, save_sign_in
    from ._watch import is_transient

_EXPORTS: dict[str, tuple[str, ...]] = {
    "codegen_models": (
        "AgentRun",
        "AgentRunLog",
        "AgentRunStatus",
        "AgentRunWithLogs",
        "AgentType",
        "LogMessageType",
        "Organization",
        "Page",
        "PRState",
        "PullRequest",
        "Repository",
        "SourceType",
        "User",
    ),
    "codegen_models.api": ("DEFAULT_API_URL", "RATE_LIMITS", "RateClass", "RateLimit"),
    "._batch": ("BatchInputError", "BatchItem", "BatchProgress", "BatchResult", "read_batch"),
    "._client": ("CodegenClient", "FlowIterator"),
    "._config": ("ClientConfig",),
    "._effects": ("RetryNotice",),
    "._exceptions": (
        "APIConnectionError",
        "APIError",
        "APIResponseValidationError",
        "APIStatusError",
        "APITimeoutError",
        "ArgumentTypeError",
        "AuthenticationError",
        "BadRequestError",
        "CodegenError",
        "ConfigError",
        "ConflictError",
        "ImageError",
        "InternalServerError",
        "InvalidArgumentError",
        "NotFoundError",
        "PaymentRequiredError",
        "PermissionDeniedError",
        "RateLimitError",
        "RedirectError",
        "RunFailedError",
        "UnconfirmedRunError",
        "UnknownStatusError",
        "UnprocessableEntityError",
        "WaitTimeoutError",
    ),
    "._images": ("MAX_IMAGE_BYTES",),
    "._profiles": ("DEFAULT_PROFILE", "Profile", "ProfileStore", "config_dir"),
    "._responses": ("RawResponse",),
    "._secrets": ("redact", "register_secret"),
    "._sign_in": ("TokenOwner", "check_token", "save_sign_in"),
    "._watch": ("is_transient",),
    "._async_client": ("AsyncCodegenClient",),
}
"""Module (relative to this package, or absolute) → the public names it defines."""
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'codegen' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # from now on a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_PROFILE",
    "MAX_IMAGE_BYTES",
    "RATE_LIMITS",
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
    "ArgumentTypeError",
    "AsyncCodegenClient",
    "AuthenticationError",
    "BadRequestError",
    "BatchInputError",
    "BatchItem",
    "BatchProgress",
    "BatchResult",
    "ClientConfig",
    "CodegenClient",
    "CodegenError",
    "ConfigError",
    "ConflictError",
    "FlowIterator",
    "ImageError",
    "InternalServerError",
    "InvalidArgumentError",
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
    "RawResponse",
    "RedirectError",
    "Repository",
    "RetryNotice",
    "RunFailedError",
    "SourceType",
    "TokenOwner",
    "UnconfirmedRunError",
    "UnknownStatusError",
    "UnprocessableEntityError",
    "User",
    "WaitTimeoutError",
    "__version__",
    "check_token",
    "config_dir",
    "is_transient",
    "read_batch",
    "redact",
    "register_secret",
    "save_sign_in",
]
