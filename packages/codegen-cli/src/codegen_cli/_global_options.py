"""The global options (``--org-id``, ``--api-url``, ``--profile``, ``--debug``), declared once.

They are options of every command (added by ``_invocation.command``) rather than of the root
group, because typer converts every option value of the group with pydantic, which
``codegen run --help`` would then import for nothing. People type them before the command too
(``codegen --org-id 5 list``): :func:`hoist_global_options` moves those after the command name
before parsing. Help shows them once, as their own group (``_help``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from ._values import whole_number


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
    parser: Callable[[str], Any] | None = None

    def parameter(self) -> inspect.Parameter:
        option = typer.Option(
            self.flag,
            metavar=self.metavar,
            parser=self.parser,
            show_default=False,
            help=self.help,
        )
        return inspect.Parameter(
            self.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None if self.metavar else False,
            annotation=Annotated[self.type, option],
        )


GLOBAL_OPTIONS = (
    GlobalOption(
        "org_id", "--org-id", int | None,
        "Organization to act in (default: CODEGEN_ORG_ID, then the profile's).", "ID",
        whole_number,
    ),
    GlobalOption(
        "api_url", "--api-url", str | None,
        "API base URL (default: CODEGEN_API_URL, the profile's, https://api.codegen.com/v1).",
        "URL",
    ),
    GlobalOption(
        "profile", "--profile", str | None,
        "Profile of the config file (default: CODEGEN_PROFILE, then the file's default).", "NAME",
    ),
    GlobalOption("debug", "--debug", bool, "Log each HTTP request to stderr; show tracebacks."),
)  # fmt: skip
GLOBAL_NAMES = frozenset(option.name for option in GLOBAL_OPTIONS)


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
