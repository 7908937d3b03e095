"""Everything one simulator app holds, in one place its routes and admin API reach."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from ._config import SimConfig
from ._faults import FaultInjector
from ._ratelimit import RateLimiter
from ._state import Simulator
from ._traffic import TrafficStats


@dataclass
class Runtime:
    """The state, the traffic counters, the fault dice and the rate limiter of one app."""

    config: SimConfig
    simulator: Simulator
    stats: TrafficStats
    faults: FaultInjector
    limiter: RateLimiter | None

    @classmethod
    def start(cls, config: SimConfig) -> Runtime:
        return cls(
            config=config,
            simulator=Simulator(config),
            stats=TrafficStats(),
            faults=FaultInjector(config.fault_rate, config.faults, config.seed),
            limiter=RateLimiter(config.rate_limit) if config.rate_limits else None,
        )

    def reset(self) -> None:
        """As on a first start: seeded state, zero counters, the configured faults, open windows."""
        self.simulator.reset()
        self.stats.reset()
        self.faults.configure(self.config.fault_rate, self.config.faults, self.config.seed)
        self.faults.reset_counts()
        if self.limiter is not None:
            self.limiter.reset()

    def snapshot(self) -> dict[str, object]:
        """The admin API's ``stats``."""
        return {
            "requests": dict(self.stats.requests),
            "handled": dict(self.stats.handled),
            "runs_created": self.simulator.runs_created,
            "faults_injected": self.faults.counts(),
        }


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime
