"""Facts about the API that every package shares, written down once.

The operations of the spec (method, path, rate-limit class, response type), the rate limits the spec
states, where the API lives, and the environment variables its tools read. The clients build their
requests from this table, the simulator serves its routes from it, and the command line and the app
quote its names, so a fact changed here changes everywhere. Plain data: nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, Final, Generic, Literal, TypeVar, cast

from ._connections import OAuthProvider, SlackConnectToken
from ._organizations import (
    CLIRules,
    Organization,
    OrganizationIntegrations,
)
from ._pages import Page
from ._repositories import (
    AnalyzeLogsResult,
    CheckSuiteSettings,
    EditPRResult,
    Repository,
    SetupCommandsResult,
)
from ._runs import AgentRun, AgentRunWithLogs
from ._users import User

T = TypeVar("T")
M = TypeVar("M")

DEFAULT_API_URL: Final = "https://api.codegen.com/v1"
"""The API's base URL, where a configuration that names none points."""
API_PREFIX: Final = "/v1"
"""The path prefix of every operation; :attr:`Operation.path` is relative to it."""
TOKEN_URL: Final = "https://codegen.com/token"
"""Where a person gets an API token."""


class EnvVar(StrEnum):
    """The environment variables the toolkit reads (and the simulator sets)."""

    API_TOKEN = "CODEGEN_API_TOKEN"
    ORG_ID = "CODEGEN_ORG_ID"
    API_URL = "CODEGEN_API_URL"
    PROFILE = "CODEGEN_PROFILE"
    CONFIG_DIR = "CODEGEN_CONFIG_DIR"
    LOG_LEVEL = "CODEGEN_LOG_LEVEL"
    TIMEOUT = "CODEGEN_TIMEOUT"
    MAX_RETRIES = "CODEGEN_MAX_RETRIES"
    RATE_LIMIT = "CODEGEN_RATE_LIMIT"
    ALLOW_INSECURE_HTTP = "CODEGEN_ALLOW_INSECURE_HTTP"
    TRUST_IDEMPOTENCY_KEYS = "CODEGEN_TRUST_IDEMPOTENCY_KEYS"


ENV_ALIASES: Final[Mapping[EnvVar, tuple[str, ...]]] = {
    EnvVar.API_TOKEN: ("CODEGEN_USER_ACCESS_TOKEN",),
    EnvVar.API_URL: ("CODEGEN_API_BASE_URL",),
}
"""The official tools' names, read when ours is not set."""


