"""Every public operation of the clients, written once as a flow (see ``_effects``).

``CodegenClient`` and ``AsyncCodegenClient`` expose each flow under the name without the leading
underscore, run by their own I/O loop; the docstrings here are theirs. ``org_id`` comes first where
the seed API put it and may be omitted (or ``None``) whenever the configuration has one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from codegen_models import (
    MAX_PAGE_SIZE,
    AgentRun,
    AgentRunLog,
    AgentRunLogsParams,
    AgentRunWithLogs,
    AgentType,
    AnalyzeLogsResult,
    CheckSuiteSettings,
    CheckSuiteSettingsRequest,
    CLIRules,
    CreateAgentRunInput,
    EditPRInput,
    EditPRResult,
    GenerateSetupCommandsInput,
    GenerateTokenRequest,
    ListAgentRunsParams,
    OAuthProvider,
    Organization,
    OrganizationIntegrations,
    Page,
    PageParams,
    PRState,
    Repository,
    ResumeAgentRunInput,
    SetupCommandsResult,
    SlackConnectToken,
    SourceType,
    StopAgentRunInput,
    User,
)

from . import _operations as ops
from ._base import BaseClient, HttpT
from ._effects import Emit, Flow, ItemFlow
from ._exceptions import NotFoundError
from ._images import ImageInput, to_data_uris
from ._logging import logger
from ._paging import paginate
from ._responses import is_route_missing
from ._watch import follow_flow, wait_flow

T = TypeVar("T")

LOG_PAGE_CONCURRENCY = 16
"""Log pages the async client requests at once when the total is known."""


def _required(value: T | None, name: str, operation: str) -> T:
    if value is None:
        raise TypeError(f"{operation}() missing required argument: {name!r}")
    return value


def _ident(value: int | None, name: str, operation: str) -> int:
    value = _required(value, name, operation)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{operation}(): {name} must be an integer, got {value!r}")
    return value


def _page_params(skip: int, limit: int) -> dict[str, Any]:
    return PageParams(skip=skip, limit=limit).model_dump()


class ClientFlows(BaseClient[HttpT]):
    """The operations, as flows; the clients turn each into a method."""

    # -- users and organizations ------------------------------------------------------------

    def _get_current_user(self) -> Flow[User]:
        """The user the token belongs to."""
        user: User = yield from self._call(ops.GET_CURRENT_USER, ops.GET_CURRENT_USER.path)
        return user

    def _list_users(
        self, org_id: int | None = None, *, skip: int = 0, limit: int = MAX_PAGE_SIZE
    ) -> Flow[Page[User]]:
        """One page of the organization's users."""
        path = ops.LIST_USERS.path.format(org_id=self._config.resolve_org_id(org_id))
        page: Page[User] = yield from self._call(
            ops.LIST_USERS, path, params=_page_params(skip, limit)
        )
        return page

    def _iter_users(
        self, org_id: int | None = None, *, page_size: int = MAX_PAGE_SIZE
    ) -> ItemFlow[User]:
        """Every user of the organization, fetching pages as needed."""
        org = self._config.resolve_org_id(org_id)

        def fetch(skip: int, limit: int) -> Flow[tuple[Sequence[User], int]]:
            page = yield from self._list_users(org, skip=skip, limit=limit)
            return page.items, page.total

        yield from paginate(fetch, page_size=page_size, key=lambda user: user.id)

    def _get_user(self, org_id: int | None = None, user_id: int | None = None) -> Flow[User]:
        """One user of the organization."""
        path = ops.GET_USER.path.format(
            org_id=self._config.resolve_org_id(org_id),
            user_id=_ident(user_id, "user_id", "get_user"),
        )
        user: User = yield from self._call(ops.GET_USER, path)
        return user

    def _list_organizations(
        self, *, skip: int = 0, limit: int = MAX_PAGE_SIZE
    ) -> Flow[Page[Organization]]:
        """One page of the organizations the token's user belongs to."""
        page: Page[Organization] = yield from self._call(
            ops.LIST_ORGANIZATIONS, ops.LIST_ORGANIZATIONS.path, params=_page_params(skip, limit)
        )
        return page

    def _iter_organizations(self, *, page_size: int = MAX_PAGE_SIZE) -> ItemFlow[Organization]:
        """Every organization the token's user belongs to."""

        def fetch(skip: int, limit: int) -> Flow[tuple[Sequence[Organization], int]]:
            page = yield from self._list_organizations(skip=skip, limit=limit)
            return page.items, page.total

        yield from paginate(fetch, page_size=page_size, key=lambda org: org.id)

    # -- agent runs ---------------------------------------------------------------------------

    def _create_agent_run(
        self,
        prompt: str,
        *,
        org_id: int | None = None,
        repo_id: int | None = None,
        model: str | None = None,
        agent_type: AgentType | str | None = None,
        metadata: Mapping[str, Any] | None = None,
        images: Iterable[ImageInput] | None = None,
        idempotency_key: str | None = None,
    ) -> Flow[AgentRun]:
        """Start an agent run with ``prompt``; returns at once with the new run (``PENDING``).

        ``images`` are paths, bytes or data URIs, sent as data URIs; a missing file, an unsupported
        type or an oversize image raises :class:`ImageError` before anything is sent.
        ``idempotency_key`` defaults to a fresh one, kept across this call's retries.
        """
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValueError("prompt must be a non-empty string")
        org = self._config.resolve_org_id(org_id)
        body = CreateAgentRunInput(
            prompt=prompt,
            images=to_data_uris(images),
            metadata=dict(metadata) if metadata is not None else None,
            repo_id=repo_id,
            model=model,
            agent_type=AgentType(agent_type) if agent_type is not None else None,
        )
        run: AgentRun = yield from self._call(
            ops.CREATE_AGENT_RUN,
            ops.CREATE_AGENT_RUN.path.format(org_id=org),
            json=body.model_dump(mode="json", exclude_none=True),
            idempotency_key=idempotency_key,
        )
        return run

    def _get_agent_run(
        self, org_id: int | None = None, agent_run_id: int | None = None
    ) -> Flow[AgentRun]:
        """The current state of a run: status, result, summary, pull requests."""
        path = ops.GET_AGENT_RUN.path.format(
            org_id=self._config.resolve_org_id(org_id),
            agent_run_id=_ident(agent_run_id, "agent_run_id", "get_agent_run"),
        )
        run: AgentRun = yield from self._call(ops.GET_AGENT_RUN, path)
        return run

    def _list_agent_runs(
        self,
        org_id: int | None = None,
        *,
        user_id: int | None = None,
        source_type: SourceType | str | None = None,
        skip: int = 0,
        limit: int = MAX_PAGE_SIZE,
    ) -> Flow[Page[AgentRun]]:
        """One page of the organization's runs, newest first."""
        params = ListAgentRunsParams.model_validate(
            {"user_id": user_id, "source_type": source_type, "skip": skip, "limit": limit}
        )
        path = ops.LIST_AGENT_RUNS.path.format(org_id=self._config.resolve_org_id(org_id))
        page: Page[AgentRun] = yield from self._call(
            ops.LIST_AGENT_RUNS, path, params=params.model_dump(mode="json")
        )
        return page

    def _iter_agent_runs(
        self,
        org_id: int | None = None,
        *,
        user_id: int | None = None,
        source_type: SourceType | str | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> ItemFlow[AgentRun]:
        """Every run of the organization, newest first, each once even if new runs arrive."""
        org = self._config.resolve_org_id(org_id)

        def fetch(skip: int, limit: int) -> Flow[tuple[Sequence[AgentRun], int]]:
            page = yield from self._list_agent_runs(
                org, user_id=user_id, source_type=source_type, skip=skip, limit=limit
            )
            return page.items, page.total

        yield from paginate(fetch, page_size=page_size, key=lambda run: run.id)

    def _resume_agent_run(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        prompt: str | None = None,
        *,
        images: Iterable[ImageInput] | None = None,
        idempotency_key: str | None = None,
    ) -> Flow[AgentRun]:
        """Continue a run with a follow-up ``prompt`` (a paused run, or a finished one)."""
        prompt = _required(prompt, "prompt", "resume_agent_run")
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValueError("prompt must be a non-empty string")
        body = ResumeAgentRunInput(
            agent_run_id=_ident(agent_run_id, "agent_run_id", "resume_agent_run"),
            prompt=prompt,
            images=to_data_uris(images),
        )
        path = ops.RESUME_AGENT_RUN.path.format(org_id=self._config.resolve_org_id(org_id))
        run: AgentRun = yield from self._call(
            ops.RESUME_AGENT_RUN,
            path,
            json=body.model_dump(mode="json", exclude_none=True),
            idempotency_key=idempotency_key,
        )
        return run

    def _stop_action(
        self,
        op: ops.Operation,
        org_id: int | None,
        agent_run_id: int | None,
        before_card_order_id: str | None,
        after_card_order_id: str | None,
    ) -> Flow[Any]:
        body = StopAgentRunInput(
            agent_run_id=_ident(agent_run_id, "agent_run_id", op.name),
            before_card_order_id=before_card_order_id,
            after_card_order_id=after_card_order_id,
        )
        path = op.path.format(org_id=self._config.resolve_org_id(org_id))
        result = yield from self._call(op, path, json=body.model_dump(exclude_none=True))
        return result

    def _ban_all_checks(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        before_card_order_id: str | None = None,
        after_card_order_id: str | None = None,
    ) -> Flow[Any]:
        """Stop the run's agents and ignore CI check events on its pull request from now on."""
        return (
            yield from self._stop_action(
                ops.BAN_ALL_CHECKS, org_id, agent_run_id, before_card_order_id, after_card_order_id
            )
        )

    def _unban_all_checks(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        before_card_order_id: str | None = None,
        after_card_order_id: str | None = None,
    ) -> Flow[Any]:
        """Process CI check events on the run's pull request again."""
        return (
            yield from self._stop_action(
                ops.UNBAN_ALL_CHECKS,
                org_id,
                agent_run_id,
                before_card_order_id,
                after_card_order_id,
            )
        )

    def _remove_codegen_from_pr(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        before_card_order_id: str | None = None,
        after_card_order_id: str | None = None,
    ) -> Flow[Any]:
        """Take Codegen off the run's pull request (stops its agents, like a ban)."""
        return (
            yield from self._stop_action(
                ops.REMOVE_CODEGEN_FROM_PR,
                org_id,
                agent_run_id,
                before_card_order_id,
                after_card_order_id,
            )
        )

    # -- logs -----------------------------------------------------------------------------------

    def _get_agent_run_logs(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        skip: int = 0,
        limit: int = MAX_PAGE_SIZE,
        reverse: bool = False,
    ) -> Flow[AgentRunWithLogs]:
        """One page of a run's logs (chronological, or newest first with ``reverse``) with the run.

        Uses the spec's ``/v1/alpha/...`` route; a server that answers it with a route-missing 404
        is asked at the documented ``/v1/organizations/...`` route instead, from then on.
        """
        params = AgentRunLogsParams(skip=skip, limit=limit, reverse=reverse).model_dump()
        ids = {
            "org_id": self._config.resolve_org_id(org_id),
            "agent_run_id": _ident(agent_run_id, "agent_run_id", "get_agent_run_logs"),
        }
        op = ops.GET_AGENT_RUN_LOGS
        while True:
            template = self._shared.logs_path or op.path
            try:
                logs: AgentRunWithLogs = yield from self._call(
                    op, template.format(**ids), params=params
                )
            except NotFoundError as error:
                if template == op.path and is_route_missing(error):
                    logger.info(
                        "logs: %s is not served here; using %s", op.path, ops.DOCUMENTED_LOGS_PATH
                    )
                    self._shared.logs_path = ops.DOCUMENTED_LOGS_PATH
                    continue
                raise
            return logs

    def _iter_agent_run_logs(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        reverse: bool = False,
        start: int = 0,
        page_size: int = MAX_PAGE_SIZE,
    ) -> ItemFlow[AgentRunLog]:
        """Every log entry of a run from index ``start`` on (chronological, or newest first).

        Chronological pages are requested several at a time by the async client once the total is
        known. Newest first, entries written while paging would push older ones to later pages, so
        pages are read one by one and each entry is still emitted once.
        """
        org = self._config.resolve_org_id(org_id)
        run_id = _ident(agent_run_id, "agent_run_id", "iter_agent_run_logs")
        if reverse:
            yield from self._iter_logs_newest_first(org, run_id, start=start, page_size=page_size)
            return

        def fetch(skip: int, limit: int) -> Flow[tuple[Sequence[AgentRunLog], int | None]]:
            page = yield from self._get_agent_run_logs(org, run_id, skip=skip, limit=limit)
            return page.logs, page.total_logs

        yield from paginate(
            fetch, page_size=page_size, start=start, concurrency=LOG_PAGE_CONCURRENCY
        )

    def _iter_logs_newest_first(
        self, org_id: int, agent_run_id: int, *, start: int, page_size: int
    ) -> ItemFlow[AgentRunLog]:
        # The entry at reverse offset s of a list of n entries has chronological index n - 1 - s;
        # tracking the oldest index emitted makes the next offset right however much n has grown.
        skip = start
        oldest: int | None = None
        while True:
            page = yield from self._get_agent_run_logs(
                org_id, agent_run_id, skip=skip, limit=page_size, reverse=True
            )
            total = page.total_logs
            for offset, entry in enumerate(page.logs, start=skip):
                index = None if total is None else total - 1 - offset
                if index is not None and oldest is not None and index >= oldest:
                    continue
                oldest = index
                yield Emit(entry)
            if len(page.logs) < page_size:
                return
            skip = skip + len(page.logs) if total is None or oldest is None else total - oldest

    def _follow_agent_run_logs(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        start: int = 0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 5.0,
    ) -> ItemFlow[AgentRunLog]:
        """Every log entry from index ``start`` on, exactly once, as the run writes them.

        Ends when the run has ended or paused for input, after a final read that drains what was
        written as it ended. Transient failures are waited out. To resume after an interruption,
        pass the number of entries already seen as ``start``.
        """
        org = self._config.resolve_org_id(org_id)
        run_id = _ident(agent_run_id, "agent_run_id", "follow_agent_run_logs")
        if start < 0:
            raise ValueError("start must be 0 or more")

        def get_page(cursor: int) -> Flow[AgentRunWithLogs]:
            return self._get_agent_run_logs(org, run_id, skip=cursor, limit=MAX_PAGE_SIZE)

        yield from follow_flow(
            get_page, start=start, poll_interval=poll_interval, max_poll_interval=max_poll_interval
        )

    def _wait_for_completion(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        timeout: float | None = 300.0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 10.0,
        on_update: Callable[[AgentRun], Any] | None = None,
        raise_on_failure: bool = False,
    ) -> Flow[AgentRun]:
        """Poll a run until it ends, or pauses for input; return it, failed ones too.

        The interval grows while the status stays the same (up to ``max_poll_interval``) and resets
        when it changes; ``on_update(run)`` is called with the first state and each change (the
        async client awaits it if it returns an awaitable). Transient failures are waited out.
        ``timeout`` (seconds, ``None`` for no limit) raises :class:`WaitTimeoutError` carrying the
        last run seen; ``raise_on_failure=True`` raises :class:`RunFailedError` for a run that ended
        unsuccessfully.
        """
        org = self._config.resolve_org_id(org_id)
        run_id = _ident(agent_run_id, "agent_run_id", "wait_for_completion")
        if poll_interval <= 0 or max_poll_interval < poll_interval:
            raise ValueError("need 0 < poll_interval <= max_poll_interval")
        return (
            yield from wait_flow(
                lambda: self._get_agent_run(org, run_id),
                agent_run_id=run_id,
                clock=self._clock,
                timeout=timeout,
                poll_interval=poll_interval,
                max_poll_interval=max_poll_interval,
                on_update=on_update,
                raise_on_failure=raise_on_failure,
            )
        )

    # -- repositories and pull requests ---------------------------------------------------------

    def _list_repositories(
        self, org_id: int | None = None, *, skip: int = 0, limit: int = MAX_PAGE_SIZE
    ) -> Flow[Page[Repository]]:
        """One page of the organization's repositories."""
        path = ops.LIST_REPOSITORIES.path.format(org_id=self._config.resolve_org_id(org_id))
        page: Page[Repository] = yield from self._call(
            ops.LIST_REPOSITORIES, path, params=_page_params(skip, limit)
        )
        return page

    def _iter_repositories(
        self, org_id: int | None = None, *, page_size: int = MAX_PAGE_SIZE
    ) -> ItemFlow[Repository]:
        """Every repository of the organization."""
        org = self._config.resolve_org_id(org_id)

        def fetch(skip: int, limit: int) -> Flow[tuple[Sequence[Repository], int]]:
            page = yield from self._list_repositories(org, skip=skip, limit=limit)
            return page.items, page.total

        yield from paginate(fetch, page_size=page_size, key=lambda repo: repo.id)

    def _get_check_suite_settings(
        self, org_id: int | None = None, repo_id: int | None = None
    ) -> Flow[CheckSuiteSettings]:
        """A repository's settings for fixing failed CI checks."""
        op = ops.GET_CHECK_SUITE_SETTINGS
        path = op.path.format(org_id=self._config.resolve_org_id(org_id))
        params = {"repo_id": _ident(repo_id, "repo_id", op.name)}
        settings: CheckSuiteSettings = yield from self._call(op, path, params=params)
        return settings

    def _update_check_suite_settings(
        self,
        org_id: int | None = None,
        repo_id: int | None = None,
        settings: CheckSuiteSettingsRequest | Mapping[str, Any] | None = None,
    ) -> Flow[Any]:
        """Change a repository's check-suite settings; only the fields given are changed."""
        op = ops.UPDATE_CHECK_SUITE_SETTINGS
        body = CheckSuiteSettingsRequest.model_validate(_required(settings, "settings", op.name))
        path = op.path.format(org_id=self._config.resolve_org_id(org_id))
        params = {"repo_id": _ident(repo_id, "repo_id", op.name)}
        result = yield from self._call(
            op, path, params=params, json=body.model_dump(mode="json", exclude_none=True)
        )
        return result

    def _edit_pull_request(
        self,
        org_id: int | None = None,
        pr_id: int | None = None,
        state: PRState | str | None = None,
        *,
        repo_id: int | None = None,
    ) -> Flow[EditPRResult]:
        """Move a pull request to ``state`` (open, closed, draft, ready_for_review).

        With ``repo_id`` the repository-scoped route of the spec is used.
        """
        body = EditPRInput(state=PRState(_required(state, "state", "edit_pull_request")))
        ids = {
            "org_id": self._config.resolve_org_id(org_id),
            "pr_id": _ident(pr_id, "pr_id", "edit_pull_request"),
        }
        op = ops.EDIT_PULL_REQUEST if repo_id is None else ops.EDIT_REPO_PULL_REQUEST
        path = op.path.format(**ids, repo_id=repo_id)
        result: EditPRResult = yield from self._call(op, path, json=body.model_dump(mode="json"))
        return result

    # -- organization settings and integrations -------------------------------------------------

    def _get_integrations(self, org_id: int | None = None) -> Flow[OrganizationIntegrations]:
        """The organization's integrations (GitHub, Slack, Linear, ...) and which are active."""
        path = ops.GET_INTEGRATIONS.path.format(org_id=self._config.resolve_org_id(org_id))
        result: OrganizationIntegrations = yield from self._call(ops.GET_INTEGRATIONS, path)
        return result

    def _generate_setup_commands(
        self,
        org_id: int | None = None,
        repo_id: int | None = None,
        *,
        prompt: str | None = None,
        trigger_source: str = "setup-commands",
        idempotency_key: str | None = None,
    ) -> Flow[SetupCommandsResult]:
        """Start an agent run that works out a repository's setup commands."""
        op = ops.GENERATE_SETUP_COMMANDS
        body = GenerateSetupCommandsInput(
            repo_id=_ident(repo_id, "repo_id", op.name),
            prompt=prompt,
            trigger_source=trigger_source,
        )
        path = op.path.format(org_id=self._config.resolve_org_id(org_id))
        result: SetupCommandsResult = yield from self._call(
            op, path, json=body.model_dump(exclude_none=True), idempotency_key=idempotency_key
        )
        return result

    def _analyze_sandbox_logs(
        self,
        org_id: int | None = None,
        sandbox_id: int | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> Flow[AnalyzeLogsResult]:
        """Start an agent run that analyses a sandbox's setup logs."""
        op = ops.ANALYZE_SANDBOX_LOGS
        path = op.path.format(
            org_id=self._config.resolve_org_id(org_id),
            sandbox_id=_ident(sandbox_id, "sandbox_id", op.name),
        )
        result: AnalyzeLogsResult = yield from self._call(op, path, idempotency_key=idempotency_key)
        return result

    def _get_cli_rules(self, org_id: int | None = None) -> Flow[CLIRules]:
        """The organization's rules and the user's custom prompt."""
        path = ops.GET_CLI_RULES.path.format(org_id=self._config.resolve_org_id(org_id))
        rules: CLIRules = yield from self._call(ops.GET_CLI_RULES, path)
        return rules

    def _get_mcp_providers(self) -> Flow[list[OAuthProvider]]:
        """OAuth providers that can back an MCP server."""
        providers: list[OAuthProvider] = yield from self._call(
            ops.GET_MCP_PROVIDERS, ops.GET_MCP_PROVIDERS.path
        )
        return providers

    def _get_oauth_token_status(self, org_id: int | None = None) -> Flow[Any]:
        """The OAuth providers the user has connected in the organization."""
        params = {"org_id": self._config.resolve_org_id(org_id)}
        result = yield from self._call(
            ops.GET_OAUTH_TOKEN_STATUS, ops.GET_OAUTH_TOKEN_STATUS.path, params=params
        )
        return result

    def _revoke_oauth_token(
        self, org_id: int | None = None, provider: str | None = None
    ) -> Flow[Any]:
        """Revoke every token the user holds for ``provider`` in the organization."""
        params = {
            "provider": _required(provider, "provider", "revoke_oauth_token"),
            "org_id": self._config.resolve_org_id(org_id),
        }
        result = yield from self._call(
            ops.REVOKE_OAUTH_TOKEN, ops.REVOKE_OAUTH_TOKEN.path, params=params
        )
        return result

    def _generate_slack_connect_token(self, org_id: int | None = None) -> Flow[SlackConnectToken]:
        """A one-time token (valid 10 minutes) that connects the user's Slack account."""
        body = GenerateTokenRequest(org_id=self._config.resolve_org_id(org_id))
        token: SlackConnectToken = yield from self._call(
            ops.GENERATE_SLACK_CONNECT_TOKEN,
            ops.GENERATE_SLACK_CONNECT_TOKEN.path,
            json=body.model_dump(),
        )
        return token
