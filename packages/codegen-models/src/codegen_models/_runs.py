"""Agent runs, their pull requests and their log entries."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import CodegenModel
from ._enums import AgentRunStatus, LogMessageGroup, LogMessageType, SourceType
from ._timestamps import Timestamp


class PullRequest(CodegenModel):
    """A GitHub pull request opened by an agent run (the spec's ``GithubPullRequestResponse``)."""

    id: int
    created_at: Timestamp
    title: str | None = None
    url: str | None = None
    head_branch_name: str | None = None


class _RunFields(CodegenModel):
    """Fields and status helpers shared by :class:`AgentRun` and :class:`AgentRunWithLogs`."""

    id: int
    organization_id: int
    status: str | None = None
    """The status string as the server sent it; interpret it with :attr:`status_value`."""
    created_at: Timestamp | None = None
    web_url: str | None = None
    result: str | None = None
    metadata: dict[str, Any] | None = None

    @property
    def status_value(self) -> AgentRunStatus | None:
        """The status as an :class:`AgentRunStatus`; ``None`` if missing or not (yet) known."""
        return AgentRunStatus.parse(self.status)

    @property
    def is_terminal(self) -> bool:
        """The run has ended. An unknown status counts as not ended."""
        status = self.status_value
        return status is not None and status.is_terminal

    @property
    def needs_input(self) -> bool:
        """The run is ``PAUSED``, waiting for a follow-up prompt."""
        status = self.status_value
        return status is not None and status.needs_input

    @property
    def succeeded(self) -> bool:
        """The run ended successfully (``COMPLETE``)."""
        status = self.status_value
        return status is not None and status.succeeded


class AgentRun(_RunFields):
    """An agent run (the spec's ``AgentRunResponse``)."""

    summary: str | None = None
    source_type: str | None = None
    """Where the run came from; interpret it with :class:`SourceType` (``source_type_value``)."""
    github_pull_requests: list[PullRequest] | None = None

    @property
    def source_type_value(self) -> SourceType | None:
        """The source type as a :class:`SourceType`; ``None`` if missing or not (yet) known."""
        return SourceType.parse(self.source_type)

    @property
    def pull_requests(self) -> list[PullRequest]:
        """The run's pull requests; an empty list when the server sent none or null."""
        return list(self.github_pull_requests or [])


class AgentRunLog(CodegenModel):
    """One log entry of an agent run (the spec's ``AgentRunLogResponse``).

    Which fields are filled depends on ``message_type``: an ``ACTION`` has ``tool_name``,
    ``tool_input`` and ``tool_output``; a ``PLAN_EVALUATION`` a ``thought``; ``ERROR`` and
    ``FINAL_ANSWER`` an ``observation`` (an object or a plain string).
    """

    agent_run_id: int
    created_at: Timestamp | None = None
    tool_name: str | None = None
    message_type: str | None = None
    """The type as the server sent it; interpret it with :attr:`message_type_value`."""
    thought: str | None = None
    observation: dict[str, Any] | str | None = None
    tool_input: dict[str, Any] | None = None
    tool_output: dict[str, Any] | None = None

    @property
    def message_type_value(self) -> LogMessageType | None:
        """The type as a :class:`LogMessageType`; ``None`` if missing or not (yet) known."""
        return LogMessageType.parse(self.message_type)

    @property
    def group(self) -> LogMessageGroup | None:
        """The agent that wrote the entry (plan, PR, commit agent, or a link)."""
        message_type = self.message_type_value
        return message_type.group if message_type is not None else None


class AgentRunWithLogs(_RunFields):
    """A page of an agent run's logs, with the run (the spec's ``AgentRunWithLogsResponse``).

    ``total_logs``, ``page``, ``size`` and ``pages`` describe the paging; the spec lets each be null.
    """

    logs: list[AgentRunLog] = Field(default_factory=list)
    total_logs: int | None = None
    page: int | None = None
    size: int | None = None
    pages: int | None = None
