"""The connection the presenters share: a configuration, the client built from it, and a generation.

Settings can replace the configuration while requests are in flight; the generation goes up then, so
presenters drop answers that came from the old token or organization. ``Client`` names the part of
``CodegenClient`` the app uses, so presenter tests can hand in a fake.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

from codegen import (
    AgentRun,
    AgentRunLog,
    AgentRunWithLogs,
    ClientConfig,
    CodegenClient,
    Organization,
    Page,
    Repository,
    RetryNotice,
    User,
)

from ._background import Background

T = TypeVar("T")


class Following(Protocol):
    """What ``follow_agent_run_logs`` returns: the entries, and ``close()`` from any thread."""

    def __iter__(self) -> Iterator[AgentRunLog]: ...

    def __next__(self) -> AgentRunLog: ...

    def close(self) -> None: ...


class Client(Protocol):
    """The operations of ``codegen.CodegenClient`` the app calls (all blocking)."""

    def get_current_user(self) -> User: ...

    def iter_organizations(self) -> Iterator[Organization]: ...

    def iter_repositories(self, org_id: int | None = None) -> Iterator[Repository]: ...

    def list_agent_runs(
        self, org_id: int | None = None, *, skip: int = 0, limit: int = 100
    ) -> Page[AgentRun]: ...

    def get_agent_run(
        self, org_id: int | None = None, agent_run_id: int | None = None
    ) -> AgentRun: ...

    def get_agent_run_logs(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        skip: int = 0,
        limit: int = 100,
    ) -> AgentRunWithLogs: ...

    def follow_agent_run_logs(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        *,
        start: int = 0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 5.0,
        on_update: Callable[[AgentRunWithLogs], Any] | None = None,
        on_retry: Callable[[RetryNotice], Any] | None = None,
    ) -> Following: ...

    def create_agent_run(
        self,
        prompt: str,
        *,
        org_id: int | None = None,
        repo_id: int | None = None,
        model: str | None = None,
        agent_type: str | None = None,
        images: Iterable[str | os.PathLike[str] | bytes] | None = None,
    ) -> AgentRun: ...

    def resume_agent_run(
        self,
        org_id: int | None = None,
        agent_run_id: int | None = None,
        prompt: str | None = None,
        *,
        images: Iterable[str | os.PathLike[str] | bytes] | None = None,
    ) -> AgentRun: ...

    def close(self) -> None: ...


ClientFactory = Callable[[ClientConfig], Client]


def real_client(config: ClientConfig) -> Client:
    client: Client = CodegenClient(config=config)
    return client


class NotConnected(Exception):
    """There is no token or no organization yet; Settings must be filled in first."""


class Connection:
    """The current configuration and client; see the module docstring."""

    def __init__(self, config: ClientConfig, factory: ClientFactory = real_client) -> None:
        self._factory = factory
        self._config = config
        self._client: Client | None = None
        self._lock = threading.Lock()  # workers ask for the client at the same time
        self._early: dict[str, Background[Any]] = {}
        self.generation = 0

    @classmethod
    def from_environment(
        cls, *, profile: str | None = None, env: Mapping[str, str] | None = None
    ) -> Connection:
        """Arguments, environment and profile file, as every tool of the toolkit reads them."""
        return cls(ClientConfig.from_env(env=env, profile=profile))

    @property
    def config(self) -> ClientConfig:
        return self._config

    @property
    def ready(self) -> bool:
        """A token and an organization are configured."""
        return self._config.api_token is not None and self._config.org_id is not None

    @property
    def org_id(self) -> int:
        if self._config.org_id is None:
            raise NotConnected("choose an organization in Settings")
        return self._config.org_id

    def client(self) -> Client:
        """The shared client (thread-safe), built on first use."""
        with self._lock:
            if not self.ready:
                raise NotConnected("sign in first: open Settings and paste your API token")
            if self._client is None:
                self._client = self._factory(self._config)
            return self._client

    def start_early(self, name: str, job: Callable[[Client], object]) -> None:
        """Send ``job(client)`` now, while the window is still being built; the first
        :meth:`answer` of ``name`` takes what it got (the app's start-up asks for its first page
        of runs this way, so that it is on its way before the table exists)."""
        if self.ready:
            self._early[name] = Background(lambda: job(self.client()), name=f"early {name}")

    def answer(self, name: str, job: Callable[[Client], T]) -> T:
        """What ``job(client)`` returns: the early answer of ``name`` once, if one was started
        (waiting for it if it is not back yet), else from a request made now."""
        with self._lock:
            early = self._early.pop(name, None)
        if early is not None:
            result: T = early.result()
            return result
        return job(self.client())

    def client_for(self, config: ClientConfig) -> Client:
        """A separate client for trying other settings before they are saved."""
        return self._factory(config)

    def replace(self, config: ClientConfig) -> None:
        """Use ``config`` from now on; answers to requests made before are to be dropped."""
        with self._lock:
            old, self._client = self._client, None
            self._config = config
            self._early.clear()  # asked with the old settings
            self.generation += 1
        if old is not None:
            old.close()

    def close(self) -> None:
        with self._lock:
            old, self._client = self._client, None
        if old is not None:
            old.close()
