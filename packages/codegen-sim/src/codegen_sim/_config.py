"""How a simulator behaves: one frozen dataclass that every part reads.

Everything has a default, so ``SimConfig()`` is the simulator a newcomer meets: runs that finish in a
few seconds, the real service's rate limits, no faults, no admin API, state in memory.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from codegen_models import api

from ._directives import MAX_SECONDS

RATE_LIMITS: Final = api.RATE_LIMITS
"""The spec's limits per token and class (``codegen_models.api.RATE_LIMITS``), served by default."""

FAULT_KINDS: tuple[str, ...] = ("429", "502", "503", "504", "reset", "slow", "lost")
"""Every fault the simulator can inject (see :mod:`codegen_sim._faults`)."""

MIN_SPEED = 1e-6
MAX_SPEED = 100_000.0
"""Fastest clock (a simulated day a second): faster, the clock would soon run out of timestamps."""
MAX_DELAY = 3600.0
"""Longest ``slow`` fault or added latency, in seconds."""
MAX_EXTRA_USERS = 1000
MAX_RATE_LIMIT_REQUESTS = 1_000_000


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
    """Faults to pick from: any of :data:`FAULT_KINDS`."""
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
    honour_idempotency_keys: bool = False
    """Answer a repeated ``Idempotency-Key`` with the first answer. Off by default, like the real
    API, which does not document the header: a client must not rely on it to avoid duplicates."""

    def __post_init__(self) -> None:
        check_number("speed", self.speed, MIN_SPEED, MAX_SPEED)
        check_number("run_seconds", self.run_seconds, 0, MAX_SECONDS)
        check_faults(self.fault_rate, self.faults)
        check_number("slow_seconds", self.slow_seconds, 0, MAX_DELAY)
        check_number("latency", self.latency, 0, MAX_DELAY)
        check_number("extra_users", self.extra_users, 0, MAX_EXTRA_USERS)
        if self.run_allotment is not None:
            check_number("run_allotment", self.run_allotment, 0, math.inf)
        for name, (requests, window) in self.rate_limit_overrides.items():
            if name not in RATE_LIMITS:
                known = ", ".join(RATE_LIMITS)
                raise ValueError(f"unknown rate-limit class {name!r} (known: {known})")
            check_number(f"rate limit {name}: requests", requests, 1, MAX_RATE_LIMIT_REQUESTS)
            check_number(f"rate limit {name}: seconds", window, 0.001, MAX_SECONDS)

    def rate_limit(self, rate_class: api.RateClass) -> api.RateLimit:
        """The limit of ``rate_class``, overrides applied."""
        override = self.rate_limit_overrides.get(rate_class)
        return RATE_LIMITS[rate_class] if override is None else api.RateLimit(*override)


def check_number(name: str, value: float, low: float, high: float) -> None:
    """Reject anything but a number from ``low`` to ``high`` (NaN and infinities included).

    The one check behind every number the simulator is given (options, the admin API, the clock):
    an unbounded one got as far as a timestamp or a sleep and failed there, as a 500 or a hang.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}, got {value!r}")


def check_faults(rate: float, faults: tuple[str, ...]) -> None:
    """Reject a fault rate outside 0..1 or an unknown fault kind (config and admin API alike)."""
    check_number("fault rate", rate, 0, 1)
    unknown = [kind for kind in faults if kind not in FAULT_KINDS]
    if unknown:
        raise ValueError(f"unknown fault {unknown[0]!r} (known: {', '.join(FAULT_KINDS)})")
