"""``codegen api PATH``: any request to the API, like ``gh api``.

It goes through the client's ``request`` and ``iter_request_pages``, so it has what every command
has: the configuration's token and organization, retries, the rate limit of the operation's class,
the exactly-once care for a POST that starts work, and the same errors and exit codes. What the
API sent is printed as it came (JSON re-indented on a terminal), the body of an error status too.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import parse_qsl, urlsplit

import typer

from codegen_cli._commands._fields import parse_fields
from codegen_cli._errors import usage_error
from codegen_cli._output import Output, escape_json
from codegen_cli._sanitize import inert
from codegen_cli._session import Session

if TYPE_CHECKING:
    from codegen import RawResponse

QUERY_METHODS = frozenset({"GET", "HEAD", "DELETE"})
"""Methods whose fields go into the query; every other method sends them as a JSON body."""
PAGE_KEYS = ("items", "logs")
"""Where a page keeps its items: list endpoints, and a run's logs."""
PAGE_FIELDS = frozenset({"page", "size", "pages", "skip", "limit"})
"""Fields describing one page, which a merged document drops."""


def api(
    session: Session,
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
            help="HTTP method [default: GET, or POST with fields].",
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
        bool, typer.Option("--paginate", help="Fetch every page; print the items merged.")
    ] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="With --paginate: one JSON line per item, as they come.")
    ] = False,
    include: Annotated[
        bool, typer.Option("--include", "-i", help="Print the status line and headers first.")
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
    body = _read_body(input_) if input_ is not None else None
    request = _Request.build(
        session, path, method, parse_fields(raw_field or (), field or ()), body, paginate
    )
    printer = _Printer(Output(), session.secrets, include=include)
    from codegen import APIStatusError

    client = session.client
    try:
        if paginate:
            params = dict(request.params)
            page_size = params.pop("limit", None)
            params.pop("skip", None)
            sized = {"page_size": page_size} if page_size else {}
            printer.pages(
                client.iter_request_pages(request.path, params=params or None, **sized),
                jsonl=jsonl,
            )
        else:
            printer.response(
                client.request(
                    request.method, request.path, params=request.params or None, json=request.json
                ),
                body=True,
            )
    except APIStatusError as error:
        printer.error(error)
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
        session: Session,
        path: str,
        method: str | None,
        fields: dict[str, Any],
        body: Any,
        paginate: bool,
    ) -> _Request:
        """Fields into the query (a GET's, or beside an --input body) or into the JSON body."""
        route, params = _split(session, path)
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
    """Writes responses to stdout: ``--include`` headers, then the body, the token blanked out."""

    def __init__(self, out: Output, secrets: Iterable[str], *, include: bool) -> None:
        self.out = out
        self.secrets = secrets
        self.include = include

    def response(self, response: RawResponse, *, body: bool) -> None:
        if self.include:
            self._headers(response.status_code, response.headers)
        if body:
            self._body(response.body)

    def pages(self, pages: Iterator[RawResponse], *, jsonl: bool) -> None:
        """Every page's items: one JSON line each with ``jsonl``, else one document, the first
        page with its item list holding them all (``total`` kept, page numbers dropped)."""
        merged: Any = None
        key: str | None = None
        for page in pages:
            self.response(page, body=False)
            items, found = _items(page.body)
            if jsonl:
                for item in items if found else [page.body]:
                    self._write(json.dumps(item, ensure_ascii=False))
                continue
            if merged is None:
                key = found
                merged = dict(page.body) if found else page.body
                if found:
                    merged = {k: v for k, v in merged.items() if k not in PAGE_FIELDS}
                    merged[found] = list(items)
            elif key is not None and found == key:
                merged[key].extend(items)
        if not jsonl and merged is not None:
            self._body(merged)

    def error(self, error: Any) -> None:
        """An error status: its headers with ``--include``, and its body, before the error line."""
        if self.include:
            self._headers(error.status_code, error.headers)
        self._body(error.body)

    def _headers(self, status: int, headers: Any) -> None:
        import http

        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        lines = [f"HTTP {status} {reason}".rstrip()]
        lines += [f"{name}: {value}" for name, value in _header_items(headers)]
        self._write("\n".join(lines) + "\n", plain=True)

    def _body(self, body: Any) -> None:
        if body is None or body == "":
            return
        if isinstance(body, str):
            self._write(body.rstrip("\n"), plain=True)
        else:
            self._write(json.dumps(body, indent=2 if self.out.tty else None, ensure_ascii=False))

    def _write(self, content: str, *, plain: bool = False) -> None:
        """``content`` (JSON, or ``plain`` text) made inert, without the token, on its line."""
        shown = inert(content) if plain else escape_json(content)
        for secret in self.secrets:
            shown = shown.replace(secret, "***")
        self.out.stdout.write(shown + "\n")
        self.out.stdout.flush()


def _items(body: Any) -> tuple[list[Any], str | None]:
    """A page's items and the key that holds them (``None``: not a page)."""
    if isinstance(body, dict):
        for key in PAGE_KEYS:
            if isinstance(body.get(key), list):
                return body[key], key
    return [], None


def _header_items(headers: Any) -> list[tuple[str, str]]:
    items = headers.multi_items() if hasattr(headers, "multi_items") else headers.items()
    return [(str(name), str(value)) for name, value in items]


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


def _split(session: Session, path: str) -> tuple[str, dict[str, Any]]:
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
            value = value.replace("{org_id}", str(session.org_id))
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
