"""The Codegen Tk desktop app."""

__version__ = "0.1.0"
