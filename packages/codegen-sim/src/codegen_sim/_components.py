"""The parts of one simulator app, wired together where its routes and admin API reach them.

The service (state and operations), the traffic counters, the fault dice, the rate limiter and the
idempotency switch are made from one :class:`SimConfig` when the app is created, and put back as
they were by a reset.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from ._config import SimConfig
from ._faults import FaultInjector
from ._ratelimit import RateLimiter
from ._service import SimulatedService
from ._traffic import TrafficStats


@dataclass
class Components:
    """The service, the traffic counters, the fault dice and the rate limiter of one app."""

    config: SimConfig
    service: SimulatedService
    stats: TrafficStats
    faults: FaultInjector
    limiter: RateLimiter | None
    honour_idempotency_keys: bool
    """Whether a repeated ``Idempotency-Key`` is answered from the first answer (admin switch)."""

    @classmethod
    def start(cls, config: SimConfig) -> Components:
        return cls(
            config=config,
            service=SimulatedService(config),
            stats=TrafficStats(),
            faults=FaultInjector(config.fault_rate, config.faults, config.seed),
            limiter=RateLimiter(config.rate_limit) if config.rate_limits else None,
            honour_idempotency_keys=config.honour_idempotency_keys,
        )

    def reset(self) -> None:
        """As on a first start: seeded state, zero counters, the configured faults, open windows."""
        self.service.reset()
        self.stats.reset()
        self.faults.configure(self.config.fault_rate, self.config.faults, self.config.seed)
        self.faults.reset_counts()
        if self.limiter is not None:
            self.limiter.reset()
        self.honour_idempotency_keys = self.config.honour_idempotency_keys

    def snapshot(self) -> dict[str, object]:
        """The admin API's ``stats``."""
        return {
            "requests": dict(self.stats.requests),
            "handled": dict(self.stats.handled),
            "runs_created": self.service.runs_created,
            "client_request_ids": self.service.client_request_ids(),
            "resumes_applied": self.service.resumes_applied(),
            "faults_injected": self.faults.counts(),
        }


def components_of(request: Request) -> Components:
    """The components of the app serving ``request``."""
    components: Components = request.app.state.components
    return components
