"""Running a simulator: uvicorn in a background thread on a free loopback port.

:class:`SimServer` is what tests, benchmarks and ``codegen-sim serve`` / ``exec`` use. Binding the
port (:meth:`SimServer.listen`) loads nothing of the web stack; the import of FastAPI and uvicorn and
the making of the app happen on the serving thread, so a caller can hand the port to a client at once
(whose first request waits in the listen backlog until the app serves). The server also drives the
admin API over plain HTTP with the standard library, so that code using it needs no HTTP client (and
tests of HTTP clients do not test with the thing they test).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ._config import FAULT_KINDS, SimConfig
from ._seeded_world import DEFAULT_TOKEN, PRIMARY_ORG_ID

if TYPE_CHECKING:
    import uvicorn

    from ._components import Components

MAX_PORT = 65535
_START_TIMEOUT = 30.0
"""Seconds :meth:`SimServer.start` waits for the server (the first start of a process imports
FastAPI and uvicorn, which on a busy machine takes a while)."""


def is_loopback(host: str) -> bool:
    """``host`` is a loopback address (or ``localhost``), reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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
        # What the serving thread sets up, under _lock: a stop may come while it is still starting.
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._server: uvicorn.Server | None = None
        self._components: Components | None = None
        self.start_error: BaseException | None = None
        """Why the last start failed on the serving thread (``None`` if it did not)."""

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT``, where the admin API (``/_sim``) and the run pages are."""
        host = f"[{self.host.strip('[]')}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        """What a client sets as ``CODEGEN_API_URL``."""
        return f"{self.base_url}/v1"

    def listen(self) -> SimServer:
        """Bind the port and listen now (``port`` 0: a free one, in :attr:`port` after).

        Cheap: nothing of the web stack is loaded. A client connecting before :meth:`start` serves
        waits in the listen backlog; raises :class:`OSError` if the port cannot be had.
        """
        if self._socket is None:
            self._socket = bind(self.host, self.port)
            self.port = self._socket.getsockname()[1]
        return self

    def start(self, *, wait: bool = True) -> SimServer:
        """Listen, then make the app and serve it on a background thread.

        With ``wait`` (the default) return once it serves, raising what kept it from starting (a
        state file SQLite cannot use, say). With ``wait=False`` return at once; a failure is then
        kept in :attr:`start_error`, and the port closed so that waiting clients are refused.
        """
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        self.listen()
        self.start_error = None
        thread = threading.Thread(target=self._serve, name=f"codegen-sim:{self.port}", daemon=True)
        with self._lock:
            self._thread = thread
        thread.start()
        if wait:
            deadline = time.monotonic() + _START_TIMEOUT
            while not (self._server is not None and self._server.started):
                if not thread.is_alive() or time.monotonic() > deadline:
                    error = self.start_error
                    self.stop()
                    raise error or RuntimeError("codegen-sim did not start")
                time.sleep(0.002)
        return self

    def _serve(self) -> None:
        """The serving thread: import the web stack, make the app, serve until stopped."""
        try:
            from ._http_server import uvicorn_server

            server, components = uvicorn_server(self.config)
        except Exception as error:
            with self._lock:
                self.start_error = error
                if self._socket is not None:
                    self._socket.close()
            return
        with self._lock:
            sock = self._socket
            if self._thread is not threading.current_thread() or sock is None:  # stopped meanwhile
                components.service.close()
                return
            self._server, self._components = server, components
        server.run(sockets=[sock])

    def stop(self) -> None:
        """Stop serving, close the port and the state file. Safe to call twice, and at any moment
        of a start (one still importing the web stack is left to finish on its own, unused)."""
        with self._lock:
            server, thread = self._server, self._thread
            self._thread = None  # tells a serving thread still starting not to serve
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join()
        with self._lock:
            if self._socket is not None:
                self._socket.close()
            if self._components is not None:
                self._components.service.close()
            self._server = self._socket = self._components = None

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
        import urllib.request  # here: binding a port (exec's fast path) does not need it

        request = urllib.request.Request(
            f"{self.base_url}/_sim{path}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method=method,
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
        with opener.open(request, timeout=30) as response:
            answer: dict[str, Any] = json.loads(response.read())
        return answer
