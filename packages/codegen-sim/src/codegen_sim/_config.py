"""How a simulator behaves: one frozen dataclass that every part reads.

Everything has a default, so ``SimConfig()`` is the simulator a newcomer meets: runs that finish in a
few seconds, the real service's rate limits, no faults, no admin API, state in memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from codegen_models import api

RATE_LIMITS: Final = api.RATE_LIMITS
"""The spec's limits per token and class (``codegen_models.api.RATE_LIMITS``), served by default."""

FAULT_KINDS: tuple[str, ...] = ("429", "502", "503", "reset", "slow")
"""Every fault the simulator can inject."""


@dataclass(frozen=True)
class SimConfig:
    """Options of a simulator. The CLI's flags map one to one onto these fields."""

    speed: float = 1.0
    """Simulated seconds per real second: 10 makes every run finish ten times sooner."""
    run_seconds: float = 4.0
    """Simulated seconds a run takes from creation to its end, unless ``sim:seconds=T`` says."""
    seed: int | None = None
    """Seed of the fault dice. Run content is always deterministic (from run id and prompt)."""
    rate_limits: bool = True
    rate_limit_overrides: Mapping[str, tuple[int, float]] = field(default_factory=dict)
    """Class name (a :class:`~codegen_models.api.RateClass`) → (requests, window seconds),
    replacing the spec's limit of that class."""
    fault_rate: float = 0.0
    """Probability (0..1) that an API request meets a fault."""
    faults: tuple[str, ...] = FAULT_KINDS
    """Faults to pick from: any of ``429``, ``502``, ``503``, ``reset``, ``slow``."""
    slow_seconds: float = 1.5
    """How long a ``slow`` fault stalls a request."""
    latency: float = 0.0
    """Real seconds added to every API response, for benchmarks."""
    admin: bool = False
    """Serve the admin API under ``/_sim`` (stats, reset, clock, faults)."""
    state_file: str | None = None
    """SQLite file that keeps the state across restarts; ``None`` keeps it in memory."""
    alpha_logs: bool = True
    """Serve the spec's ``/v1/alpha/...`` logs route; ``False`` leaves only the documented alias."""
    extra_users: int = 0
    """More users in the primary organization, with tokens ``sim-token-2``, ``sim-token-3``, ..."""
    run_allotment: int | None = None
    """Runs an organization may create before creating answers 402; ``None`` for no limit."""

    def __post_init__(self) -> None:
        if self.speed <= 0:
            raise ValueError(f"speed must be positive, got {self.speed}")
        if self.run_seconds < 0:
            raise ValueError(f"run_seconds must not be negative, got {self.run_seconds}")
        check_faults(self.fault_rate, self.faults)
        if self.slow_seconds < 0 or self.latency < 0:
            raise ValueError("slow_seconds and latency must not be negative")
        if self.extra_users < 0:
            raise ValueError(f"extra_users must not be negative, got {self.extra_users}")
        if self.run_allotment is not None and self.run_allotment < 0:
            raise ValueError(f"run_allotment must not be negative, got {self.run_allotment}")
        for name, (requests, window) in self.rate_limit_overrides.items():
            if name not in RATE_LIMITS:
                known = ", ".join(RATE_LIMITS)
                raise ValueError(f"unknown rate-limit class {name!r} (known: {known})")
            if requests < 1 or window <= 0:
                raise ValueError(f"rate limit {name} needs at least 1 request per positive window")

    def rate_limit(self, rate_class: api.RateClass) -> api.RateLimit:
        """The limit of ``rate_class``, overrides applied."""
        override = self.rate_limit_overrides.get(rate_class)
        return RATE_LIMITS[rate_class] if override is None else api.RateLimit(*override)


def check_faults(rate: float, faults: tuple[str, ...]) -> None:
    """Reject a fault rate outside 0..1 or an unknown fault kind (config and admin API alike)."""
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"fault rate must be between 0 and 1, got {rate}")
    unknown = [kind for kind in faults if kind not in FAULT_KINDS]
    if unknown:
        raise ValueError(f"unknown fault {unknown[0]!r} (known: {', '.join(FAULT_KINDS)})")
