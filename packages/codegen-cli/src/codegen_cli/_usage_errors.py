"""Usage errors as one line that names the thing at fault and the next step, never its value.

Every usage error of every command passes through :func:`describe` (the root group's ``main``
calls it), so this is the one place that decides what a usage error prints. What was typed is
never repeated: an argument, an unknown command or a bad value could be a token pasted in the wrong
place (``codegen login <token>``), and an error line ends up in terminals, logs and CI output. The
error names the parameter instead (``--limit``, ``ID``), which is enough to find the mistake.
Option names are shown when they have the shape of one (``--limt``), since that is what a typo
of an option looks like. Messages this module does not know have every typed value blanked out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from typer._click import exceptions as click_errors

if TYPE_CHECKING:
    from typer._click import Context

OPTION_NAME = re.compile(r"--?[A-Za-z][A-Za-z0-9-]{0,30}")
BLANK = "…"


class InvalidValue(click_errors.BadParameter):
    """A value our own parsers (``_values``) refused; their messages never include it."""


class WrongUsage(click_errors.UsageError):
    """A usage error worded here (its message holds no typed value), with its next step."""

    def __init__(self, message: str, ctx: Context | None = None, hint: str | None = None):
        super().__init__(message, ctx)
        self.hint = hint


def option_name(name: str) -> str:
    """``name`` if it has the shape of an option, else a neutral word."""
    return name if OPTION_NAME.fullmatch(name) else "(not shown)"


def _parameter_name(error: click_errors.BadParameter) -> str:
    param = error.param
    if param is None:
        return "a value"
    opts: list[str] = [opt for opt in getattr(param, "opts", []) if opt.startswith("--")]
    if param.param_type_name == "option" and opts:
        return opts[0]
    return str(param.metavar or param.name or "a value").upper()


def blank_typed_values(message: str, args: Sequence[str], known: Collection[str] = ()) -> str:
    """``message`` with every value from ``args`` (but option names and the ``known`` command
    names) replaced by ``…``."""
    values = set()
    for arg in args:
        if arg in known:
            continue
        name, _, value = arg.partition("=")
        if value:
            values.add(value)
        if not OPTION_NAME.fullmatch(name if value else arg):
            values.add(arg)
    for value in sorted(values, key=len, reverse=True):
        if len(value) >= 2:
            message = message.replace(value, BLANK)
    return message


def describe(
    error: click_errors.UsageError, args: Sequence[str], known: Collection[str] = ()
) -> tuple[str, str]:
    """The message and the next step for ``error``, raised while parsing ``args`` (in which the
    ``known`` command names may be shown)."""
    path = error.ctx.command_path if error.ctx is not None else "codegen"
    see_help = f"see `{path} --help`"
    if isinstance(error, click_errors.NoSuchOption):
        message = f"unknown option {option_name(error.option_name)}"
        if error.possibilities:
            return message, f"did you mean {' or '.join(sorted(error.possibilities))}?"
        return message, see_help
    if isinstance(error, click_errors.BadOptionUsage):
        name = option_name(error.option_name)
        if "does not take" in error.message:
            return f"{name} takes no value", see_help
        return f"{name} needs a value", see_help
    if isinstance(error, click_errors.MissingParameter):
        return f"missing {_parameter_name(error)}", see_help
    if isinstance(error, InvalidValue):
        return f"invalid {_parameter_name(error)}: {error.message}", see_help
    if isinstance(error, click_errors.BadParameter):
        message = blank_typed_values(error.message, args, known)
        return f"invalid {_parameter_name(error)}: {message}", see_help
    if isinstance(error, WrongUsage):
        return error.message, error.hint or see_help
    return blank_typed_values(error.format_message(), args, known), see_help
