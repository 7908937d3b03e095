"""The package version, and the line ``codegen --version`` prints."""

from __future__ import annotations

__version__ = "0.1.0"
"""The version of codegen-cli (all five packages are released together, at one version)."""


def version_line() -> str:
    """What ``codegen --version`` prints."""
    return f"codegen {__version__}"
