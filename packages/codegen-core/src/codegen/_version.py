__version__ = "0.1.0"
"""The version of codegen-core (all five packages are released together, at one version)."""
