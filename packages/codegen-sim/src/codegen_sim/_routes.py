"""The 25 operations of the official spec, at its paths, with its parameters and bodies.

Each route declares what the spec declares (path, query parameters with their bounds, the request
model, the response model, the documented error responses) so that the app's own OpenAPI document
matches the spec; the conformance test holds it to that. Handlers only translate HTTP to a call of
:class:`~codegen_sim._state.Simulator`, which does the work.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Query

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
)

from ._auth import CallerDep, limited

ALPHA_LOGS_PATH = "/v1/alpha/organizations/{org_id}/agent/run/{agent_run_id}/logs"
"""Where the spec puts the logs of a run."""
LOGS_ALIAS_PATH = "/v1/organizations/{org_id}/agent/run/{agent_run_id}/logs"
"""Where the API's logs guide puts them; served too, so a client can fall back to it."""

_429: dict[int | str, dict[str, Any]] = {429: {"model": APIRateLimitErrorResponse}}
_403: dict[int | str, dict[str, Any]] = {403: {"model": PermissionsErrorResponse}}
_404_RUN: dict[int | str, dict[str, Any]] = {404: {"model": AgentRunNotFoundErrorResponse}}

Pages = Annotated[PageParams, Query()]
RepoId = Annotated[int, Query(description="Repository ID")]


