"""The httpx clients the clients make for themselves: every connect, TLS handshake, read and write
ends by the attempt's deadline (``_deadline``), and a plain-http API costs no certificates.

What the deadline raises is httpcore's own ``ConnectTimeout``, ``ReadTimeout`` or ``WriteTimeout`` (httpx's,
by the time the client sees it), so the retry rules still know whether the request may have
reached the server.

Imported when a client makes its httpx client, which imports httpcore then anyway: ``import codegen``
does not pay for httpcore (nor for the anyio and trio it imports when they are installed).
"""

# ruff: noqa: ASYNC109 - httpcore's stream interface passes each operation's timeout as an argument

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from ._deadline import bounded


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        timeout = bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        timeout = bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, bounded(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, bounded(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        timeout = bounded(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        timeout = bounded(timeout, httpcore.ConnectTimeout)
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _AsyncStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = bounded(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def http_client_for(
    http_class: type[httpx.Client] | type[httpx.AsyncClient], api_url: str
) -> tuple[httpx.Client | httpx.AsyncClient, bool]:
    """A new ``http_class`` for the API at ``api_url``, and whether every transport of it keeps
    the attempt deadline (:func:`install`).

    An https API gets httpx's own certificate checks. A plain-http API (the simulator, a server on
    this machine) gets a TLS context that trusts no authority at all: loading certifi's bundle takes
    longer than a whole request on loopback, and this client never speaks TLS there — every request
    goes to the API's origin, and redirects to any other origin are refused (``_redirects``) — so
    the context is never used, and if it ever were, the handshake would fail rather than trust.
    """
    plain_http = api_url.startswith("http://")
    http = http_class(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT) if plain_http else True)
    return http, install(http)


def install(http: httpx.Client | httpx.AsyncClient) -> bool:
    """Give every transport of ``http`` (proxies' included) the deadline-keeping backend; whether
    all of them took it. Only for httpx clients made here: this reaches into httpx's and
    httpcore's private attributes, checked by the tests against the versions in use."""
    transports = [http._transport, *(t for t in http._mounts.values() if t is not None)]
    installed = True
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            installed = False
        elif isinstance(backend, httpcore.AsyncNetworkBackend):
            if not isinstance(backend, _AsyncBackend):
                pool._network_backend = _AsyncBackend(backend)  # type: ignore[union-attr]
        elif not isinstance(backend, _Backend):
            pool._network_backend = _Backend(backend)  # type: ignore[union-attr]
    return installed
