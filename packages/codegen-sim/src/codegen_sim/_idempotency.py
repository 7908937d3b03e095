"""``Idempotency-Key``: a POST repeated with the same key gets the first answer and changes nothing.

Only when the simulator is told to honour keys (``honour_idempotency_keys``, off by default, as the
real API does not document the header); otherwise the header is ignored, as a server that does not
know it would. Honoured, it makes it safe for a client to retry a create or resume whose answer was
lost after the server acted (a reset or a 502 *after* the handler). Answers are kept per token and
key in the store, so a replay survives a restart. Reusing a key for a different request is a client
bug, answered 409.
"""

from __future__ import annotations

import hashlib
import re

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from codegen_models import ErrorBody

from ._components import Components
from ._persistence import StoredResponse

_NOT_KEPT = frozenset({401, 409, 429})
"""Answers that say "try again" (or "who are you?") rather than what the request did."""

MAX_KEY_LENGTH = 255
_VALID_KEY = re.compile(rf"[\x21-\x7e]{{1,{MAX_KEY_LENGTH}}}")
"""A key is 1 to 255 visible ASCII characters (a UUID is 36): it is kept, and echoed in a header."""


class IdempotencyMiddleware:
    """ASGI middleware replaying the answers of POSTs that carry an ``Idempotency-Key``."""

    def __init__(self, app: ASGIApp, *, components: Components) -> None:
        self.app = app
        self.components = components
        self.store = components.service.store
        self._in_flight: set[tuple[str, str]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else Headers()
        key = headers.get("idempotency-key")
        if key is None or scope["method"] != "POST" or not self.components.honour_idempotency_keys:
            await self.app(scope, receive, send)
            return
        if not _VALID_KEY.fullmatch(key):
            await _invalid_key(scope, receive, send)
            return
        owner = hashlib.sha256(headers.get("authorization", "").encode()).hexdigest()
        body = await _read_body(receive)
        fingerprint = hashlib.sha256(
            b"\n".join([scope["path"].encode(), scope["query_string"], body])
        ).hexdigest()
        echo = [(b"idempotency-key", key.encode())]

        stored = self.store.stored_response(owner, key)
        if stored is not None and stored.fingerprint == fingerprint:
            replayed = [(name.encode(), value.encode()) for name, value in stored.headers]
            await send(
                {
                    "type": "http.response.start",
                    "status": stored.status,
                    "headers": [*replayed, *echo, (b"idempotent-replayed", b"true")],
                }
            )
            await send({"type": "http.response.body", "body": stored.body})
            return
        if stored is not None or (owner, key) in self._in_flight:
            message = (
                "This Idempotency-Key was used for a different request."
                if stored is not None
                else "A request with this Idempotency-Key is still in progress."
            )
            conflict = JSONResponse(ErrorBody(message=message, status_code=409).model_dump(), 409)
            conflict.headers["Idempotency-Key"] = key
            await conflict(scope, receive, send)
            return

        self._in_flight.add((owner, key))
        try:
            start, chunks = await self._answer(scope, body, receive)
        finally:
            self._in_flight.discard((owner, key))
        status = int(start["status"])
        response_body = b"".join(chunks)
        if status < 500 and status not in _NOT_KEPT:
            kept = [(name.decode(), value.decode()) for name, value in start["headers"]]
            self.store.put_stored_response(
                owner, key, StoredResponse(fingerprint, status, kept, response_body)
            )
        await send({**start, "headers": [*start["headers"], *echo]})
        await send({"type": "http.response.body", "body": response_body})

    async def _answer(
        self, scope: Scope, body: bytes, receive: Receive
    ) -> tuple[Message, list[bytes]]:
        """Run the app on the already-read ``body`` and collect its whole answer."""
        delivered = False

        async def receive_body() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        start: Message = {}
        chunks: list[bytes] = []

        async def collect(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive_body, collect)
        return start, chunks


async def _invalid_key(scope: Scope, receive: Receive, send: Send) -> None:
    """A 422 in FastAPI's shape for a key that is too long or not visible ASCII (never echoed)."""
    message = f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} visible ASCII characters"
    field = {"type": "value_error", "loc": ["header", "idempotency-key"], "msg": message}
    await JSONResponse({"detail": [field]}, 422)(scope, receive, send)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)