class RateClass(StrEnum):
    """The spec's rate-limit classes. Operations with no stated limit count as ``STANDARD``."""

    STANDARD = "standard"
    CREATE = "create"
    LOGS = "logs"
    SETUP_COMMANDS = "setup_commands"
    ANALYZE_LOGS = "analyze_logs"
    PR_EDIT = "pr_edit"
    CLI_RULES = "cli_rules"


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` in any window of ``per_seconds``."""

    requests: int
    per_seconds: float

    def __post_init__(self) -> None:
        if self.requests < 1 or self.per_seconds <= 0:
            raise ValueError(f"a rate limit needs requests ≥ 1 and a positive window, got {self}")


RATE_LIMITS: Final[Mapping[RateClass, RateLimit]] = {
    RateClass.STANDARD: RateLimit(60, 30.0),
    RateClass.CREATE: RateLimit(10, 60.0),
    RateClass.LOGS: RateLimit(60, 60.0),
    RateClass.SETUP_COMMANDS: RateLimit(5, 60.0),
    RateClass.ANALYZE_LOGS: RateLimit(5, 60.0),
    RateClass.PR_EDIT: RateLimit(30, 60.0),
    RateClass.CLI_RULES: RateLimit(30, 60.0),
}
"""The limits the spec states, per token."""

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
_PLACEHOLDER = re.compile(r"{(\w+)}")


@dataclass(frozen=True, eq=False)
class Operation(Generic[T]):
    """One operation of the spec: ``method`` ``API_PREFIX + path``, answered with a ``response``.

    ``model`` is the model of the 200 body, ``None`` for the spec's untyped bodies; a paged list
    (:meth:`paged_list`) names the model of one item. ``starts_work`` marks a POST that starts an
    agent, which must never be sent twice.
    """

    name: str
    method: Method
    path: str
    model: type[T] | None
    rate_class: RateClass = RateClass.STANDARD
    starts_work: bool = False
    paged: bool = False
    """The 200 body is a :class:`Page` of ``model``."""
    path_params: tuple[str, ...] = field(init=False)
    """The ``{placeholders}`` of the path, in order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path_params", tuple(_PLACEHOLDER.findall(self.path)))

    @classmethod
    def paged_list(cls, name: str, path: str, item: type[M]) -> Operation[Page[M]]:
        """A GET answered with a :class:`Page` of ``item``."""
        return cast("Operation[Page[M]]", Operation(name, "GET", path, item, paged=True))

    @cached_property
    def response(self) -> type[T] | None:
        """The type the 200 body is validated into (``None`` for the spec's untyped bodies).

        A paged list's ``Page[item]`` is made here, when first asked for: pydantic builds the
        generic page's validator to parametrize it, which importing this table would otherwise pay
        for, for every list of the API, in every program that never lists anything.
        """
        if self.paged:
            return cast("type[T]", cast(Any, Page)[self.model])
        return self.model

    @property
    def spec_path(self) -> str:
        """The path as the spec writes it, with the ``/v1`` prefix."""
        return API_PREFIX + self.path

    def __repr__(self) -> str:
        return f"Operation({self.name}: {self.method} {self.path})"


GET_CURRENT_USER = Operation("get_current_user", "GET", "/users/me", User)
LIST_USERS = Operation.paged_list("list_users", "/organizations/{org_id}/users", User)
GET_USER = Operation("get_user", "GET", "/organizations/{org_id}/users/{user_id}", User)
LIST_ORGANIZATIONS = Operation.paged_list("list_organizations", "/organizations", Organization)
CREATE_AGENT_RUN = Operation(
    "create_agent_run",
    "POST",
    "/organizations/{org_id}/agent/run",
    AgentRun,
    RateClass.CREATE,
    starts_work=True,
)
GET_AGENT_RUN = Operation(
    "get_agent_run", "GET", "/organizations/{org_id}/agent/run/{agent_run_id}", AgentRun
)
LIST_AGENT_RUNS = Operation.paged_list(
    "list_agent_runs", "/organizations/{org_id}/agent/runs", AgentRun
)
RESUME_AGENT_RUN = Operation(
    "resume_agent_run",
    "POST",
    "/organizations/{org_id}/agent/run/resume",
    AgentRun,
    starts_work=True,
)
BAN_ALL_CHECKS: Operation[Any] = Operation(
    "ban_all_checks", "POST", "/organizations/{org_id}/agent/run/ban", None
)
UNBAN_ALL_CHECKS: Operation[Any] = Operation(
    "unban_all_checks", "POST", "/organizations/{org_id}/agent/run/unban", None
)
REMOVE_CODEGEN_FROM_PR: Operation[Any] = Operation(
    "remove_codegen_from_pr", "POST", "/organizations/{org_id}/agent/run/remove-from-pr", None
)
GET_AGENT_RUN_LOGS = Operation(
    "get_agent_run_logs",
    "GET",
    "/alpha/organizations/{org_id}/agent/run/{agent_run_id}/logs",
    AgentRunWithLogs,
    RateClass.LOGS,
)
LIST_REPOSITORIES = Operation.paged_list(
    "list_repositories", "/organizations/{org_id}/repos", Repository
)
GET_CHECK_SUITE_SETTINGS = Operation(
    "get_check_suite_settings",
    "GET",
    "/organizations/{org_id}/repos/check-suite-settings",
    CheckSuiteSettings,
)
UPDATE_CHECK_SUITE_SETTINGS: Operation[Any] = Operation(
    "update_check_suite_settings",
    "PUT",
    "/organizations/{org_id}/repos/check-suite-settings",
    None,
)
EDIT_PULL_REQUEST = Operation(
    "edit_pull_request",
    "PATCH",
    "/organizations/{org_id}/prs/{pr_id}",
    EditPRResult,
    RateClass.PR_EDIT,
)
EDIT_REPO_PULL_REQUEST = Operation(
    "edit_repo_pull_request",
    "PATCH",
    "/organizations/{org_id}/repos/{repo_id}/prs/{pr_id}",
    EditPRResult,
    RateClass.PR_EDIT,
)
GET_INTEGRATIONS = Operation(
    "get_integrations", "GET", "/organizations/{org_id}/integrations", OrganizationIntegrations
)
GENERATE_SETUP_COMMANDS = Operation(
    "generate_setup_commands",
    "POST",
    "/organizations/{org_id}/setup-commands/generate",
    SetupCommandsResult,
    RateClass.SETUP_COMMANDS,
    starts_work=True,
)
ANALYZE_SANDBOX_LOGS = Operation(
    "analyze_sandbox_logs",
    "POST",
    "/organizations/{org_id}/sandbox/{sandbox_id}/analyze-logs",
    AnalyzeLogsResult,
    RateClass.ANALYZE_LOGS,
    starts_work=True,
)
GET_CLI_RULES = Operation(
    "get_cli_rules", "GET", "/organizations/{org_id}/cli/rules", CLIRules, RateClass.CLI_RULES
)
GET_MCP_PROVIDERS = Operation("get_mcp_providers", "GET", "/mcp-providers", list[OAuthProvider])
GET_OAUTH_TOKEN_STATUS: Operation[Any] = Operation(
    "get_oauth_token_status", "GET", "/oauth/tokens/status", None
)
REVOKE_OAUTH_TOKEN: Operation[Any] = Operation(
    "revoke_oauth_token", "POST", "/oauth/tokens/revoke", None
)
GENERATE_SLACK_CONNECT_TOKEN = Operation(
    "generate_slack_connect_token", "POST", "/slack-connect/generate-token", SlackConnectToken
)

OPERATIONS: Final[tuple[Operation[Any], ...]] = (
    GET_CURRENT_USER,
    LIST_USERS,
    GET_USER,
    LIST_ORGANIZATIONS,
    CREATE_AGENT_RUN,
    GET_AGENT_RUN,
    LIST_AGENT_RUNS,
    RESUME_AGENT_RUN,
    BAN_ALL_CHECKS,
    UNBAN_ALL_CHECKS,
    REMOVE_CODEGEN_FROM_PR,
    GET_AGENT_RUN_LOGS,
    LIST_REPOSITORIES,
    GET_CHECK_SUITE_SETTINGS,
    UPDATE_CHECK_SUITE_SETTINGS,
    EDIT_PULL_REQUEST,
    EDIT_REPO_PULL_REQUEST,
    GET_INTEGRATIONS,
    GENERATE_SETUP_COMMANDS,
    ANALYZE_SANDBOX_LOGS,
    GET_CLI_RULES,
    GET_MCP_PROVIDERS,
    GET_OAUTH_TOKEN_STATUS,
    REVOKE_OAUTH_TOKEN,
    GENERATE_SLACK_CONNECT_TOKEN,
)
"""Every operation of the spec, each once."""

CLIENT_REQUEST_ID_KEY: Final = "codegen_client_request_id"
"""The ``metadata`` key under which a client stamps each create with its own request id, so that it
can find the run a lost answer would have named (the spec stores and echoes ``metadata``)."""

DOCUMENTED_LOGS_PATH: Final = "/organizations/{org_id}/agent/run/{agent_run_id}/logs"
"""Where the API's logs guide (and the seed) put a run's logs; the spec's own path is
:data:`GET_AGENT_RUN_LOGS`'s ``/alpha/...`` one. Servers may serve either."""
