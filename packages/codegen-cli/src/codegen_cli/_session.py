"""The global options, and the session a command works in: configuration and one lazy client.

Typer binds options of the root callback only before the subcommand (``codegen --org-id 5 list``),
but people type them after it too (``codegen list --org-id 5``). :func:`command` therefore gives
every command the global options as well, and merges what was given at either place (the later
wins). It also hands the command its :class:`Session`, so commands take it as a plain first
argument and never reach for a global.

Nothing heavy is imported here: the client (httpx, pydantic) is imported when a command first asks
for it, so ``codegen --help`` stays fast.
"""

from __future__ import annotations

import functools
import inspect
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._errors import LOGIN_HINT, ORG_HINT, CliError, ExitCode, report, usage_error

if TYPE_CHECKING:
    from codegen import ClientConfig, CodegenClient

OrgIdOption = Annotated[
    int | None,
    typer.Option(
        "--org-id",
        metavar="ID",
        show_default=False,
        help="Organization to act in [default: CODEGEN_ORG_ID, then the profile's].",
    ),
]
ApiUrlOption = Annotated[
    str | None,
    typer.Option(
        "--api-url",
        metavar="URL",
        show_default=False,
        help="API base URL [default: CODEGEN_API_URL, the profile's, https://api.codegen.com/v1].",
    ),
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        metavar="NAME",
        show_default=False,
        help="Profile of the config file [default: CODEGEN_PROFILE, then the file's default].",
    ),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Log HTTP requests to stderr and show tracebacks.")
]


@dataclass(frozen=True)
class Options:
    """The global options as given (``None``: not given)."""

    org_id: int | None = None
    api_url: str | None = None
    profile: str | None = None
    debug: bool = False

    def updated(self, **given: Any) -> Options:
        """These options with every value that was given (not ``None`` or ``False``) replaced."""
        return replace(self, **{name: value for name, value in given.items() if value})


GLOBAL_PARAMETERS = [  # one per field of Options, which they fill
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
    for name, default, annotation in (
        ("org_id", None, OrgIdOption),
        ("api_url", None, ApiUrlOption),
        ("profile", None, ProfileOption),
        ("debug", False, DebugOption),
    )
]


class Session:
    """What a command works with: the options, the configuration, and a client made on first use."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.secrets: set[str] = set()
        """Tokens in use, which error messages must never show."""
        self._config: ClientConfig | None = None
        self._client: CodegenClient | None = None
        self._undo: list[Callable[[], None]] = []

    @property
    def config(self) -> ClientConfig:
        """Explicit options over the environment over the profile over the defaults."""
        if self._config is None:
            from codegen import ClientConfig

            self._config = ClientConfig.from_env(
                profile=self.options.profile,
                org_id=self.options.org_id,
                api_url=self.options.api_url,
            )
            if self._config.token:
                self.secrets.add(self._config.token)
        return self._config

    @property
    def client(self) -> CodegenClient:
        """The client, made on first use; "not logged in" (exit 4) without a token."""
        if self._client is None:
            from codegen import CodegenClient

            if self.config.token is None:
                raise CliError("not logged in: no API token", hint=LOGIN_HINT, code=ExitCode.AUTH)
            self._client = CodegenClient(config=self.config)
        return self._client

    @property
    def org_id(self) -> int:
        """The organization to act in; a usage error (exit 2) when none is configured."""
        org_id = self.config.org_id
        if org_id is None:
            raise usage_error("no organization id", hint=ORG_HINT)
        return org_id

    def log_requests(self) -> None:
        """``--debug``: the client's log (requests, retries; tokens scrubbed) on stderr, for this
        command only (the client's own ``log_level`` would attach a handler for the process)."""
        logger = logging.getLogger("codegen")
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[codegen %(levelname)s] %(message)s"))
        level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)

        def undo() -> None:
            logger.removeHandler(handler)
            logger.setLevel(level)

        self._undo.append(undo)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        while self._undo:
            self._undo.pop()()


def command(function: Callable[..., None]) -> Callable[..., None]:
    """``function(session, ...)`` as a typer command that also takes the global options, and ends
    any exception it lets through as one error line and its exit code (see ``_errors``).

    Typer builds the command from the signature given here: the command's own parameters after
    the session, the click context (to find the session) and the global options. Typer's own
    exits and usage errors pass through (usage errors exit 2 in typer's format), and so does
    Ctrl-C, which typer ends with 130.
    """
    own = list(inspect.signature(function, eval_str=True).parameters.values())[1:]
    context = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)

    @functools.wraps(function)
    def run(**kwargs: Any) -> None:
        ctx: typer.Context = kwargs.pop("ctx")
        session: Session = ctx.obj
        given = {parameter.name: kwargs.pop(parameter.name) for parameter in GLOBAL_PARAMETERS}
        session.options = session.options.updated(**given)
        if session.options.debug:
            session.log_requests()
        try:
            function(session, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
            raise  # typer ends these: its exit code, usage errors, a reader that went away
        except Exception as error:
            code = report(
                error, debug=session.options.debug, stderr=sys.stderr, secrets=session.secrets
            )
            raise typer.Exit(code) from None

    parameters = [*own, context, *GLOBAL_PARAMETERS]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run
