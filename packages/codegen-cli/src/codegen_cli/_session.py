"""The global options, and the session a command works in: configuration and one lazy client.

The global options (``--org-id``, ``--api-url``, ``--profile``, ``--debug``) are options of every
command, added by :func:`command`, which also hands the command its :class:`Session` as a plain
first argument. People type them before the command too (``codegen --org-id 5 list``):
:func:`hoist_global_options` moves those after the command name before parsing. They are not
options of the root group because typer converts every non-flag option value with pydantic, which
``codegen run --help`` would then import for nothing.

Nothing heavy is imported here: the client (httpx, pydantic) is imported when a command first asks
for it, so ``--help`` stays fast.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._errors import LOGIN_HINT, ORG_HINT, CliError, ExitCode, report, usage_error

if TYPE_CHECKING:
    from codegen import ClientConfig, CodegenClient


@dataclass(frozen=True)
class Options:
    """The global options as given (``None``: not given)."""

    org_id: int | None = None
    api_url: str | None = None
    profile: str | None = None
    debug: bool = False


@dataclass(frozen=True)
class GlobalOption:
    """How one field of :class:`Options` is given on the command line."""

    name: str
    flag: str
    type: Any
    help: str
    metavar: str | None = None
    """``None`` for a flag without a value."""

    def parameter(self) -> inspect.Parameter:
        option = typer.Option(self.flag, metavar=self.metavar, show_default=False, help=self.help)
        return inspect.Parameter(
            self.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None if self.metavar else False,
            annotation=Annotated[self.type, option],
        )


GLOBAL_OPTIONS = (
    GlobalOption(
        "org_id", "--org-id", int | None,
        "Organization to act in [default: CODEGEN_ORG_ID, then the profile's].", "ID",
    ),
    GlobalOption(
        "api_url", "--api-url", str | None,
        "API base URL [default: CODEGEN_API_URL, the profile's, https://api.codegen.com/v1].",
        "URL",
    ),
    GlobalOption(
        "profile", "--profile", str | None,
        "Profile of the config file [default: CODEGEN_PROFILE, then the file's default].", "NAME",
    ),
    GlobalOption("debug", "--debug", bool, "Log HTTP requests to stderr and show tracebacks."),
)  # fmt: skip


def hoist_global_options(args: Sequence[str]) -> list[str]:
    """``args`` with the global options given before the command name moved after it.

    Only a leading run of global options moves. When no command name follows it (``--help``,
    ``--version``, an unknown option, nothing), the run is dropped and the rest is left for the
    root group to handle.
    """
    takes_value = {option.flag: option.metavar is not None for option in GLOBAL_OPTIONS}
    index = 0
    while index < len(args):
        flag = args[index].split("=", 1)[0]
        if flag not in takes_value:
            break
        index += 2 if takes_value[flag] and "=" not in args[index] else 1
    if index < len(args) and not args[index].startswith("-"):
        return [args[index], *args[:index], *args[index + 1 :]]
    return list(args[index:])


class Session:
    """What a command works with: the options, the configuration, and a client made on first use."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.secrets: set[str] = set()
        """Tokens in use, which error messages must never show."""
        self._config: ClientConfig | None = None
        self._client: CodegenClient | None = None

    @property
    def config(self) -> ClientConfig:
        """Explicit options over the environment over the profile over the defaults."""
        if self._config is None:
            from codegen import ClientConfig

            self._config = ClientConfig.from_env(
                profile=self.options.profile,
                org_id=self.options.org_id,
                api_url=self.options.api_url,
                log_level=self._log_level(),
            )
            if self._config.api_token:
                self.secrets.add(self._config.api_token)
        return self._config

    def _log_level(self) -> str | None:
        """``--debug`` logs every request; otherwise the client's own lines only when
        ``CODEGEN_LOG_LEVEL`` asks for them (the command tells of retries itself)."""
        if self.options.debug:
            return "debug"
        return None if os.environ.get("CODEGEN_LOG_LEVEL", "").strip() else "warning"

    @property
    def client(self) -> CodegenClient:
        """The client, made on first use; "not logged in" (exit 4) without a token."""
        if self._client is None:
            from codegen import CodegenClient

            if self.config.api_token is None:
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

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def command(function: Callable[..., None]) -> Callable[..., None]:
    """``function(session, ...)`` as a typer command that takes the global options, and ends any
    exception it lets through as one error line and its exit code (see ``_errors``).

    Typer builds the command from the signature given here: the command's own parameters after
    the session, then the global options. Typer's own exits and usage errors pass through (usage
    errors exit 2 in typer's format), and so does Ctrl-C, which typer ends with 130.
    """
    own = list(inspect.signature(function, eval_str=True).parameters.values())[1:]

    @functools.wraps(function)
    def run(**kwargs: Any) -> None:
        options = Options(**{option.name: kwargs.pop(option.name) for option in GLOBAL_OPTIONS})
        session = Session(options)
        try:
            function(session, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
            raise  # typer ends these: its exit code, usage errors, a reader that went away
        except Exception as error:
            code = report(error, debug=options.debug, stderr=sys.stderr, secrets=session.secrets)
            raise typer.Exit(code) from None
        finally:
            session.close()

    parameters = [*own, *(option.parameter() for option in GLOBAL_OPTIONS)]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run
