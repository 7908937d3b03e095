"""Running a simulator: uvicorn in a background thread on a free loopback port.

:class:`SimServer` is what tests, benchmarks and ``codegen-sim serve`` / ``exec`` use. It also drives
the admin API over plain HTTP with the standard library, so that code using it needs no HTTP client
(and tests of HTTP clients do not test with the thing they test).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import struct
import threading
import time
import urllib.request
from collections.abc import MutableMapping
from types import TracebackType
from typing import Any, cast

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ._app import create_app
from ._components import Components
from ._config import FAULT_KINDS, SimConfig
from ._faults import ABORT_EXTENSION
from ._seeded_world import DEFAULT_TOKEN, PRIMARY_ORG_ID

MAX_PORT = 65535
_START_TIMEOUT = 10.0
_SHUTDOWN_GRACE = 1
"""Seconds a stop waits for requests in flight (a ``slow`` fault, say) before cancelling them."""


def is_loopback(host: str) -> bool:
    """``host`` is a loopback address (or ``localhost``), reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class AbortableH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, offering the app a way to drop the connection without an answer.

    An exception in the app would become a 500; a ``reset`` fault must instead reach the client as
    a transport error. So every request's scope gets an extension that aborts the connection (with
    ``SO_LINGER`` 0, so the peer sees a reset rather than an orderly close).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        app = self.app

        async def app_with_abort(scope: Any, receive: Any, send: Any) -> None:
            extensions = cast(MutableMapping[str, Any], scope.setdefault("extensions", {}))
            extensions[ABORT_EXTENSION] = self._abort
            await app(scope, receive, send)

        self.app = app_with_abort

    def _abort(self) -> None:
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        if self.cycle is not None:
            self.cycle.disconnected = True  # so uvicorn does not write a 500 to a dead connection
        self.transport.abort()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (``port`` 0: a free one).

    Made with ``IPPROTO_TCP`` explicitly: asyncio sets ``TCP_NODELAY`` on accepted connections only
    then, and without it every keep-alive response stalls ~40 ms (Nagle meets delayed ACK).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen()
    except BaseException:
        sock.close()
        raise
    return sock


class SimServer:
    """A simulator served on ``host:port`` in a background thread; a context manager.

    ``with SimServer(SimConfig(admin=True)) as sim:`` gives a running server on a free loopback port:
    point a client at ``sim.api_url`` with ``sim.token`` and ``sim.org_id``. Starting and stopping take
    a fraction of a second and leave no thread or port behind.
    """

    def __init__(
        self,
        config: SimConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        allow_remote: bool = False,
    ) -> None:
        if not allow_remote and not is_loopback(host):
            raise ValueError(
                f"{host} is not a loopback address; pass allow_remote=True to serve on it"
            )
        if not 0 <= port <= MAX_PORT:
            raise ValueError(f"port must be from 0 to {MAX_PORT}, got {port}")
        self.config = config or SimConfig()
        self.host = host
        self.port = port
        self.token = DEFAULT_TOKEN
        self.org_id = PRIMARY_ORG_ID
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._components: Components | None = None
        self._admin = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    @property
    def base_url(self) -> str:
        host = f"[{self.host.strip('[]')}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        """What a client sets as ``CODEGEN_API_URL``."""
        return f"{self.base_url}/v1"

    def start(self) -> SimServer:
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        sock = bind(self.host, self.port)
        try:
            app = create_app(self.config)
        except BaseException:
            sock.close()
            raise
        self._components = app.state.components
        self._socket = sock
        self.port = sock.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                http=AbortableH11Protocol,
                ws="none",
                lifespan="off",
                log_config=None,
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=_SHUTDOWN_GRACE,
            )
        )
        thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            name=f"codegen-sim:{self.port}",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("codegen-sim did not start")
            time.sleep(0.002)
        return self

    def stop(self) -> None:
        """Stop serving, close the port and the state file. Safe to call twice."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join()
        if self._socket is not None:
            self._socket.close()
        if self._components is not None:
            self._components.service.close()
        self._server = self._thread = self._socket = self._components = None

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # The admin API, over HTTP (it needs SimConfig(admin=True)).

    def stats(self) -> dict[str, Any]:
        """Requests and handler runs per route, runs created, faults injected by side and kind."""
        return self._call_admin("GET", "/stats")

    def reset(self) -> None:
        """Back to the seeded state, counters zeroed, faults as configured."""
        self._call_admin("POST", "/reset")

    def advance(self, seconds: float) -> None:
        """Move the simulated clock forward: runs progress by that much at once."""
        self._call_admin("POST", "/clock/advance", {"seconds": seconds})

    def set_faults(
        self,
        rate: float,
        faults: tuple[str, ...] | list[str] = FAULT_KINDS,
        seed: int | None = None,
    ) -> None:
        """Inject faults from now on: with probability ``rate``, one of ``faults`` per request."""
        self._call_admin("POST", "/faults", {"rate": rate, "faults": list(faults), "seed": seed})

    def set_idempotency(self, honour: bool) -> None:
        """Honour ``Idempotency-Key`` from now on (``True``), or ignore it like the real API."""
        self._call_admin("POST", "/idempotency", {"honour": honour})

    def _call_admin(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        if not self.config.admin:
            raise RuntimeError("the admin API is off: start the server with SimConfig(admin=True)")
        if self._thread is None:
            raise RuntimeError("the server is not running")
        request = urllib.request.Request(
            f"{self.base_url}/_sim{path}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method=method,
        )
        with self._admin.open(request, timeout=30) as response:
            answer: dict[str, Any] = json.loads(response.read())
        return answer
