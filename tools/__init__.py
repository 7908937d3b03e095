"""The repository's own tools (never shipped in a package)."""
