"""``AsyncCodegenClient``: the flows of ``_flows`` run over ``httpx.AsyncClient`` and anyio
(asyncio or trio), with gathered flows (log pages) run concurrently."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

import anyio
import httpx

from ._arguments import build
from ._client import _public
from ._deadline import attempt_deadline
from ._effects import Emit, Flow, Gather, ItemFlow, Notify, Send, Sleep
from ._flows import ClientFlows

P = ParamSpec("P")
T = TypeVar("T")


def operation(
    flow: Callable[Concatenate[ClientFlows[Any], P], Flow[T]],
) -> Callable[Concatenate[AsyncCodegenClient, P], Coroutine[Any, Any, T]]:
    async def method(self: AsyncCodegenClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await self._run(build(flow, self, *args, **kwargs))

    _public(method, flow)
    return method


def iterator(
    flow: Callable[Concatenate[ClientFlows[Any], P], ItemFlow[T]],
) -> Callable[Concatenate[AsyncCodegenClient, P], AsyncIterator[T]]:
    def method(self: AsyncCodegenClient, /, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        return self._iterate(build(flow, self, *args, **kwargs))

    _public(method, flow)
    return method


def _first_error(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The error that failed a task group, rather than the cancellations it caused."""
    leaves: list[BaseException] = []
    pending: list[BaseException] = [group]
    while pending:
        error = pending.pop(0)
        if isinstance(error, BaseExceptionGroup):
            pending.extend(error.exceptions)
        else:
            leaves.append(error)
    cancelled = anyio.get_cancelled_exc_class()
    return next((e for e in leaves if not isinstance(e, cancelled)), leaves[0])


class AsyncCodegenClient(ClientFlows[httpx.AsyncClient]):
    """An asynchronous client for the Codegen Agent API (asyncio or trio).

    The same operations as :class:`CodegenClient`, as coroutines; the ``iter_*`` and
    ``follow_agent_run_logs`` methods return async iterators. Use ``async with``, or ``await
    close()``, to release connections.
    """

    _http_class = httpx.AsyncClient

    async def close(self) -> None:
        """Release the connections, unless the httpx client was passed in or this client is a
        copy made by :meth:`with_options` (the original closes the shared pool)."""
        if self._mark_closed():
            await self._shared.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- the I/O loop ------------------------------------------------------------------------

    _sleep: Callable[[float], Awaitable[None]] = staticmethod(anyio.sleep)

    async def _run(self, flow: Flow[T]) -> T:
        value: Any = None
        try:
            while True:
                try:
                    effect = flow.send(value)
                except StopIteration as stop:
                    result: T = stop.value
                    return result
                if isinstance(effect, Emit):
                    raise RuntimeError("an item was emitted outside an iterator")
                value = await self._perform(effect)
        finally:
            flow.close()

    async def _iterate(self, flow: ItemFlow[T]) -> AsyncIterator[T]:
        value: Any = None
        try:
            while True:
                try:
                    effect = flow.send(value)
                except StopIteration:
                    return
                if isinstance(effect, Emit):
                    value = None
                    yield effect.item
                else:
                    value = await self._perform(effect)
        finally:
            flow.close()

    async def _perform(self, effect: Send | Sleep | Gather | Notify) -> Any:
        if isinstance(effect, Send):
            try:
                return await self._send(effect.request)
            except httpx.RequestError as error:  # no answer, or one that cannot be read
                return error
        if isinstance(effect, Sleep):
            await self._sleep(effect.seconds)
            return None
        if isinstance(effect, Gather):
            return await self._gather(effect)
        outcome = effect.callback(effect.value)
        if inspect.isawaitable(outcome):
            await outcome
        return None

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """One attempt, bounded by the timeout: by the transport's own deadline when the httpx
        client was made here, else by a cancel scope (reported as a read timeout)."""
        timeout = self._config.timeout
        with attempt_deadline(timeout):
            if self._shared.bounded:
                return await self._shared.http.send(request, follow_redirects=False)
            try:
                with anyio.fail_after(timeout):
                    return await self._shared.http.send(request, follow_redirects=False)
            except TimeoutError:
                raise httpx.ReadTimeout(
                    f"no complete answer within {timeout:g} s", request=request
                ) from None

    async def _gather(self, effect: Gather) -> list[Any]:
        results: list[Any] = [None] * len(effect.flows)
        slots = anyio.Semaphore(max(1, effect.concurrency))

        async def run(index: int, flow: Flow[Any]) -> None:
            async with slots:
                results[index] = await self._run(flow)

        try:
            async with anyio.create_task_group() as group:
                for index, flow in enumerate(effect.flows):
                    group.start_soon(run, index, flow)
        except BaseExceptionGroup as failure:
            raise _first_error(failure) from None
        return results

    # -- the operations (documented in ``_flows``) ---------------------------------------------

    get_current_user = operation(ClientFlows._get_current_user)
    list_users = operation(ClientFlows._list_users)
    iter_users = iterator(ClientFlows._iter_users)
    get_user = operation(ClientFlows._get_user)
    list_organizations = operation(ClientFlows._list_organizations)
    iter_organizations = iterator(ClientFlows._iter_organizations)
    create_agent_run = operation(ClientFlows._create_agent_run)
    get_agent_run = operation(ClientFlows._get_agent_run)
    list_agent_runs = operation(ClientFlows._list_agent_runs)
    iter_agent_runs = iterator(ClientFlows._iter_agent_runs)
    resume_agent_run = operation(ClientFlows._resume_agent_run)
    ban_all_checks = operation(ClientFlows._ban_all_checks)
    unban_all_checks = operation(ClientFlows._unban_all_checks)
    remove_codegen_from_pr = operation(ClientFlows._remove_codegen_from_pr)
    get_agent_run_logs = operation(ClientFlows._get_agent_run_logs)
    iter_agent_run_logs = iterator(ClientFlows._iter_agent_run_logs)
    follow_agent_run_logs = iterator(ClientFlows._follow_agent_run_logs)
    wait_for_completion = operation(ClientFlows._wait_for_completion)
    list_repositories = operation(ClientFlows._list_repositories)
    iter_repositories = iterator(ClientFlows._iter_repositories)
    get_check_suite_settings = operation(ClientFlows._get_check_suite_settings)
    update_check_suite_settings = operation(ClientFlows._update_check_suite_settings)
    edit_pull_request = operation(ClientFlows._edit_pull_request)
    get_integrations = operation(ClientFlows._get_integrations)
    generate_setup_commands = operation(ClientFlows._generate_setup_commands)
    analyze_sandbox_logs = operation(ClientFlows._analyze_sandbox_logs)
    get_cli_rules = operation(ClientFlows._get_cli_rules)
    get_mcp_providers = operation(ClientFlows._get_mcp_providers)
    get_oauth_token_status = operation(ClientFlows._get_oauth_token_status)
    revoke_oauth_token = operation(ClientFlows._revoke_oauth_token)
    generate_slack_connect_token = operation(ClientFlows._generate_slack_connect_token)
    run_batch = iterator(ClientFlows._run_batch)
    request = operation(ClientFlows._request)
    iter_request_items = iterator(ClientFlows._iter_request_items)
