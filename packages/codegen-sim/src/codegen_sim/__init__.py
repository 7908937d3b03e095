"""A local, stateful simulator of the Codegen Agent API.

``SimServer`` runs one on a free loopback port (a context manager); ``create_app`` gives the ASGI app
itself; ``SimConfig`` says how it behaves. See the package README for prompt directives, options and
the admin API.

Importing the package loads neither FastAPI nor uvicorn: ``create_app`` is imported on first use, and
``SimServer`` imports them on its serving thread, so ``codegen-sim exec`` starts its command at once.
"""

from typing import TYPE_CHECKING, Any

from ._config import FAULT_KINDS, RATE_LIMITS, SimConfig
from ._seeded_world import DEFAULT_TOKEN, PRIMARY_ORG_ID
from ._server import SimServer

if TYPE_CHECKING:
    from ._app import create_app

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


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from ._app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
