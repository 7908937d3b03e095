"""Converting typed values without building a pydantic validator for every parameter.

Typer 0.29 converts each parameter's value with a pydantic ``TypeAdapter`` that it builds the
first time the parameter is processed — for every parameter of the command, given or not (an
absent option's ``None`` too). That is most of a millisecond each and pulls in pydantic's schema
machinery, for a command line whose values are all text: ``codegen list`` built eleven validators
to learn that nothing was given.

The values of this CLI need none of it. A parameter either has a parser of ours (``_values``,
which raise :class:`~._usage_errors.InvalidValue` in our words, passed on by typer untouched), or takes text as typed, or is a
flag (which typer leaves alone). :class:`TextCoercion` does exactly that, per value and per item
of a repeated option; for anything else — a value that is not text, a parser that fails with a
plain ``ValueError``, a type this CLI does not use — it hands the value to typer's own conversion,
built then, so typer's behaviour and messages stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args, get_origin

from typer._coercion import RuntimeParam, build_runtime_param, resolve_type_descriptor
from typer.core import TyperArgument, TyperOption

if TYPE_CHECKING:
    from typer._click import Context, Parameter
    from typer.core import _TyperParameter


class _NotText(Exception):
    """The value is not one this module converts: typer's own conversion takes it."""


@dataclass(frozen=True)
class TextCoercion(RuntimeParam):
    """Typer's runtime conversion of one parameter, done directly for text and our parsers."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            return self._convert(value)  # an InvalidValue goes up as it would through typer's
        except (_NotText, ValueError):
            typer_own = build_runtime_param(
                resolve_type_descriptor(self.annotation, self.parameter_info)
            )
            return typer_own._coerce_value(value, param=param, ctx=ctx)

    def _convert(self, value: Any) -> Any:
        annotation: Any = self.annotation
        many = get_origin(annotation) is list
        item_type = get_args(annotation)[0] if many else annotation
        parse: Callable[[str], Any] | None = self.parameter_info.parser
        if parse is None and item_type is str:
            parse = str
        items = list(value) if many and isinstance(value, list | tuple) else [value]
        if parse is None or not all(type(item) is str for item in items):
            raise _NotText
        parsed = [parse(item) for item in items]
        return parsed if many else parsed[0]


def convert_without_pydantic(params: list[Parameter]) -> None:
    """Give each typer parameter of a command :class:`TextCoercion` as its runtime conversion
    (typer builds its own lazily, on first use, into ``_runtime_param``; one set here is used
    instead — checked by the CLI's tests against the typer in use)."""
    for param in params:
        if isinstance(param, TyperOption | TyperArgument):
            descriptor = param.type_descriptor
            param._runtime_param = TextCoercion(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
