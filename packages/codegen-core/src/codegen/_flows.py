"""Every public operation of the clients, written once as a flow (see ``_effects``).

``CodegenClient`` and ``AsyncCodegenClient`` expose each flow under the name without the leading
underscore, run by their own I/O loop; the docstrings here are theirs. ``org_id`` comes first where
the seed API put it and may be omitted (or ``None``) whenever the configuration has one.

An operation is its docstring and one line: :meth:`BaseClient._call` resolves the ids and fills the
path from the operation table (``codegen_models.api``), :meth:`ClientFlows._every` pages any list.
"""

from __future__ import annotations

import json as jsonlib
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast, get_args

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
    api,
)
from codegen_models.api import Operation

from ._arguments import (
    choice,
    count,
    encode_body,
    encode_params,
    mapping,
    number,
    shown,
    text,
    validated,
)
from ._arguments import page_size as checked_page_size
from ._base import BaseClient, HttpT, require_id
from ._effects import Emit, Flow, ItemFlow, RetryNotice
from ._exactly_once import find_created_run, find_follow_up
from ._exceptions import ArgumentTypeError, InvalidArgumentError, NotFoundError
from ._images import ImageInput, to_data_uris
from ._logging import logger
from ._paging import MAX_PAGES, NOTHING_NEW, paginate, paging_stopped
from ._responses import RawResponse, is_route_missing
from ._watch import UNKNOWN_STATUS_TIMEOUT, follow_flow, wait_flow

if TYPE_CHECKING:
    from ._batch import BatchItem, BatchProgress, BatchResult

T = TypeVar("T")

LOG_PAGE_CONCURRENCY = 16
"""Log pages the async client requests at once when the total is known."""

DOCUMENTED_LOGS = Operation(
    "get_agent_run_logs",
    "GET",
    api.DOCUMENTED_LOGS_PATH,
    AgentRunWithLogs,
    api.RateClass.LOGS,
)
"""The logs route of the docs' guide, asked once a server answers the spec's ``/alpha`` route
with a route-missing 404."""


def _spec_operation(method: str, path: str) -> Operation[Any] | None:
    """The spec's operation at ``method`` ``path`` (a concrete path), if there is one."""
    return next(
        (
            op
            for op in (*api.OPERATIONS, DOCUMENTED_LOGS)
            if op.method == method.upper() and _TEMPLATES[op.path].fullmatch(path)
        ),
        None,
    )


def _operation_for(method: str, path: str) -> Operation[RawResponse]:
    """An operation for any request: the rate class and starts-work mark of the spec operation the
    method and path match; an unknown POST counts as one that starts work (retried only when the
    server provably did not act on it)."""
    spec = _spec_operation(method, path)
    method = method.upper()
    rate_class = spec.rate_class if spec else api.RateClass.STANDARD
    starts_work = spec.starts_work if spec else method == "POST"
    return Operation(
        "request", cast(api.Method, method), path, RawResponse, rate_class, starts_work
    )


_TEMPLATES = {
    op.path: re.compile(re.sub(r"\\{\w+\\}", "[^/]+", re.escape(op.path)))
    for op in (*api.OPERATIONS, DOCUMENTED_LOGS)
}


_body = validated
"""A request body validated by its model, as JSON without the fields left out."""

_METHODS: tuple[str, ...] = get_args(api.Method)


def _pages(skip: int, limit: int) -> dict[str, Any]:
    return validated(PageParams, skip=skip, limit=limit)


def _prompt(prompt: str | None, operation: str) -> str:
    if prompt is None:
        raise ArgumentTypeError(
            f"{operation}() missing required argument: 'prompt'", argument="prompt"
        )
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidArgumentError("prompt must be a non-empty string", argument="prompt")
    return prompt


def _poll_intervals(poll_interval: Any, max_poll_interval: Any) -> tuple[float, float]:
    first = number(poll_interval, "poll_interval")
    longest = number(max_poll_interval, "max_poll_interval")
    if longest < first:
        raise InvalidArgumentError(
            f"max_poll_interval ({longest:g}) must not be less than poll_interval ({first:g})",
            argument="max_poll_interval",
        )
    return first, longest