def add_api_routes(app: FastAPI, *, alpha_logs: bool = True) -> None:
    """Add the routes of the API; ``alpha_logs=False`` leaves out the spec's ``/v1/alpha`` logs route.

    They are added to the app itself, not through an ``APIRouter``, so that the app's route list is
    flat and the traffic layer can name the route of a request before routing it.
    """

    @app.get(
        "/v1/organizations/{org_id}/users", dependencies=limited("standard"), responses=_429 | _403
    )
    async def get_users(org_id: int, page: Pages, caller: CallerDep) -> Page[User]:
        return caller.simulator.users(caller.account, org_id, page)

    @app.get(
        "/v1/organizations/{org_id}/users/{user_id}",
        dependencies=limited("standard"),
        responses=_429 | _403 | {404: {"model": UserNotFoundErrorResponse}},
    )
    async def get_user(org_id: int, user_id: int, caller: CallerDep) -> User:
        return caller.simulator.user(caller.account, org_id, user_id)

    @app.get("/v1/users/me", dependencies=limited("standard"), responses=_429 | _403)
    async def get_current_user_info(caller: CallerDep) -> User:
        return caller.simulator.current_user(caller.account)

    @app.post(
        "/v1/organizations/{org_id}/agent/run",
        dependencies=limited("create"),
        responses=_429
        | {402: {"model": AgentRunLimitReachedErrorResponse}}
        | _403
        | {404: {"model": NoReposFoundInOrgErrorResponse}},
    )
    async def create_agent_run(
        org_id: int, body: CreateAgentRunInput, caller: CallerDep
    ) -> AgentRun:
        return caller.simulator.create_run(caller.account, org_id, body, caller.base_url)

    @app.get(
        "/v1/organizations/{org_id}/agent/run/{agent_run_id}",
        dependencies=limited("standard"),
        responses=_429 | _403 | _404_RUN,
    )
    async def get_agent_run(agent_run_id: int, org_id: int, caller: CallerDep) -> AgentRun:
        return caller.simulator.get_run(caller.account, org_id, agent_run_id, caller.base_url)

    @app.get(
        "/v1/organizations/{org_id}/agent/runs",
        dependencies=limited("standard"),
        responses=_429 | _403,
    )
    async def list_agent_runs(
        org_id: int, query: Annotated[ListAgentRunsParams, Query()], caller: CallerDep
    ) -> Page[AgentRun]:
        return caller.simulator.list_runs(caller.account, org_id, query, caller.base_url)

    @app.post(
        "/v1/organizations/{org_id}/agent/run/resume",
        dependencies=limited("standard"),
        responses=_429 | _403 | _404_RUN,
    )
    async def resume_agent_run(
        org_id: int, body: ResumeAgentRunInput, caller: CallerDep
    ) -> AgentRun:
        return caller.simulator.resume_run(caller.account, org_id, body, caller.base_url)

    @app.post(
        "/v1/organizations/{org_id}/agent/run/ban",
        dependencies=limited("standard"),
        responses=_429 | _403 | _404_RUN,
        response_model=None,
    )
    async def ban_all_checks_for_agent_run(
        org_id: int, body: StopAgentRunInput, caller: CallerDep
    ) -> dict[str, Any]:
        return caller.simulator.stop_checks(caller.account, org_id, body.agent_run_id, action="ban")

    @app.post(
        "/v1/organizations/{org_id}/agent/run/unban",
        dependencies=limited("standard"),
        responses=_429 | _403 | _404_RUN,
        response_model=None,
    )
    async def unban_all_checks_for_agent_run(
        org_id: int, body: StopAgentRunInput, caller: CallerDep
    ) -> dict[str, Any]:
        return caller.simulator.unban_checks(caller.account, org_id, body.agent_run_id)

    @app.post(
        "/v1/organizations/{org_id}/agent/run/remove-from-pr",
        dependencies=limited("standard"),
        responses=_429 | _403 | _404_RUN,
        response_model=None,
    )
    async def remove_codegen_from_pr(
        org_id: int, body: StopAgentRunInput, caller: CallerDep
    ) -> dict[str, Any]:
        return caller.simulator.stop_checks(
            caller.account, org_id, body.agent_run_id, action="remove-from-pr"
        )

    @app.get("/v1/organizations/{org_id}/repos", dependencies=limited("standard"), responses=_429)
    async def get_repositories(org_id: int, page: Pages, caller: CallerDep) -> Page[Repository]:
        return caller.simulator.repositories(caller.account, org_id, page)

    @app.get(
        "/v1/organizations/{org_id}/repos/check-suite-settings", dependencies=limited("standard")
    )
    async def get_check_suite_settings(
        org_id: int, repo_id: RepoId, caller: CallerDep
    ) -> CheckSuiteSettings:
        return caller.simulator.check_suite_settings(caller.account, org_id, repo_id)

    @app.put(
        "/v1/organizations/{org_id}/repos/check-suite-settings", dependencies=limited("standard")
    )
    async def update_check_suite_settings(
        org_id: int, repo_id: RepoId, body: CheckSuiteSettingsRequest, caller: CallerDep
    ) -> dict[str, Any]:
        return caller.simulator.update_check_suite_settings(caller.account, org_id, repo_id, body)

    @app.patch(
        "/v1/organizations/{org_id}/prs/{pr_id}", dependencies=limited("pr_edit"), responses=_429
    )
    async def edit_pull_request_simple(
        org_id: int, pr_id: int, body: EditPRInput, caller: CallerDep
    ) -> EditPRResult:
        return caller.simulator.edit_pull_request(caller.account, org_id, pr_id, body.state.value)

    @app.patch(
        "/v1/organizations/{org_id}/repos/{repo_id}/prs/{pr_id}",
        dependencies=limited("pr_edit"),
        responses=_429,
    )
    async def edit_pull_request(
        org_id: int, repo_id: int, pr_id: int, body: EditPRInput, caller: CallerDep
    ) -> EditPRResult:
        return caller.simulator.edit_pull_request(
            caller.account, org_id, pr_id, body.state.value, repo_id=repo_id
        )

    @app.get(
        "/v1/organizations/{org_id}/integrations",
        dependencies=limited("standard"),
        responses=_429 | _403,
    )
    async def get_organization_integrations(
        org_id: int, caller: CallerDep
    ) -> OrganizationIntegrations:
        return caller.simulator.integrations(caller.account, org_id)

    @app.post(
        "/v1/organizations/{org_id}/setup-commands/generate",
        dependencies=limited("setup_commands"),
        responses={
            404: {"description": "Repository not found"},
            400: {"description": "Invalid input"},
            500: {"description": "Internal server error"},
        },
    )
    async def generate_setup_commands(
        org_id: int, body: GenerateSetupCommandsInput, caller: CallerDep
    ) -> SetupCommandsResult:
        return caller.simulator.generate_setup_commands(
            caller.account, org_id, body.repo_id, body.prompt, caller.base_url
        )

    @app.get("/v1/organizations", dependencies=limited("standard"), responses=_429)
    async def get_organizations(page: Pages, caller: CallerDep) -> Page[Organization]:
        return caller.simulator.organizations(caller.account, page)

    @app.get("/v1/mcp-providers", dependencies=limited("standard"))
    async def get_mcp_providers(caller: CallerDep) -> list[OAuthProvider]:
        return caller.simulator.mcp_providers()

    @app.get("/v1/oauth/tokens/status", dependencies=limited("standard"), response_model=None)
    async def get_oauth_token_status(org_id: int, caller: CallerDep) -> list[str]:
        return caller.simulator.oauth_token_status(caller.account, org_id)

    @app.post("/v1/oauth/tokens/revoke", dependencies=limited("standard"), response_model=None)
    async def revoke_oauth_token(provider: str, org_id: int, caller: CallerDep) -> dict[str, Any]:
        return caller.simulator.revoke_oauth_token(caller.account, org_id, provider)

    @app.post(
        "/v1/organizations/{org_id}/sandbox/{sandbox_id}/analyze-logs",
        dependencies=limited("analyze_logs"),
        responses=_429
        | _403
        | {
            404: {"description": "Sandbox not found"},
            400: {"description": "No logs available for analysis"},
        },
    )
    async def analyze_sandbox_logs(
        sandbox_id: int, org_id: int, caller: CallerDep
    ) -> AnalyzeLogsResult:
        return caller.simulator.analyze_sandbox_logs(caller.account, org_id, sandbox_id)

    @app.get(
        "/v1/organizations/{org_id}/cli/rules",
        dependencies=limited("cli_rules"),
        responses=_429 | _403,
    )
    async def get_cli_rules(org_id: int, caller: CallerDep) -> CLIRules:
        return caller.simulator.cli_rules(caller.account, org_id)

    @app.post("/v1/slack-connect/generate-token", dependencies=limited("standard"))
    async def generate_slack_connect_token(
        body: GenerateTokenRequest, caller: CallerDep
    ) -> SlackConnectToken:
        return caller.simulator.slack_connect_token(caller.account, body.org_id)

    async def get_agent_run_logs(
        agent_run_id: int,
        org_id: int,
        query: Annotated[AgentRunLogsParams, Query()],
        caller: CallerDep,
    ) -> AgentRunWithLogs:
        return caller.simulator.run_logs(
            caller.account, org_id, agent_run_id, query, caller.base_url
        )

    logs_paths = [ALPHA_LOGS_PATH, LOGS_ALIAS_PATH] if alpha_logs else [LOGS_ALIAS_PATH]
    for path in logs_paths:
        app.add_api_route(
            path,
            get_agent_run_logs,
            methods=["GET"],
            dependencies=limited("logs"),
            responses=_429 | _403 | _404_RUN,
        )
