"""The package version, and the line ``codegen --version`` prints."""

from __future__ import annotations

__version__ = "0.1.0"


def version_line() -> str:
    return f"codegen {__version__}"
