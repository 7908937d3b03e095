"""``codegen api PATH``: any request to the API, like ``gh api``.

It goes through the client's ``request`` and ``iter_request_items``, so it has what every command
has: the configuration's token and organization, retries, the rate limit of the operation's class,
the exactly-once care for a POST that starts work, and the same errors and exit codes. What the
API sent is printed as it came (JSON re-indented on a terminal), the body of an error status too.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlsplit

import typer

from codegen_cli._commands._fields import parse_fields
from codegen_cli._errors import usage_error
from codegen_cli._invocation import Invocation
from codegen_cli._output import Output, escape_json
from codegen_cli._sanitize import inert

QUERY_METHODS = frozenset({"GET", "HEAD", "DELETE"})
"""Methods whose fields go into the query; every other method sends them as a JSON body."""


def api(
    invocation: Invocation,
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            show_default=False,
            help="Path under the API URL ('/v1' optional; {org_id} is filled in).",
        ),
    ],
    method: Annotated[
        str | None,
        typer.Option(
            "--method",
            "-X",
            metavar="METHOD",
            show_default=False,
            help="HTTP method (default: GET; with fields, the one the API has for PATH).",
        ),
    ] = None,
    raw_field: Annotated[
        list[str] | None,
        typer.Option(
            "--raw-field",
            "-f",
            metavar="KEY=VALUE",
            show_default=False,
            help="A string field. Repeatable.",
        ),
    ] = None,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            "-F",
            metavar="KEY=VALUE",
            show_default=False,
            help="A typed field: true, false, null, numbers; @FILE reads a file. Repeatable.",
        ),
    ] = None,
    input_: Annotated[
        str | None,
        typer.Option(
            "--input",
            metavar="FILE",
            show_default=False,
            help="The JSON body, from a file ('-': stdin).",
        ),
    ] = None,
    paginate: Annotated[
        bool,
        typer.Option("--paginate", help="GET every page; print all their items as one array."),
    ] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="With --paginate: one JSON line per item, as they come.")
    ] = False,
    include: Annotated[
        bool,
        typer.Option("--include", "-i", help="Print the status line and headers first."),
    ] = False,
) -> None:
    """Send a request to the API and print the response.

    The method is GET, or with fields the one the API has for PATH besides GET (POST when that
    is not clear). Fields go into the query of a GET, and into a JSON body otherwise (KEY[]=V
    appends to a list, KEY[SUB]=V sets a key of an object). An error status prints its body
    too, and exits like every command (1; 4 for 401; 2 for 422).

    Examples:
        codegen api /users/me
        codegen api organizations/{org_id}/agent/runs -F limit=5 --paginate --jsonl
        codegen api -X PATCH organizations/{org_id}/prs/88 -f state=closed
    """
    if jsonl and not paginate:
        raise usage_error("--jsonl goes with --paginate")
    if include and paginate:
        raise usage_error("--include shows one response: not with --paginate")
    body = _read_body(input_) if input_ is not None else None
    request = _Request.build(
        invocation, path, method, parse_fields(raw_field or (), field or ()), body, paginate
    )
    printer = _Printer(Output(), invocation.secrets)
    from codegen import APIStatusError

    client = invocation.client
    try:
        if paginate:
            params = dict(request.params)
            page_size = params.pop("limit", None)
            params.pop("skip", None)
            sized = {"page_size": page_size} if isinstance(page_size, int) else {}
            items = client.iter_request_items(request.path, params=params or None, **sized)
            printer.items(items, jsonl=jsonl)
        else:
            response = client.request(
                request.method, request.path, params=request.params or None, json=request.json
            )
            printer.response(response.status_code, response.headers, response.body, include)
    except APIStatusError as error:
        printer.response(error.status_code, error.headers, error.body, include)
        raise


@dataclass(frozen=True)
class _Request:
    method: str
    path: str
    params: dict[str, Any]
    json: Any

    @classmethod
    def build(
        cls,
        invocation: Invocation,
        path: str,
        method: str | None,
        fields: dict[str, Any],
        body: Any,
        paginate: bool,
    ) -> _Request:
        """Fields into the query (a GET's, or beside an --input body) or into the JSON body."""
        route, params = _split(invocation, path)
        payload = bool(fields) or body is not None
        verb = (method or _default_method(route, payload=payload, paginate=paginate)).upper()
        if paginate and verb != "GET":
            raise usage_error(f"--paginate pages through a GET, not a {verb}")
        if paginate and body is not None:
            raise usage_error("--paginate sends no body: drop --input")
        if body is None and verb not in QUERY_METHODS:
            return cls(verb, route, params, fields or None)
        for key, value in fields.items():
            if isinstance(value, dict) or (
                isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
            ):
                raise usage_error(f"field {key!r}: an object cannot go into a query")
        return cls(verb, route, {**params, **fields}, body)


class _Printer:
    """Writes what the API sent to stdout, the token blanked out."""

    def __init__(self, out: Output, secrets: Iterable[str]) -> None:
        self.out = out
        self.secrets = secrets

    def response(self, status: int, headers: Mapping[str, str], body: Any, include: bool) -> None:
        """With ``include`` the status line and headers, then the body (also of an error)."""
        if include:
            import http

            try:
                reason = http.HTTPStatus(status).phrase
            except ValueError:
                reason = ""
            lines = [f"HTTP {status} {reason}".rstrip()]
            lines += [f"{name}: {value}" for name, value in headers.items()]
            self._write("\n".join(lines) + "\n", plain=True)
        if body is None or body == "":
            return
        if isinstance(body, str):
            self._write(body.rstrip("\n"), plain=True)
        else:
            self._write(json.dumps(body, indent=2 if self.out.tty else None, ensure_ascii=False))

    def items(self, items: Iterator[Any], *, jsonl: bool) -> None:
        """Every item of every page: one JSON line each as it comes, or one JSON array."""
        if jsonl:
            for item in items:
                self._write(json.dumps(item, ensure_ascii=False))
        else:
            self.response(200, {}, list(items), include=False)

    def _write(self, content: str, *, plain: bool = False) -> None:
        """``content`` (JSON, or ``plain`` text) made inert, without the token, on its line."""
        shown = inert(content) if plain else escape_json(content)
        for secret in self.secrets:
            shown = shown.replace(secret, "***")
        self.out.stdout.write(shown + "\n")
        self.out.stdout.flush()


def _default_method(route: str, *, payload: bool, paginate: bool) -> str:
    """GET without fields (and with --paginate); with fields, the one method other than GET that
    the spec has for this path, GET if it has only GET, else POST (as ``gh api`` does)."""
    if paginate or not payload:
        return "GET"
    from codegen_models.api import API_PREFIX, OPERATIONS

    segments = route.strip("/").split("/")
    if segments[0] == API_PREFIX.strip("/"):
        segments = segments[1:]
    relative = "/" + "/".join(segments)
    methods = {op.method for op in OPERATIONS if _template(op.path).fullmatch(relative)}
    writes = methods - {"GET"}
    if len(writes) == 1:
        return writes.pop()
    return "GET" if methods == {"GET"} else "POST"


def _template(path: str) -> re.Pattern[str]:
    """An operation's path as a pattern: each ``{placeholder}`` matches one segment."""
    return re.compile(re.sub(r"\\{\w+\\}", "[^/]+", re.escape(path)))


def _split(invocation: Invocation, path: str) -> tuple[str, dict[str, Any]]:
    """The path without its query, and the query as fields; ``{org_id}`` in the query filled in
    (the client fills the path's)."""
    if "://" in path:
        raise usage_error(
            f"{path!r}: give a path under the API URL", hint="the API URL is --api-url"
        )
    parts = urlsplit(path)
    query: dict[str, Any] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if "{org_id}" in value:
            value = value.replace("{org_id}", str(invocation.org_id))
        query[key] = value
    return parts.path, query


def _read_body(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else open(name, encoding="utf-8").read()  # noqa: SIM115
    except OSError as error:
        raise usage_error(f"--input: cannot read {name!r}: {error.strerror}") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise usage_error(f"--input: {name!r} is not JSON: {error}") from None
