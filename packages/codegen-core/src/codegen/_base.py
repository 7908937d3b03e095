"""The I/O-free core shared by both clients: configuration, request building, the retry loop,
rate limiting and response handling, as flows of effects (see ``_effects``)."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar, cast

import httpx

from codegen_models.api import Operation, RateClass

from ._arguments import encode_body, encode_params, shown
from ._arguments import idempotency_key as check_idempotency_key
from ._config import ClientConfig
from ._effects import Flow, Notify, RetryNotice, Sleep
from ._exceptions import (
    APIConnectionError,
    APITimeoutError,
    ArgumentTypeError,
    CodegenError,
    UnconfirmedRunError,
)
from ._logging import configure, logger
from ._ratelimit import RateLimiter
from ._redirects import send_following_redirects
from ._responses import parse, status_error
from ._retry import RetryPolicy
from ._secrets import redact, register_secret
from ._version import __version__

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
T = TypeVar("T")

PYTHON_VERSION = "{}.{}.{}".format(*sys.version_info[:3])  # as platform.python_version() says it
USER_AGENT = f"codegen-core/{__version__} (python {PYTHON_VERSION}; httpx {httpx.__version__})"
CONNECT_TIMEOUT = 5.0


@dataclass(eq=False)
class SharedState(Generic[HttpT]):
    """What a client and its :meth:`~BaseClient.with_options` copies share: the connection pool,
    the rate limiter, and what was learnt about the server (which logs route it serves)."""

    http: HttpT
    owns_http: bool
    limiter: RateLimiter
    bounded: bool = False
    """Every transport of ``http`` keeps the attempt deadline itself (see ``_network``)."""
    logs_operation: Operation[Any] | None = None
    closed: bool = False


class BaseClient(Generic[HttpT]):
    """State and request logic of a client, free of I/O.

    ``CodegenClient(config)`` uses a :class:`ClientConfig`; without one, the configuration comes from
    the environment (``CODEGEN_API_TOKEN``, ``CODEGEN_ORG_ID``, ...) and the profile file. Keyword
    arguments override single fields either way. Pass ``http_client=`` to use your own httpx
    client (it is not closed by ``close()``). A missing token raises :class:`ConfigError` here.
    """

    _http_class: ClassVar[type[httpx.Client] | type[httpx.AsyncClient]]
    _clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(
        self,
        config: ClientConfig | None = None,
        *,
        api_token: str | None = None,
        org_id: int | str | None = None,
        api_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        rate_limit: bool | None = None,
        profile: str | None = None,
        http_client: HttpT | None = None,
        _shared: SharedState[HttpT] | None = None,
    ) -> None:
        if config is not None and not isinstance(config, ClientConfig):
            raise ArgumentTypeError(
                f"{type(self).__name__}() takes a ClientConfig as its first argument, got "
                f"{type(config).__name__}; pass a token as api_token='...'"
            )
        fields: dict[str, Any] = {
            "api_token": api_token,
            "org_id": org_id,
            "api_url": api_url,
            "timeout": timeout,
            "max_retries": max_retries,
            "rate_limit": rate_limit,
            "profile": profile,
        }
        given = {name: value for name, value in fields.items() if value is not None}
        config = ClientConfig(**given) if config is None else config.replace(**given)
        token = config.require_token()
        # A client built here owns its shared state; copies made by with_options() borrow it and
        # leave closing to the original.
        self._owns_shared = _shared is None
        if _shared is None:
            if http_client is not None and not isinstance(http_client, self._http_class):
                raise ArgumentTypeError(
                    f"http_client must be an httpx.{self._http_class.__qualname__}",
                    argument="http_client",
                )
            if http_client is None:
                from ._network import http_client_for  # with httpcore, which httpx imports here too

                http, bounded = http_client_for(self._http_class, config.api_url)
            else:
                http, bounded = http_client, False
            _shared = SharedState(
                http=cast(HttpT, http),
                owns_http=http_client is None,
                limiter=RateLimiter(config.rate_limits),
                bounded=bounded,
            )
            self._release_on_collect(_shared)
        self._config = config
        self._shared: SharedState[HttpT] = _shared
        self._retry = RetryPolicy(
            max_retries=config.max_retries,
            trust_idempotency_keys=config.trust_idempotency_keys,
        )
        self._timeout = httpx.Timeout(config.timeout, connect=min(CONNECT_TIMEOUT, config.timeout))
        self._auth_header = f"Bearer {token}"
        register_secret(token)
        configure(config.log_level)

    def _release_on_collect(self, shared: SharedState[HttpT]) -> None:
        """Close the pool when the shared state is garbage-collected (a client used without
        ``with`` or ``close()``); the sync client does, the async one cannot await there."""

    @property
    def config(self) -> ClientConfig:
        """The configuration this client was made with, every field resolved."""
        return self._config

    def with_options(self, **changes: Any) -> Self:
        """A client with some configuration changed that shares this one's connections, rate
        limiter and what it learnt of the server: ``client.with_options(timeout=5, max_retries=0)``."""
        return type(self)(self._config.replace(**changes), _shared=self._shared)

    @property
    def is_closed(self) -> bool:
        """Whether the client's connections were released (by ``close()`` or ``with``)."""
        return self._shared.closed

    def _mark_closed(self) -> bool:
        """Record a close; whether the connection pool should now be closed by the caller."""
        if not self._owns_shared or self._shared.closed:
            return False
        self._shared.closed = True
        return self._shared.owns_http

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_url={self._config.api_url!r}, org_id={self._config.org_id!r})"

    def _create_wait(self, now: float) -> float:
        """Seconds until the rate limiter would let a create go (0 with the limiter off)."""
        if not self._config.rate_limit:
            return 0.0
        return self._shared.limiter.wait_time(RateClass.CREATE, now)

    def _path(self, op: Operation[Any], ids: Mapping[str, Any]) -> str:
        """``op``'s path with its placeholders filled: ``org_id`` from the configuration when not
        given, the other ids checked to be integers (a clear ``TypeError`` before any request)."""
        values: dict[str, Any] = {}
        for name in op.path_params:
            value = ids.get(name)
            if name == "org_id":
                values[name] = self._config.resolve_org_id(value)
            else:
                values[name] = require_id(value, name, op.name)
        return op.path.format(**values)

    def _build_request(
        self,
        op: Operation[Any],
        path: str,
        *,
        params: Mapping[str, Any],
        content: bytes | None,
        idempotency_key: str | None,
        attempt: int,
    ) -> httpx.Request:
        headers = {
            "Authorization": self._auth_header,
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        if attempt:
            headers["X-Codegen-Retry-Count"] = str(attempt)
        if content is not None:
            headers["Content-Type"] = "application/json"
        return httpx.Request(
            op.method,
            self._config.api_url + path,
            params=params,
            content=content,
            headers=headers,
            extensions={"timeout": self._timeout.as_dict()},
        )

    def _call(
        self,
        op: Operation[T],
        /,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotency_key: str | None = None,
        on_retry: Callable[[RetryNotice], Any] | None = None,
        recover: Callable[[], Flow[T | None]] | None = None,
        **ids: Any,
    ) -> Flow[T]:
        """Send ``op`` with rate limiting and retries; the answer parsed into the operation's
        response type, or the mapped error. ``ids`` fill the path's placeholders; ``on_retry``
        hears of each retry before its wait.

        After an ambiguous failure of a request that starts work (it may have reached the server),
        ``recover()`` looks for what it may have started: what it finds is the answer; when it
        finds nothing the request is tried again (with the same idempotency key), and when the
        looking fails too, :class:`UnconfirmedRunError` says so. Without ``recover`` such a request
        is not tried again."""
        path = self._path(op, ids)
        query, content = encode_params(params), encode_body(json)  # bad arguments fail here
        idempotency_key = check_idempotency_key(idempotency_key)
        if idempotency_key is None and op.method == "POST":
            idempotency_key = str(uuid.uuid4())  # one key for every attempt of this call
        attempt = 0
        while True:
            if self._config.rate_limit:
                wait = self._shared.limiter.reserve(op.rate_class, self._clock())
                if wait > 0:
                    logger.debug("rate limit (%s): waiting %.2f s", op.rate_class.value, wait)
                    yield Sleep(wait)
            request = self._build_request(
                op,
                path,
                params=query,
                content=content,
                idempotency_key=idempotency_key,
                attempt=attempt,
            )
            started = self._clock()
            outcome: Any = yield from send_following_redirects(request)
            elapsed_ms = (self._clock() - started) * 1000
            is_response = isinstance(outcome, httpx.Response)
            result = outcome.status_code if is_response else type(outcome).__name__
            logger.debug("%s %s -> %s (%.0f ms)", op.method, request.url.path, result, elapsed_ms)
            if is_response and outcome.is_success:
                return cast(T, parse(op.response, outcome))
            decision = self._retry.decide(outcome, attempt=attempt, starts_work=op.starts_work)
            if decision.ambiguous and recover is not None:
                found = yield from _recovered(
                    op, recover, idempotency_key, _error(request, outcome)
                )
                if found is not None:
                    return found
            if not decision.retry or (decision.ambiguous and recover is None):
                if decision.reason:
                    logger.info(
                        "not retrying %s %s: %s", op.method, request.url.path, decision.reason
                    )
                raise _error(request, outcome)
            attempt += 1
            logger.info(
                "retrying %s %s in %.2f s (attempt %d of %d): %s",
                op.method,
                request.url.path,
                decision.delay,
                attempt + 1,
                self._retry.max_retries + 1,
                decision.reason,
            )
            if on_retry is not None:
                notice = RetryNotice(_error(request, outcome), decision.delay, attempt)
                yield Notify(on_retry, notice)
            if decision.delay > 0:
                yield Sleep(decision.delay)


def _recovered(
    op: Operation[T], recover: Callable[[], Flow[T | None]], request_id: str | None, sent: Exception
) -> Flow[T | None]:
    """What ``recover`` finds of an ambiguous request; :class:`UnconfirmedRunError` if it fails."""
    logger.info("%s: %s; looking for what it may have started", op.name, sent)
    try:
        found = yield from recover()
    except CodegenError as search:
        raise UnconfirmedRunError(op.name, request_id or "?", sent=sent, search=search) from sent
    if found is not None:
        logger.info("%s: found what the lost answer would have said; not sending it again", op.name)
    return found


def require_id(value: Any, name: str, operation: str) -> int:
    """``value`` as a path or body id: a missing one or a non-integer is an
    :class:`ArgumentTypeError` (a ``TypeError``)."""
    if value is None:
        raise ArgumentTypeError(f"{operation}() missing required argument: {name!r}", argument=name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(
            f"{operation}(): {name} must be an integer, got {shown(value)}", argument=name
        )
    return value


def _error(request: httpx.Request, outcome: httpx.Response | Exception) -> Exception:
    if isinstance(outcome, httpx.Response):
        return status_error(outcome)
    method, url = request.method, str(request.url)
    if isinstance(outcome, httpx.TimeoutException):
        error: APIConnectionError = APITimeoutError(
            f"request timed out ({type(outcome).__name__})", method=method, url=url
        )
    else:
        detail = str(outcome) or type(outcome).__name__
        error = APIConnectionError(f"connection error: {detail}", method=method, url=url)
    # The transport's own exception is chained for the traceback only when its text is clean.
    error.__cause__ = outcome if redact(str(outcome)) == str(outcome) else None
    error.__suppress_context__ = True
    return error
