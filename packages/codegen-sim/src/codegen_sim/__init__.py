"""A local, stateful simulator of the Codegen Agent API.

``SimServer`` runs one on a free loopback port (a context manager); ``create_app`` gives the ASGI app
itself; ``SimConfig`` says how it behaves. See the package README for prompt directives, options and
the admin API.
"""

from ._app import create_app
from ._config import FAULT_KINDS, RATE_LIMITS, SimConfig
from ._seeded_world import DEFAULT_TOKEN, PRIMARY_ORG_ID
from ._server import SimServer

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_TOKEN",
    "FAULT_KINDS",
    "PRIMARY_ORG_ID",
    "RATE_LIMITS",
    "SimConfig",
    "SimServer",
    "create_app",
]
