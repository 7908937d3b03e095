"""The 25 operations of the spec, written down once: method, path, rate class, response type.

Paths are relative to the configured API URL (which ends in ``/v1``). Everything the clients send
is built from this table, and the tests check it against the spec file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import TypeAdapter

from codegen_models import (
    AgentRun,
    AgentRunWithLogs,
    AnalyzeLogsResult,
    CheckSuiteSettings,
    CLIRules,
    EditPRResult,
    OAuthProvider,
    Organization,
    OrganizationIntegrations,
    Page,
    Repository,
    SetupCommandsResult,
    SlackConnectToken,
    User,
)

from ._ratelimit import RateClass


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str
    response: Any
    """The type the 200 body is validated into; ``None`` for the spec's untyped bodies."""
    rate_class: RateClass = RateClass.STANDARD
    starts_work: bool = False
    """A POST that starts an agent: retried only when the server provably did not act on it."""

    @cached_property
    def adapter(self) -> TypeAdapter[Any] | None:
        return None if self.response is None else TypeAdapter(self.response)


GET_CURRENT_USER = Operation("get_current_user", "GET", "/users/me", User)
LIST_USERS = Operation("list_users", "GET", "/organizations/{org_id}/users", Page[User])
GET_USER = Operation("get_user", "GET", "/organizations/{org_id}/users/{user_id}", User)
LIST_ORGANIZATIONS = Operation("list_organizations", "GET", "/organizations", Page[Organization])
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
LIST_AGENT_RUNS = Operation(
    "list_agent_runs", "GET", "/organizations/{org_id}/agent/runs", Page[AgentRun]
)
RESUME_AGENT_RUN = Operation(
    "resume_agent_run",
    "POST",
    "/organizations/{org_id}/agent/run/resume",
    AgentRun,
    starts_work=True,
)
BAN_ALL_CHECKS = Operation("ban_all_checks", "POST", "/organizations/{org_id}/agent/run/ban", None)
UNBAN_ALL_CHECKS = Operation(
    "unban_all_checks", "POST", "/organizations/{org_id}/agent/run/unban", None
)
REMOVE_CODEGEN_FROM_PR = Operation(
    "remove_codegen_from_pr", "POST", "/organizations/{org_id}/agent/run/remove-from-pr", None
)
LIST_REPOSITORIES = Operation(
    "list_repositories", "GET", "/organizations/{org_id}/repos", Page[Repository]
)
GET_CHECK_SUITE_SETTINGS = Operation(
    "get_check_suite_settings",
    "GET",
    "/organizations/{org_id}/repos/check-suite-settings",
    CheckSuiteSettings,
)
UPDATE_CHECK_SUITE_SETTINGS = Operation(
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
GET_MCP_PROVIDERS = Operation("get_mcp_providers", "GET", "/mcp-providers", list[OAuthProvider])
GET_OAUTH_TOKEN_STATUS = Operation("get_oauth_token_status", "GET", "/oauth/tokens/status", None)
REVOKE_OAUTH_TOKEN = Operation("revoke_oauth_token", "POST", "/oauth/tokens/revoke", None)
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
GENERATE_SLACK_CONNECT_TOKEN = Operation(
    "generate_slack_connect_token", "POST", "/slack-connect/generate-token", SlackConnectToken
)
GET_AGENT_RUN_LOGS = Operation(
    "get_agent_run_logs",
    "GET",
    "/alpha/organizations/{org_id}/agent/run/{agent_run_id}/logs",
    AgentRunWithLogs,
    RateClass.LOGS,
)
DOCUMENTED_LOGS_PATH = "/organizations/{org_id}/agent/run/{agent_run_id}/logs"
"""The logs path of the docs' guide, used when a server answers the spec's alpha path with a
route-missing 404."""

OPERATIONS: tuple[Operation, ...] = (
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
    LIST_REPOSITORIES,
    GET_CHECK_SUITE_SETTINGS,
    UPDATE_CHECK_SUITE_SETTINGS,
    EDIT_PULL_REQUEST,
    EDIT_REPO_PULL_REQUEST,
    GET_INTEGRATIONS,
    GENERATE_SETUP_COMMANDS,
    GET_MCP_PROVIDERS,
    GET_OAUTH_TOKEN_STATUS,
    REVOKE_OAUTH_TOKEN,
    ANALYZE_SANDBOX_LOGS,
    GET_CLI_RULES,
    GENERATE_SLACK_CONNECT_TOKEN,
    GET_AGENT_RUN_LOGS,
)
