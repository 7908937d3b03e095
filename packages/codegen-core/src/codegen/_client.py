"""``CodegenClient``: the flows of ``_flows`` run over ``httpx.Client``."""

from __future__ import annotations

import functools
import inspect
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar

import httpx

from ._arguments import build
from ._base import SharedState
from ._deadline import attempt_deadline
from ._effects import Emit, Flow, Gather, ItemFlow, Notify, Send, Sleep
from ._flows import ClientFlows

P = ParamSpec("P")
T = TypeVar("T")


def _public(method: Callable[..., Any], flow: Callable[..., Any]) -> None:
    """Give the client method the flow's public name, docstring and signature."""
    functools.update_wrapper(method, flow)
    method.__name__ = method.__qualname__ = flow.__name__.lstrip("_")
    method.__signature__ = inspect.signature(flow).replace(  # type: ignore[attr-defined]
        return_annotation=inspect.Signature.empty
    )


def operation(
    flow: Callable[Concatenate[ClientFlows[Any], P], Flow[T]],
) -> Callable[Concatenate[CodegenClient, P], T]:
    def method(self: CodegenClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._run(build(flow, self, *args, **kwargs))

    _public(method, flow)
    return method


def iterator(
    flow: Callable[Concatenate[ClientFlows[Any], P], ItemFlow[T]],
) -> Callable[Concatenate[CodegenClient, P], FlowIterator[T]]:
    def method(self: CodegenClient, /, *args: P.args, **kwargs: P.kwargs) -> FlowIterator[T]:
        return FlowIterator(self, build(flow, self, *args, **kwargs))

    _public(method, flow)
    return method


class _Stopped(Exception):
    """Raised inside the I/O loop of a :class:`FlowIterator` that was closed from elsewhere."""


def _interruptible_sleep(seconds: float, stop: threading.Event | None) -> None:
    if stop is None:
        time.sleep(seconds)
    else:
        stop.wait(seconds)


class FlowIterator(Iterator[T], Generic[T]):
    """The items of an iterator method (``iter_*``, ``follow_agent_run_logs``).

    :meth:`close` may be called from any thread: the thread that is iterating stops at its next
    step — at once if it is waiting between polls — and its loop ends as if the items had run out.
    That is how a UI stops following a run's logs from its own thread.
    """

    def __init__(self, client: CodegenClient, flow: ItemFlow[T]) -> None:
        self._client = client
        self._flow = flow
        self._stop = threading.Event()
        self._driving = threading.Lock()
        self._value: Any = None
        self._done = False

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> T:
        with self._driving:
            while not self._done:
                try:
                    if self._stop.is_set():
                        raise _Stopped
                    effect = self._flow.send(self._value)
                    if isinstance(effect, Emit):
                        self._value = None
                        item: T = effect.item
                        return item
                    self._value = self._client._perform(effect, self._stop)
                except (StopIteration, _Stopped):
                    self._finish()
                except BaseException:
                    self._finish()
                    raise
            raise StopIteration

    def close(self) -> None:
        """Stop iterating (thread-safe); the flow's own clean-up runs in the iterating thread."""
        self._stop.set()
        if self._driving.acquire(blocking=False):
            try:
                self._finish()
            finally:
                self._driving.release()

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            self._flow.close()


class CodegenClient(ClientFlows[httpx.Client]):
    """A synchronous client for the Codegen Agent API; safe to share between threads.

    ``CodegenClient(config)`` takes a :class:`ClientConfig`; ``CodegenClient()`` reads the
    environment (``CODEGEN_API_TOKEN``, ``CODEGEN_ORG_ID``, ...) and the profile file. Keyword
    arguments (``api_token``, ``org_id``, ``api_url``, ...) override single fields either way. Pass
    ``http_client=`` to use your own ``httpx.Client`` (it is not closed by :meth:`close`). Use it
    as a context manager or call :meth:`close` to release its connections; a client that is simply
    dropped releases them when it is garbage-collected.
    """

    _http_class = httpx.Client

    def _release_on_collect(self, shared: SharedState[httpx.Client]) -> None:
        if shared.owns_http:
            weakref.finalize(shared, shared.http.close)

    def close(self) -> None:
        """Release the connections, unless the httpx client was passed in or this client is a
        copy made by :meth:`with_options` (the original closes the shared pool)."""
        if self._mark_closed():
            self._shared.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the I/O loop ------------------------------------------------------------------------

    _sleep: Callable[[float, threading.Event | None], None] = staticmethod(_interruptible_sleep)

    def _run(self, flow: Flow[T], stop: threading.Event | None = None) -> T:
        value: Any = None
        try:
            while True:
                if stop is not None and stop.is_set():
                    raise _Stopped
                try:
                    effect = flow.send(value)
                except StopIteration as done:
                    result: T = done.value
                    return result
                if isinstance(effect, Emit):
                    raise RuntimeError("an item was emitted outside an iterator")
                value = self._perform(effect, stop)
        finally:
            flow.close()

    def _perform(self, effect: Send | Sleep | Gather | Notify, stop: threading.Event | None) -> Any:
        if isinstance(effect, Send):
            try:
                with attempt_deadline(self._config.timeout):
                    return self._shared.http.send(effect.request, follow_redirects=False)
            except httpx.RequestError as error:  # no answer, or one that cannot be read
                return error
        if isinstance(effect, Sleep):
            self._sleep(effect.seconds, stop)
            return None
        if isinstance(effect, Gather):
            return [self._run(flow, stop) for flow in effect.flows]
        effect.callback(effect.value)
        return None

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
