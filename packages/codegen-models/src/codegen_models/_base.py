"""The base every model shares: lenient to API growth, faithful on the way back out.

The Codegen API adds fields roughly weekly, always as optional. A client that rejects what it does not
know breaks on the day the server grows, so every model keeps unknown fields (``extra="allow"``) and
:meth:`CodegenModel.to_dict` gives back exactly what the server sent: fields it sent, nulls it sent,
unknown fields it sent, and nothing it did not.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class CodegenModel(BaseModel):
    """Base of every Codegen API model."""

    model_config = ConfigDict(
        # A model's validator is built when it is first used, not when it is defined, so that
        # importing the package costs little and a program pays only for the models it uses.
        defer_build=True,
        extra="allow",
        populate_by_name=True,
        # Assignments are validated too, so `run.created_at = "..."` parses like the constructor does.
        validate_assignment=True,
    )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of this model: what was set (or sent), unknown fields included."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def to_json(self, *, indent: int | None = None) -> str:
        """The JSON text of :meth:`to_dict`."""
        return self.model_dump_json(by_alias=True, exclude_unset=True, indent=indent)

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields the server sent that this version of the models does not know."""
        return dict(self.__pydantic_extra__ or {})
