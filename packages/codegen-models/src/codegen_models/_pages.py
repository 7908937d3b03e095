"""The paging envelope of every list endpoint."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field

from ._base import CodegenModel

T = TypeVar("T")


class Page(CodegenModel, Generic[T]):
    """One page of a list: ``items`` plus ``total``, ``page`` (1-based), ``size`` and ``pages``.

    The spec's ``Page_AgentRunResponse_`` is ``Page[AgentRun]``, and so on.
    """

    items: list[T] = Field(default_factory=list)
    total: int
    page: int
    size: int
    pages: int
