"""Every operation of the official spec, served at the path, method and rate-limit class that
:data:`codegen_models.api.OPERATIONS` gives it.

This module holds one handler per operation, registered under the operation it answers, with what only
the simulator knows: the handler's parameters (which FastAPI turns into the documented query
parameters and request body) and the documented error responses. Paths, methods, rate classes and
response types come from the shared table, so the app's own OpenAPI document matches the spec (the
conformance test holds it to that) and a new operation in the table is served once it has a handler.
Handlers only translate HTTP to a call of :class:`~codegen_sim._service.SimulatedService`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Query, Request

from codegen_models import (
    AgentRun,
    AgentRunLimitReachedErrorResponse,
    AgentRunLogsParams,
    AgentRunNotFoundErrorResponse,
    AgentRunWithLogs,
    AnalyzeLogsResult,
    APIRateLimitErrorResponse,
    CheckSuiteSettings,
    CheckSuiteSettingsRequest,
    CLIRules,
    CreateAgentRunInput,
    EditPRInput,
    EditPRResult,
    GenerateSetupCommandsInput,
    GenerateTokenRequest,
    ListAgentRunsParams,
    NoReposFoundInOrgErrorResponse,
    OAuthProvider,
    Organization,
    OrganizationIntegrations,
    Page,
    PageParams,
    PermissionsErrorResponse,
    Repository,
    ResumeAgentRunInput,
    SetupCommandsResult,
    SlackConnectToken,
    StopAgentRunInput,
    User,
    UserNotFoundErrorResponse,
    api,
)
from codegen_models.api import API_PREFIX, DOCUMENTED_LOGS_PATH, OPERATIONS, Operation, RateClass

from ._auth import CallerDep
from ._components import components_of
from ._errors import ApiError

Responses = dict[int | str, dict[str, Any]]
Handler = Callable[..., Coroutine[Any, Any, Any]]
H = TypeVar("H", bound=Handler)

LOGS_ALIAS_PATH = API_PREFIX + DOCUMENTED_LOGS_PATH
"""Where the API's logs guide puts a run's logs; served next to the spec's ``/v1/alpha`` path, so
a client can fall back to it."""

_429: Responses = {429: {"model": APIRateLimitErrorResponse}}
_403: Responses = {403: {"model": PermissionsErrorResponse}}
_404_RUN: Responses = {404: {"model": AgentRunNotFoundErrorResponse}}

Pages = Annotated[PageParams, Query()]
RepoId = Annotated[int, Query(description="Repository ID")]

_HANDLERS: dict[str, tuple[Handler, Responses, Any]] = {}


def _answers(
    operation: Operation[Any],
    responses: Responses | None = None,
    *,
    response_model: Any = None,
) -> Callable[[H], H]:
    """Register the decorated function as the handler of ``operation``.

    The documented 200 body is the operation's ``response`` type; ``response_model`` stands in for
    an operation whose spec says no more than "an object" (the shared table's ``None``).
    """

    def register(handler: H) -> H:
        _HANDLERS[operation.name] = (
            handler,
            responses or {},
            operation.response if response_model is None else response_model,
        )
        return handler

    return register


class RateLimitDependency:
    """Dependency enforcing one rate-limit class per token, after authentication and before
    FastAPI's validation and the handler (so a flood of bad requests is still limited)."""

    def __init__(self, rate_class: RateClass) -> None:
        self.rate_class = rate_class

    async def __call__(self, request: Request, caller: CallerDep) -> None:
        limiter = components_of(request).limiter
        if limiter is None:
            return
        retry_after = limiter.acquire(caller.token, self.rate_class)
        if retry_after is not None:
            raise ApiError(APIRateLimitErrorResponse(), headers={"Retry-After": str(retry_after)})


def add_api_routes(app: FastAPI, *, alpha_logs: bool = True) -> None:
    """Add a route for every operation; ``alpha_logs=False`` leaves out the spec's ``/v1/alpha``
    logs route (the documented alias stays).

    They are added to the app itself, not through an ``APIRouter``, so that the app's route list is
    flat and the traffic layer can name the route of a request before routing it.
    """
    for operation in OPERATIONS:
        handler, responses, response_model = _HANDLERS[operation.name]
        paths = [operation.spec_path]
        if operation is api.GET_AGENT_RUN_LOGS:
            paths = [*(paths if alpha_logs else []), LOGS_ALIAS_PATH]
        for path in paths:
            app.add_api_route(
                path,
                handler,
                methods=[operation.method],
                dependencies=[Depends(RateLimitDependency(operation.rate_class))],
                response_model=response_model,
                responses=responses,
            )


# Users and organizations.


@_answers(api.LIST_USERS, _429 | _403)
async def get_users(org_id: int, page: Pages, caller: CallerDep) -> Page[User]:
    return caller.service.users(caller.account, org_id, page)


@_answers(api.GET_USER, _429 | _403 | {404: {"model": UserNotFoundErrorResponse}})
async def get_user(org_id: int, user_id: int, caller: CallerDep) -> User:
    return caller.service.user(caller.account, org_id, user_id)


@_answers(api.GET_CURRENT_USER, _429 | _403)
async def get_current_user_info(caller: CallerDep) -> User:
    return caller.service.current_user(caller.account)


@_answers(api.LIST_ORGANIZATIONS, _429)
async def get_organizations(page: Pages, caller: CallerDep) -> Page[Organization]:
    return caller.service.organizations(caller.account, page)


# Agent runs.


@_answers(
    api.CREATE_AGENT_RUN,
    _429
    | {402: {"model": AgentRunLimitReachedErrorResponse}}
    | _403
    | {404: {"model": NoReposFoundInOrgErrorResponse}},
)
async def create_agent_run(org_id: int, body: CreateAgentRunInput, caller: CallerDep) -> AgentRun:
    return caller.service.create_run(caller.account, org_id, body, caller.base_url)


@_answers(api.GET_AGENT_RUN, _429 | _403 | _404_RUN)
async def get_agent_run(agent_run_id: int, org_id: int, caller: CallerDep) -> AgentRun:
    return caller.service.get_run(caller.account, org_id, agent_run_id, caller.base_url)


@_answers(api.LIST_AGENT_RUNS, _429 | _403)
async def list_agent_runs(
    org_id: int, query: Annotated[ListAgentRunsParams, Query()], caller: CallerDep
) -> Page[AgentRun]:
    return caller.service.list_runs(caller.account, org_id, query, caller.base_url)


@_answers(api.RESUME_AGENT_RUN, _429 | _403 | _404_RUN)
async def resume_agent_run(org_id: int, body: ResumeAgentRunInput, caller: CallerDep) -> AgentRun:
    return caller.service.resume_run(caller.account, org_id, body, caller.base_url)


@_answers(api.BAN_ALL_CHECKS, _429 | _403 | _404_RUN)
async def ban_all_checks_for_agent_run(
    org_id: int, body: StopAgentRunInput, caller: CallerDep
) -> dict[str, Any]:
    return caller.service.stop_checks(caller.account, org_id, body.agent_run_id, action="ban")


@_answers(api.UNBAN_ALL_CHECKS, _429 | _403 | _404_RUN)
async def unban_all_checks_for_agent_run(
    org_id: int, body: StopAgentRunInput, caller: CallerDep
) -> dict[str, Any]:
    return caller.service.unban_checks(caller.account, org_id, body.agent_run_id)


@_answers(api.REMOVE_CODEGEN_FROM_PR, _429 | _403 | _404_RUN)
async def remove_codegen_from_pr(
    org_id: int, body: StopAgentRunInput, caller: CallerDep
) -> dict[str, Any]:
    return caller.service.stop_checks(
        caller.account, org_id, body.agent_run_id, action="remove-from-pr"
    )


@_answers(api.GET_AGENT_RUN_LOGS, _429 | _403 | _404_RUN)
async def get_agent_run_logs(
    agent_run_id: int,
    org_id: int,
    query: Annotated[AgentRunLogsParams, Query()],
    caller: CallerDep,
) -> AgentRunWithLogs:
    return caller.service.run_logs(caller.account, org_id, agent_run_id, query, caller.base_url)


# Repositories, pull requests and check suites.


@_answers(api.LIST_REPOSITORIES, _429)
async def get_repositories(org_id: int, page: Pages, caller: CallerDep) -> Page[Repository]:
    return caller.service.repositories(caller.account, org_id, page)


@_answers(api.GET_CHECK_SUITE_SETTINGS)
async def get_check_suite_settings(
    org_id: int, repo_id: RepoId, caller: CallerDep
) -> CheckSuiteSettings:
    return caller.service.check_suite_settings(caller.account, org_id, repo_id)


@_answers(api.UPDATE_CHECK_SUITE_SETTINGS, response_model=dict[str, Any])
async def update_check_suite_settings(
    org_id: int, repo_id: RepoId, body: CheckSuiteSettingsRequest, caller: CallerDep
) -> dict[str, Any]:
    return caller.service.update_check_suite_settings(caller.account, org_id, repo_id, body)


@_answers(api.EDIT_PULL_REQUEST, _429)
async def edit_pull_request_simple(
    org_id: int, pr_id: int, body: EditPRInput, caller: CallerDep
) -> EditPRResult:
    return caller.service.edit_pull_request(caller.account, org_id, pr_id, body.state.value)


@_answers(api.EDIT_REPO_PULL_REQUEST, _429)
async def edit_pull_request(
    org_id: int, repo_id: int, pr_id: int, body: EditPRInput, caller: CallerDep
) -> EditPRResult:
    return caller.service.edit_pull_request(
        caller.account, org_id, pr_id, body.state.value, repo_id=repo_id
    )


# Integrations, setup, sandboxes and CLI rules.


@_answers(api.GET_INTEGRATIONS, _429 | _403)
async def get_organization_integrations(org_id: int, caller: CallerDep) -> OrganizationIntegrations:
    return caller.service.integrations(caller.account, org_id)


@_answers(
    api.GENERATE_SETUP_COMMANDS,
    {
        404: {"description": "Repository not found"},
        400: {"description": "Invalid input"},
        500: {"description": "Internal server error"},
    },
)
async def generate_setup_commands(
    org_id: int, body: GenerateSetupCommandsInput, caller: CallerDep
) -> SetupCommandsResult:
    return caller.service.generate_setup_commands(
        caller.account, org_id, body.repo_id, body.prompt, caller.base_url
    )


@_answers(
    api.ANALYZE_SANDBOX_LOGS,
    _429
    | _403
    | {
        404: {"description": "Sandbox not found"},
        400: {"description": "No logs available for analysis"},
    },
)
async def analyze_sandbox_logs(
    sandbox_id: int, org_id: int, caller: CallerDep
) -> AnalyzeLogsResult:
    return caller.service.analyze_sandbox_logs(caller.account, org_id, sandbox_id)


@_answers(api.GET_CLI_RULES, _429 | _403)
async def get_cli_rules(org_id: int, caller: CallerDep) -> CLIRules:
    return caller.service.cli_rules(caller.account, org_id)


# OAuth, MCP and Slack.


@_answers(api.GET_MCP_PROVIDERS)
async def get_mcp_providers(caller: CallerDep) -> list[OAuthProvider]:
    return caller.service.mcp_providers()


@_answers(api.GET_OAUTH_TOKEN_STATUS)
async def get_oauth_token_status(org_id: int, caller: CallerDep) -> list[str]:
    return caller.service.oauth_token_status(caller.account, org_id)


@_answers(api.REVOKE_OAUTH_TOKEN)
async def revoke_oauth_token(provider: str, org_id: int, caller: CallerDep) -> dict[str, Any]:
    return caller.service.revoke_oauth_token(caller.account, org_id, provider)


@_answers(api.GENERATE_SLACK_CONNECT_TOKEN)
async def generate_slack_connect_token(
    body: GenerateTokenRequest, caller: CallerDep
) -> SlackConnectToken:
    return caller.service.slack_connect_token(caller.account, body.org_id)
