"""A local, stateful simulator of the Codegen Agent API."""

__version__ = "0.1.0"
