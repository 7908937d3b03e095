"""uvicorn, set up to serve a simulator: h11 with a way to drop a connection, quiet logs, a short
graceful shutdown. Kept apart from :mod:`codegen_sim._server` so that binding a port loads none of
the web stack (``codegen-sim exec`` starts its command before this is imported)."""

from __future__ import annotations

import socket
import struct
from collections.abc import MutableMapping
from typing import Any, cast

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ._app import create_app
from ._components import Components
from ._config import SimConfig
from ._faults import ABORT_EXTENSION

SHUTDOWN_GRACE = 1
"""Seconds a stop waits for requests in flight (a ``slow`` fault, say) before cancelling them."""


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


def uvicorn_server(config: SimConfig) -> tuple[uvicorn.Server, Components]:
    """A uvicorn server of a new simulator app (not yet serving), and the app's components."""
    app = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            http=AbortableH11Protocol,
            ws="none",
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=SHUTDOWN_GRACE,
        )
    )
    components: Components = app.state.components
    return server, components