class ClientFlows(BaseClient[HttpT]):
    """The operations, as flows; the clients turn each into a method."""

    def _every(
        self, list_page: Callable[[int, int], Flow[Page[T]]], what: str, page_size: int
    ) -> ItemFlow[T]:
        """Every item of a paged list, each once (by id), through ``list_page(skip, limit)``."""

        def fetch(skip: int, limit: int) -> Flow[tuple[list[T], int]]:
            page = yield from list_page(skip, limit)
            return page.items, page.total

        return paginate(
            fetch,
            what=what,
            page_size=checked_page_size(page_size),
            key=lambda item: item.id,  # type: ignore[attr-defined]
        )

    # -- users and organizations ------------------------------------------------------------

    def _get_current_user(self) -> Flow[User]:
        """The user the token belongs to."""
        return self._call(api.GET_CURRENT_USER)

    def _list_users(
        self, org_id: int | None = None, *, skip: int = 0, limit: int = MAX_PAGE_SIZE
    ) -> Flow[Page[User]]:
        """One page of the organization's users."""
        return self._call(api.LIST_USERS, params=_pages(skip, limit), org_id=org_id)

    def _iter_users(
        self, org_id: int | None = None, *, page_size: int = MAX_PAGE_SIZE
    ) -> ItemFlow[User]:
        """Every user of the organization, fetching pages as needed."""
        return self._every(
            lambda s, n: self._list_users(org_id, skip=s, limit=n), "users", page_size
        )

    def _get_user(self, org_id: int | None = None, user_id: int | None = None) -> Flow[User]:
        """One user of the organization."""
        return self._call(api.GET_USER, org_id=org_id, user_id=user_id)

    def _list_organizations(
        self, *, skip: int = 0, limit: int = MAX_PAGE_SIZE
    ) -> Flow[Page[Organization]]:
        """One page of the organizations the token's user belongs to."""
        return self._call(api.LIST_ORGANIZATIONS, params=_pages(skip, limit))

    def _iter_organizations(self, *, page_size: int = MAX_PAGE_SIZE) -> ItemFlow[Organization]:
        """Every organization the token's user belongs to."""
        return self._every(
            lambda s, n: self._list_organizations(skip=s, limit=n), "organizations", page_size
        )

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

        Exactly once: the run's ``metadata`` carries a client request id (``idempotency_key``, a
        fresh one by default) under ``codegen_client_request_id``, the user's own keys kept. When
        the answer to the create is lost (a reset or timeout after sending, a 5xx), the newest runs
        of the organization are searched for that id before the create is sent again, so a run
        that was started is returned rather than started twice; :class:`UnconfirmedRunError` says
        when the search failed too.
        """
        request_id = idempotency_key or uuid.uuid4().hex
        body = _body(
            CreateAgentRunInput,
            prompt=_prompt(prompt, "create_agent_run"),
            images=to_data_uris(images),
            metadata={**mapping(metadata, "metadata"), api.CLIENT_REQUEST_ID_KEY: request_id},
            repo_id=repo_id,
            model=model,
            agent_type=choice(AgentType, agent_type, "agent_type"),
        )
        sent_at = time.time()
        return self._call(
            api.CREATE_AGENT_RUN,
            json=body,
            idempotency_key=request_id,
            recover=lambda: find_created_run(self, org_id, request_id, sent_at),
            org_id=org_id,
        )

    def _get_agent_run(
        self, org_id: int | None = None, agent_run_id: int | None = None
    ) -> Flow[AgentRun]:
        """The current state of a run: status, result, summary, pull requests."""
        return self._call(api.GET_AGENT_RUN, org_id=org_id, agent_run_id=agent_run_id)

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
        params = validated(
            ListAgentRunsParams,
            user_id=user_id,
            source_type=choice(SourceType, source_type, "source_type"),
            skip=skip,
            limit=limit,
        )
        return self._call(api.LIST_AGENT_RUNS, params=params, org_id=org_id)

    def _iter_agent_runs(
        self,
        org_id: int | None = None,
        *,
        user_id: int | None = None,
        source_type: SourceType | str | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> ItemFlow[AgentRun]:
        """Every run of the organization, newest first, each once even if new runs arrive."""
        return self._every(
            lambda s, n: self._list_agent_runs(
                org_id, user_id=user_id, source_type=source_type, skip=s, limit=n
            ),
            "agent runs",
            page_size,
        )

    def _resume_agent_run(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        prompt: str | None = None,
        *,
        images: Iterable[ImageInput] | None = None,
        idempotency_key: str | None = None,
    ) -> Flow[AgentRun]:
        """Continue a run with a follow-up ``prompt`` (a paused run, or a finished one).

        At most once, as far as the API lets a client tell: when the answer is lost, the run's
        newest log entries are read, and a user message with this prompt written since it was sent
        means it arrived — the run is returned instead of sending it again. (The API stores no
        client id with a follow-up; a server that logs the message only later can receive it twice.)
        """
        run_id = require_id(agent_run_id, "agent_run_id", "resume_agent_run")
        text = _prompt(prompt, "resume_agent_run")
        body = _body(
            ResumeAgentRunInput, agent_run_id=run_id, prompt=text, images=to_data_uris(images)
        )
        sent_at = time.time()
        return self._call(
            api.RESUME_AGENT_RUN,
            json=body,
            idempotency_key=idempotency_key,
            recover=lambda: find_follow_up(self, org_id, run_id, text, sent_at),
            org_id=org_id,
        )

    def _run_action(
        self,
        op: Operation[Any],
        org_id: int | None,
        agent_run_id: int | None,
        before_card_order_id: str | None,
        after_card_order_id: str | None,
    ) -> Flow[Any]:
        body = _body(
            StopAgentRunInput,
            agent_run_id=require_id(agent_run_id, "agent_run_id", op.name),
            before_card_order_id=before_card_order_id,
            after_card_order_id=after_card_order_id,
        )
        return self._call(op, json=body, org_id=org_id)

    def _ban_all_checks(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        before_card_order_id: str | None = None,
        after_card_order_id: str | None = None,
    ) -> Flow[Any]:
        """Stop the run's agents and ignore CI check events on its pull request from now on."""
        return self._run_action(
            api.BAN_ALL_CHECKS, org_id, agent_run_id, before_card_order_id, after_card_order_id
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
        return self._run_action(
            api.UNBAN_ALL_CHECKS, org_id, agent_run_id, before_card_order_id, after_card_order_id
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
        return self._run_action(
            api.REMOVE_CODEGEN_FROM_PR,
            org_id,
            agent_run_id,
            before_card_order_id,
            after_card_order_id,
        )

    # -- logs -----------------------------------------------------------------------------------

    def _logs_page(
        self,
        org_id: int | None,
        agent_run_id: int | None,
        params: dict[str, Any],
        on_retry: Callable[[RetryNotice], Any] | None = None,
    ) -> Flow[AgentRunWithLogs]:
        """One page of logs from the spec's ``/alpha`` route, or from the documented one once a
        server has answered the ``/alpha`` route with a route-missing 404 (remembered)."""
        while True:
            op = self._shared.logs_operation or api.GET_AGENT_RUN_LOGS
            try:
                page: AgentRunWithLogs = yield from self._call(
                    op, params=params, on_retry=on_retry, org_id=org_id, agent_run_id=agent_run_id
                )
            except NotFoundError as error:
                if op is not api.GET_AGENT_RUN_LOGS or not is_route_missing(error):
                    raise
                logger.info("logs: %s is not served here; using %s", op.path, DOCUMENTED_LOGS.path)
                self._shared.logs_operation = DOCUMENTED_LOGS
                continue
            return page

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
        params = validated(AgentRunLogsParams, skip=skip, limit=limit, reverse=reverse)
        return self._logs_page(org_id, agent_run_id, params)

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
        run_id = require_id(agent_run_id, "agent_run_id", "iter_agent_run_logs")
        page_size, start = checked_page_size(page_size), count(start, "start")
        if reverse:
            return self._iter_logs_newest_first(org, run_id, start=start, page_size=page_size)

        def fetch(skip: int, limit: int) -> Flow[tuple[list[AgentRunLog], int | None]]:
            page = yield from self._get_agent_run_logs(org, run_id, skip=skip, limit=limit)
            return page.logs, page.total_logs

        return paginate(
            fetch,
            what=f"logs of run {run_id}",
            page_size=page_size,
            start=start,
            concurrency=LOG_PAGE_CONCURRENCY,
        )

    def _iter_logs_newest_first(
        self, org_id: int, agent_run_id: int, *, start: int, page_size: int
    ) -> ItemFlow[AgentRunLog]:
        # The entry at reverse offset s of a list of n entries has chronological index n - 1 - s;
        # tracking the oldest index emitted makes the next offset right however much n has grown.
        skip = start
        oldest: int | None = None
        previous: list[AgentRunLog] | None = None
        what = f"logs of run {agent_run_id}, newest first"
        for pages in range(1, MAX_PAGES + 1):
            page = yield from self._get_agent_run_logs(
                org_id, agent_run_id, skip=skip, limit=page_size, reverse=True
            )
            if page.logs and page.logs == previous:
                paging_stopped(what, pages, NOTHING_NEW)
                return
            previous, total, emitted = page.logs, page.total_logs, 0
            for offset, entry in enumerate(page.logs, start=skip):
                index = None if total is None else total - 1 - offset
                if index is not None and oldest is not None and index >= oldest:
                    continue
                oldest = index
                emitted += 1
                yield Emit(entry)
            if len(page.logs) < page_size:
                return
            if not emitted:
                paging_stopped(what, pages, NOTHING_NEW)
                return
            skip = skip + len(page.logs) if total is None or oldest is None else total - oldest
        paging_stopped(what, MAX_PAGES, f"reached the limit of {MAX_PAGES:,} pages")

    def _follow_agent_run_logs(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        start: int = 0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 5.0,
        on_update: Callable[[AgentRunWithLogs], Any] | None = None,
        on_retry: Callable[[RetryNotice], Any] | None = None,
    ) -> ItemFlow[AgentRunLog]:
        """Every log entry from index ``start`` on, exactly once, as the run writes them.

        Ends when the run has ended or paused for input, after a final read that drains what was
        written as it ended. Transient failures are waited out: ``on_retry(notice)`` hears of each
        wait before it starts. ``on_update(page)`` sees the run (the status fields of the first log
        page) and every change of its status. To resume after an interruption, pass the number of
        entries already seen as ``start``.
        """
        run_id = require_id(agent_run_id, "agent_run_id", "follow_agent_run_logs")
        start = count(start, "start")
        poll_interval, max_poll_interval = _poll_intervals(poll_interval, max_poll_interval)

        def get_page(cursor: int) -> Flow[AgentRunWithLogs]:
            params = AgentRunLogsParams(skip=cursor, limit=MAX_PAGE_SIZE).model_dump()
            return self._logs_page(org_id, run_id, params, on_retry)

        return follow_flow(
            get_page,
            what=f"logs of run {run_id}",
            start=start,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            on_update=on_update,
            on_retry=on_retry,
        )

    def _wait_for_completion(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        timeout: float | None = 300.0,
        unknown_status_timeout: float | None = UNKNOWN_STATUS_TIMEOUT,
        poll_interval: float = 1.0,
        max_poll_interval: float = 10.0,
        on_update: Callable[[AgentRun], Any] | None = None,
        on_retry: Callable[[RetryNotice], Any] | None = None,
        raise_on_failure: bool = False,
    ) -> Flow[AgentRun]:
        """Poll a run until it ends, or pauses for input; return it, failed ones too.

        The interval grows while the status stays the same (up to ``max_poll_interval``) and resets
        when it changes; ``on_update(run)`` is called with the first state and each change (the
        async client awaits it if it returns an awaitable). Transient failures are waited out:
        ``on_retry(notice)`` hears of each wait before it starts. ``timeout`` (seconds, ``None``
        for no limit) raises :class:`WaitTimeoutError` carrying the last run seen;
        ``raise_on_failure=True`` raises :class:`RunFailedError` for a run that ended
        unsuccessfully. A status this version does not know counts as still running (with a
        warning) until it has stayed the same for ``unknown_status_timeout`` seconds (``None``:
        no limit), then raises :class:`UnknownStatusError`, a :class:`WaitTimeoutError`.
        """
        run_id = require_id(agent_run_id, "agent_run_id", "wait_for_completion")
        timeout = None if timeout is None else number(timeout, "timeout", inclusive=True)
        if unknown_status_timeout is not None:
            unknown_status_timeout = number(unknown_status_timeout, "unknown_status_timeout")
        poll_interval, max_poll_interval = _poll_intervals(poll_interval, max_poll_interval)
        return wait_flow(
            lambda: self._call(
                api.GET_AGENT_RUN, on_retry=on_retry, org_id=org_id, agent_run_id=run_id
            ),
            agent_run_id=run_id,
            clock=self._clock,
            timeout=timeout,
            unknown_status_timeout=unknown_status_timeout,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            on_update=on_update,
            on_retry=on_retry,
            raise_on_failure=raise_on_failure,
        )

    # -- repositories and pull requests ---------------------------------------------------------

    def _list_repositories(
        self, org_id: int | None = None, *, skip: int = 0, limit: int = MAX_PAGE_SIZE
    ) -> Flow[Page[Repository]]:
        """One page of the organization's repositories."""
        return self._call(api.LIST_REPOSITORIES, params=_pages(skip, limit), org_id=org_id)

    def _iter_repositories(
        self, org_id: int | None = None, *, page_size: int = MAX_PAGE_SIZE
    ) -> ItemFlow[Repository]:
        """Every repository of the organization."""
        return self._every(
            lambda s, n: self._list_repositories(org_id, skip=s, limit=n), "repositories", page_size
        )

    def _get_check_suite_settings(
        self, org_id: int | None = None, repo_id: int | None = None
    ) -> Flow[CheckSuiteSettings]:
        """A repository's settings for fixing failed CI checks."""
        repo = require_id(repo_id, "repo_id", "get_check_suite_settings")
        return self._call(api.GET_CHECK_SUITE_SETTINGS, params={"repo_id": repo}, org_id=org_id)

    def _update_check_suite_settings(
        self,
        org_id: int | None = None,
        repo_id: int | None = None,
        settings: CheckSuiteSettingsRequest | Mapping[str, Any] | None = None,
    ) -> Flow[Any]:
        """Change a repository's check-suite settings; only the fields given are changed."""
        op = api.UPDATE_CHECK_SUITE_SETTINGS
        if settings is None:
            raise ArgumentTypeError(
                f"{op.name}() missing required argument: 'settings'", argument="settings"
            )
        if isinstance(settings, CheckSuiteSettingsRequest):
            settings = settings.model_dump(exclude_unset=True)
        if not isinstance(settings, Mapping):
            raise ArgumentTypeError(
                f"settings must be a mapping or a CheckSuiteSettingsRequest, got "
                f"{type(settings).__name__}",
                argument="settings",
            )
        body = validated(CheckSuiteSettingsRequest, "settings", **settings)
        params = {"repo_id": require_id(repo_id, "repo_id", op.name)}
        return self._call(op, params=params, json=body, org_id=org_id)

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
        if state is None:
            raise ArgumentTypeError(
                "edit_pull_request() missing required argument: 'state'", argument="state"
            )
        body = _body(EditPRInput, state=choice(PRState, state, "state"))
        if repo_id is None:
            return self._call(api.EDIT_PULL_REQUEST, json=body, org_id=org_id, pr_id=pr_id)
        return self._call(
            api.EDIT_REPO_PULL_REQUEST, json=body, org_id=org_id, pr_id=pr_id, repo_id=repo_id
        )

    # -- organization settings and integrations -------------------------------------------------

    def _get_integrations(self, org_id: int | None = None) -> Flow[OrganizationIntegrations]:
        """The organization's integrations (GitHub, Slack, Linear, ...) and which are active."""
        return self._call(api.GET_INTEGRATIONS, org_id=org_id)

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
        op = api.GENERATE_SETUP_COMMANDS
        body = _body(
            GenerateSetupCommandsInput,
            repo_id=require_id(repo_id, "repo_id", op.name),
            prompt=prompt,
            trigger_source=trigger_source,
        )
        return self._call(op, json=body, idempotency_key=idempotency_key, org_id=org_id)

    def _analyze_sandbox_logs(
        self,
        org_id: int | None = None,
        sandbox_id: int | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> Flow[AnalyzeLogsResult]:
        """Start an agent run that analyses a sandbox's setup logs."""
        return self._call(
            api.ANALYZE_SANDBOX_LOGS,
            idempotency_key=idempotency_key,
            org_id=org_id,
            sandbox_id=sandbox_id,
        )

    def _get_cli_rules(self, org_id: int | None = None) -> Flow[CLIRules]:
        """The organization's rules and the user's custom prompt."""
        return self._call(api.GET_CLI_RULES, org_id=org_id)

    def _get_mcp_providers(self) -> Flow[list[OAuthProvider]]:
        """OAuth providers that can back an MCP server."""
        return self._call(api.GET_MCP_PROVIDERS)

    def _get_oauth_token_status(self, org_id: int | None = None) -> Flow[Any]:
        """The OAuth providers the user has connected in the organization."""
        org = self._config.resolve_org_id(org_id)
        return self._call(api.GET_OAUTH_TOKEN_STATUS, params={"org_id": org})

    def _revoke_oauth_token(
        self, org_id: int | None = None, provider: str | None = None
    ) -> Flow[Any]:
        """Revoke every token the user holds for ``provider`` in the organization."""
        if provider is None:
            raise ArgumentTypeError(
                "revoke_oauth_token() missing required argument: 'provider'", argument="provider"
            )
        params = {"provider": provider, "org_id": self._config.resolve_org_id(org_id)}
        return self._call(api.REVOKE_OAUTH_TOKEN, params=params)

    # -- batches ---------------------------------------------------------------------------------

    def _run_batch(
        self,
        prompts: Iterable[str | BatchItem | Mapping[str, Any]],
        *,
        org_id: int | None = None,
        state: str | os.PathLike[str] | None = None,
        wait: bool = True,
        max_in_flight: int | None = None,
        poll_interval: float = 5.0,
        on_progress: Callable[[BatchProgress], Any] | None = None,
        replay: bool = False,
        already_reported: Iterable[BatchResult] = (),
    ) -> ItemFlow[BatchResult]:
        """Start a run for each prompt, paced by the create limit, and yield each one's result once.

        ``prompts`` are strings, :class:`BatchItem` (``read_batch(path)`` reads a file of them) or
        mappings of their fields. Runs are watched through pages of the organization's runs and
        yielded as they end (``wait=False``: as they are created); ``max_in_flight`` bounds the
        runs going at once. ``state`` is a journal file that makes the batch resumable: run it again
        after an interruption and runs already created are found, not created again, and results
        already yielded are not yielded again (``replay=True`` yields them first, again).
        A result counts as yielded once the caller asks for the next one; a caller that writes
        results somewhere durable can pass those it finds there as ``already_reported``, which makes
        its output exactly-once across a kill. ``on_progress(progress)`` hears of every change.
        """
        from ._batch import BatchJournal, batch_flow, batch_items  # loaded by the batches alone

        items = batch_items(prompts)
        if max_in_flight is not None:
            max_in_flight = count(max_in_flight, "max_in_flight", minimum=1)
        poll_interval = number(poll_interval, "poll_interval")
        org = self._config.resolve_org_id(org_id)
        return batch_flow(
            self,
            items,
            org_id=org,
            journal=BatchJournal.open(state, items, org),
            wait=wait,
            max_in_flight=max_in_flight,
            poll_interval=poll_interval,
            on_progress=on_progress,
            clock=self._clock,
            replay=replay,
            already_reported=already_reported,
        )

    # -- anything else ---------------------------------------------------------------------------

    def _request_path(self, path: str) -> str:
        path = "/" + text(path, "path").strip().lstrip("/")
        if path == api.API_PREFIX or path.startswith(api.API_PREFIX + "/"):
            path = path[len(api.API_PREFIX) :] or "/"
        if "{org_id}" in path:
            path = path.replace("{org_id}", str(self._config.resolve_org_id(None)))
        return path

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Flow[RawResponse]:
        """Send any request to the API with this client's token, retries, rate limiting and errors.

        ``path`` is relative to the API URL, with or without its ``/v1``; ``{org_id}`` in it is the
        configured organization. The rate-limit class and the care taken with a POST that starts
        work are those of the spec's operation at that path. A 4xx/5xx answer raises the usual
        :class:`APIStatusError`; any other answer comes back as a :class:`RawResponse`.
        """
        path = self._request_path(path)
        method = text(method, "method").upper()
        if method not in _METHODS:
            raise InvalidArgumentError(
                f"method must be one of {', '.join(_METHODS)}; got {shown(method)}",
                argument="method",
            )
        encode_body(json, "json")  # to name the argument in a message, should it fail
        op = _operation_for(method, path)
        if _spec_operation(method, path) is not api.CREATE_AGENT_RUN or not isinstance(json, dict):
            return self._call(op, params=params, json=json)
        # A create, as exactly-once as create_agent_run: stamped, and looked for when lost.
        request_id = uuid.uuid4().hex
        metadata = {
            **mapping(json.get("metadata"), "json.metadata"),
            api.CLIENT_REQUEST_ID_KEY: request_id,
        }
        org_id = int(path.split("/")[2])
        sent_at = time.time()

        def recover() -> Flow[RawResponse | None]:
            run = yield from find_created_run(self, org_id, request_id, sent_at)
            return None if run is None else RawResponse(200, {}, run.to_dict())

        return self._call(
            op,
            params=params,
            json={**json, "metadata": metadata},
            idempotency_key=request_id,
            recover=recover,
        )

    def _iter_request_items(
        self, path: str, *, params: Mapping[str, Any] | None = None, page_size: int = MAX_PAGE_SIZE
    ) -> ItemFlow[Any]:
        """Every item of any paged list of the API (``items``, or a log page's ``logs``), page by
        page over ``skip``/``limit``, with the same stop rules as every iterator."""
        path = self._request_path(path)
        op = _operation_for("GET", path)
        params = encode_params(params)

        def fetch(skip: int, limit: int) -> Flow[tuple[list[Any], int | None]]:
            page = yield from self._call(op, params={**(params or {}), **_pages(skip, limit)})
            body = page.body if isinstance(page.body, dict) else {}
            items = body.get("items", body.get("logs", []))
            total = body.get("total", body.get("total_logs"))
            return (items if isinstance(items, list) else []), (
                total if isinstance(total, int) else None
            )

        return paginate(
            fetch,
            what=f"GET {path}",
            page_size=checked_page_size(page_size),
            key=lambda item: jsonlib.dumps(item, sort_keys=True),
        )

    def _generate_slack_connect_token(self, org_id: int | None = None) -> Flow[SlackConnectToken]:
        """A one-time token (valid 10 minutes) that connects the user's Slack account."""
        body = _body(GenerateTokenRequest, org_id=self._config.resolve_org_id(org_id))
        return self._call(api.GENERATE_SLACK_CONNECT_TOKEN, json=body)
