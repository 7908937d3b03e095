"""Redirects, followed by the client itself so that the token goes to the API and nowhere else.

A 301, 302, 303, 307 or 308 to the same origin as the request (scheme, host and port) is followed
with the token, up to :data:`MAX_REDIRECTS` hops: 303 turns the request into a GET, the others keep
its method and body (a create must not become a GET). A redirect to anywhere else is not followed:
the token would go to a host the user never named, and following it without the token (as httpx
does) would only show that host's answer as if it were the API's. It ends in a
:class:`RedirectError` that says where it led, so the user can correct the API URL if that is
where the API now lives. Each hop is a request of its own, with its own timeout.
"""

from __future__ import annotations

import httpx

from codegen_models.api import EnvVar

from ._effects import Flow, Send
from ._exceptions import RedirectError
from ._logging import logger
from ._responses import decode_body, decode_headers

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: httpx.URL) -> str:
    """``scheme://host:port``, the port spelt out."""
    return f"{url.scheme}://{url.host}:{url.port or DEFAULT_PORTS.get(url.scheme)}"


def send_following_redirects(request: httpx.Request) -> Flow[httpx.Response | Exception]:
    """Send ``request``; the answer at the end of its same-origin redirects (or the transport
    error), or a :class:`RedirectError`."""
    for hop in range(MAX_REDIRECTS + 1):
        outcome: httpx.Response | Exception = yield Send(request)
        if not isinstance(outcome, httpx.Response) or outcome.status_code not in REDIRECT_STATUSES:
            return outcome
        target = _target(request, outcome)
        if hop == MAX_REDIRECTS:
            raise _refused(outcome, target, f"more than {MAX_REDIRECTS} redirects in a row")
        logger.debug(
            "%s %s -> %d, following to %s",
            request.method,
            request.url.path,
            outcome.status_code,
            target.path,
        )
        request = _next_request(request, outcome.status_code, target)
    raise AssertionError("unreachable")  # the loop returns or raises on its last hop


def _target(request: httpx.Request, response: httpx.Response) -> httpx.URL:
    location = response.headers.get("location", "").strip()
    if not location:
        raise _refused(response, None, "a redirect without a Location header")
    try:
        target = request.url.join(location)
    except httpx.InvalidURL:
        raise _refused(
            response, None, f"a redirect to an invalid URL ({location[:80]!r})"
        ) from None
    if origin(target) != origin(request.url):
        raise _refused(
            response,
            target,
            f"a redirect to another host, {origin(target)}; not followed, so the API token is not "
            f"sent there (if the API has moved there, set the API URL, {EnvVar.API_URL})",
        )
    return target


def _next_request(request: httpx.Request, status: int, target: httpx.URL) -> httpx.Request:
    as_get = status == 303 and request.method != "HEAD"
    dropped = {"host", "content-length"} | ({"content-type"} if as_get else set())
    headers = {k: v for k, v in request.headers.items() if k.lower() not in dropped}
    return httpx.Request(
        "GET" if as_get else request.method,
        target,
        headers=headers,
        content=None if as_get else request.content,
        extensions=request.extensions,
    )


def _refused(response: httpx.Response, target: httpx.URL | None, what: str) -> RedirectError:
    return RedirectError(
        f"the API answered {response.status_code} with {what}",
        method=response.request.method,
        url=str(response.request.url),
        status_code=response.status_code,
        headers=decode_headers(response),
        body=decode_body(response),
        location=None if target is None else str(target),
    )
