"""The new-run form: prompt, repository, model, agent type, images; submitting starts the run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from codegen import AgentRun, AgentType, Repository

from ._connection import Connection
from ._errors import describe
from ._view_link import ViewLink
from ._worker import Generation, Worker

DEFAULT_CHOICE = "(default)"
"""What the agent type picker shows for "let the organization decide"."""
NO_REPOSITORY = "(none)"

AGENT_TYPES: tuple[str, ...] = (DEFAULT_CHOICE, *(member.value for member in AgentType))


@dataclass(frozen=True)
class NewRunForm:
    prompt: str
    repository: str = NO_REPOSITORY
    """A full name from the picker, or :data:`NO_REPOSITORY`."""
    model: str = ""
    agent_type: str = DEFAULT_CHOICE
    images: Sequence[str] = field(default_factory=tuple)
    """Paths of image files to attach."""


class NewRunView(Protocol):
    def show_repositories(self, names: Sequence[str]) -> None: ...

    def show_error(self, text: str) -> None: ...

    def set_busy(self, busy: bool, text: str = "") -> None: ...

    def close(self) -> None: ...

    def bring_to_front(self) -> None: ...


class NewRunPresenter(ViewLink[NewRunView]):
    def __init__(
        self, connection: Connection, worker: Worker, *, on_created: Callable[[AgentRun], None]
    ) -> None:
        super().__init__()
        self._connection = connection
        self._worker = worker
        self._on_created = on_created
        self._generation = Generation()
        self._repositories: dict[str, Repository] = {}
        self._submitting = False
        self.is_open = False

    def attach(self, view: NewRunView) -> None:
        """The form is on screen: fill the repository picker from the API."""
        self._attach(view)
        self.is_open = True
        view.show_repositories([NO_REPOSITORY])
        connection, org_id = self._connection, self._connection.org_id

        def job() -> list[Repository]:
            repos = connection.client().iter_repositories(org_id)
            return sorted((r for r in repos if not r.archived), key=lambda r: r.full_name.lower())

        self._worker.submit(
            job,
            self._generation.guard(self._got_repositories),
            self._generation.guard(self._repositories_failed),
        )

    def _got_repositories(self, repositories: list[Repository]) -> None:
        self._repositories = {repo.full_name: repo for repo in repositories}
        self.view.show_repositories([NO_REPOSITORY, *self._repositories])

    def _repositories_failed(self, error: Exception) -> None:
        self.view.show_error(f"Could not list the repositories: {describe(error)}")

    def submit(self, form: NewRunForm) -> None:
        if self._submitting:
            return
        prompt = form.prompt.strip()
        if not prompt:
            self.view.show_error("Write a prompt: what should the agent do?")
            return
        repo_id: int | None = None
        if form.repository != NO_REPOSITORY:
            repo = self._repositories.get(form.repository)
            if repo is None:
                self.view.show_error(
                    f"Unknown repository {form.repository!r}: pick one from the list"
                )
                return
            repo_id = repo.id
        model = form.model.strip() or None
        agent_type = None if form.agent_type == DEFAULT_CHOICE else form.agent_type
        images = list(form.images) or None
        connection, org_id = self._connection, self._connection.org_id

        def job() -> AgentRun:
            return connection.client().create_agent_run(
                prompt,
                org_id=org_id,
                repo_id=repo_id,
                model=model,
                agent_type=agent_type,
                images=images,
            )

        self._submitting = True
        self.view.set_busy(True, "Starting the run…")
        self._worker.submit(
            job, self._generation.guard(self._created), self._generation.guard(self._failed)
        )

    def _created(self, run: AgentRun) -> None:
        self._submitting = False
        self.cancel()
        self._on_created(run)

    def _failed(self, error: Exception) -> None:
        self._submitting = False
        self.view.set_busy(False)
        self.view.show_error(describe(error))

    def cancel(self) -> None:
        """Close the form (Escape); answers still on their way are dropped."""
        self._generation.bump()
        if self.is_open:
            self.is_open = False
            self.view.close()
