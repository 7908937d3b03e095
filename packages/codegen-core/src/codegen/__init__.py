"""Sync and async clients for the Codegen Agent API."""

__version__ = "0.1.0"
