"""What a command works with, and how a function becomes a command.

An :class:`Invocation` is one run of one command: its global options, the configuration they
select, and a client made on first use. :func:`command` turns ``function(invocation, ...)`` into
a typer command that takes the global options and ends any exception as one error line with its
exit code.

Nothing heavy is imported here: the client (httpx, pydantic) is imported when a command first asks
for it, so ``--help`` stays fast.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from ._errors import LOGIN_HINT, ORG_HINT, CliError, ExitCode, report, usage_error
from ._global_options import GLOBAL_OPTIONS, Options

if TYPE_CHECKING:
    from codegen import ClientConfig, CodegenClient


class Invocation:
    """One run of a command: the options, the configuration, and a client made on first use."""

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
        """``--debug`` is the client's own debug level, so its one handler prints each request
        once (a second handler would print every line twice); otherwise the client's lines only
        when ``CODEGEN_LOG_LEVEL`` asks for them, and its warnings (a list that stopped paging
        early): the command tells of retries itself."""
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
    def token_source(self) -> str | None:
        """Where the token in use came from: an environment variable or a profile."""
        if self._config is None or self._config.api_token is None:
            return None
        from codegen_models.api import ENV_ALIASES, EnvVar

        for name in (EnvVar.API_TOKEN, *ENV_ALIASES[EnvVar.API_TOKEN]):  # the client's order
            if os.environ.get(name, "").strip():
                return name
        return f"profile {self._config.profile!r}" if self._config.profile else "the profile"

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
    """``function(invocation, ...)`` as a typer command that takes the global options, and ends
    any exception it lets through as one error line and its exit code (see ``_errors``).

    Typer builds the command from the signature given here: the command's own parameters after
    the invocation, then the global options. Typer's own exits and usage errors pass through,
    and so does Ctrl-C, which typer ends with 130.
    """
    own = list(inspect.signature(function, eval_str=True).parameters.values())[1:]

    @functools.wraps(function)
    def run(**kwargs: Any) -> None:
        options = Options(**{option.name: kwargs.pop(option.name) for option in GLOBAL_OPTIONS})
        invocation = Invocation(options)
        try:
            function(invocation, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
            raise  # typer ends these: its exit code, usage errors, a reader that went away
        except Exception as error:
            code = report(
                error,
                debug=options.debug,
                stderr=sys.stderr,
                secrets=invocation.secrets,
                token_source=invocation.token_source,
            )
            raise typer.Exit(code) from None
        finally:
            invocation.close()

    parameters = [*own, *(option.parameter() for option in GLOBAL_OPTIONS)]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run
