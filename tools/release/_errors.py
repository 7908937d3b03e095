"""The one error the release tooling raises: a refusal, said in one line."""

from __future__ import annotations


class ReleaseError(Exception):
    """Why the release cannot go on; printed as it is, with exit status 1."""
