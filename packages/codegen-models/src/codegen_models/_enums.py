"""Value sets of the API, and the helpers that interpret them.

Fields that carry these values stay plain strings in the models, because the service sends values the
spec never lists (statuses are not enumerated at all; log types only in the docs) and because a model
must dump back what it received. The enums here interpret such strings: case-insensitively, with the
spellings the docs use (``"completed"``, ``"failed"``), and with ``parse`` returning ``None`` for a
value this version does not know instead of raising.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Self


class _LenientStrEnum(StrEnum):
    """A StrEnum looked up case-insensitively, with documented alias spellings.

    Spellings are normalised when a value is parsed (``AgentRunStatus("completed")`` is
    ``COMPLETE``); a member then compares and hashes as its canonical value alone, like any
    ``StrEnum``, so ``==``, sets and dict keys always agree. Interpret a raw string with
    :meth:`parse` (or a model's ``status_value``), not with ``==``.
    """

    @classmethod
    def _aliases(cls) -> Mapping[str, str]:
        """Alias spellings (upper case) mapped to member values."""
        return {}

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        key = value.strip().upper().replace("-", "_").replace(" ", "_")
        key = cls._aliases().get(key, key)
        for member in cls:
            if member.value == key:
                return member
        return None

    @classmethod
    def parse(cls, value: str | None) -> Self | None:
        """The member a string means, or ``None`` when it is empty or unknown."""
        if value is None:
            return None
        try:
            return cls(value)
        except ValueError:
            return None


class AgentRunStatus(_LenientStrEnum):
    """Every status value seen from the service (the spec types ``status`` as a free string)."""

    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    RUNNING = "RUNNING"
    EVALUATION = "EVALUATION"
    PAUSED = "PAUSED"
    COMPLETE = "COMPLETE"
    FAILED = "FAILED"
    ERROR = "ERROR"
    CANCELLED = "CANCELLED"
    STOPPED = "STOPPED"
    TIMEOUT = "TIMEOUT"
    MAX_ITERATIONS_REACHED = "MAX_ITERATIONS_REACHED"
    OUT_OF_TOKENS = "OUT_OF_TOKENS"

    @classmethod
    def _aliases(cls) -> Mapping[str, str]:
        # Spellings used by the docs and the official SDK's README.
        return _STATUS_ALIASES

    @property
    def is_terminal(self) -> bool:
        """The run has ended and will not change again on its own."""
        return self in TERMINAL_STATUSES

    @property
    def needs_input(self) -> bool:
        """The run waits for a follow-up prompt (``resume``) before it carries on."""
        return self is AgentRunStatus.PAUSED

    @property
    def succeeded(self) -> bool:
        """The run ended successfully."""
        return self is AgentRunStatus.COMPLETE


_STATUS_ALIASES: Mapping[str, str] = {
    "COMPLETED": "COMPLETE",
    "SUCCEEDED": "COMPLETE",
    "SUCCESS": "COMPLETE",
    "FAILURE": "FAILED",
    "CANCELED": "CANCELLED",
    "QUEUED": "PENDING",
    "IN_PROGRESS": "RUNNING",
    "TIMED_OUT": "TIMEOUT",
}

TERMINAL_STATUSES: frozenset[AgentRunStatus] = frozenset(
    {
        AgentRunStatus.COMPLETE,
        AgentRunStatus.FAILED,
        AgentRunStatus.ERROR,
        AgentRunStatus.CANCELLED,
        AgentRunStatus.STOPPED,
        AgentRunStatus.TIMEOUT,
        AgentRunStatus.MAX_ITERATIONS_REACHED,
        AgentRunStatus.OUT_OF_TOKENS,
    }
)
"""Statuses after which a run never changes on its own. ``PAUSED`` is not among them."""


class LogMessageGroup(StrEnum):
    """The agents the docs group log message types by."""

    PLAN_AGENT = "plan_agent"
    PR_AGENT = "pr_agent"
    COMMIT_AGENT = "commit_agent"
    LINK = "link"


class LogMessageType(_LenientStrEnum):
    """The 13 documented ``message_type`` values of an agent run log entry."""

    # Plan agent
    ACTION = "ACTION"
    PLAN_EVALUATION = "PLAN_EVALUATION"
    FINAL_ANSWER = "FINAL_ANSWER"
    ERROR = "ERROR"
    USER_MESSAGE = "USER_MESSAGE"
    USER_GITHUB_ISSUE_COMMENT = "USER_GITHUB_ISSUE_COMMENT"
    # PR agent
    INITIAL_PR_GENERATION = "INITIAL_PR_GENERATION"
    DETECT_PR_ERRORS = "DETECT_PR_ERRORS"
    FIX_PR_ERRORS = "FIX_PR_ERRORS"
    PR_CREATION_FAILED = "PR_CREATION_FAILED"
    PR_EVALUATION = "PR_EVALUATION"
    # Commit agent
    COMMIT_EVALUATION = "COMMIT_EVALUATION"
    # Link
    AGENT_RUN_LINK = "AGENT_RUN_LINK"

    @property
    def group(self) -> LogMessageGroup:
        """The agent this type of entry comes from, as the docs group them."""
        return _LOG_GROUPS[self]


_LOG_GROUPS: dict[LogMessageType, LogMessageGroup] = {
    **dict.fromkeys(
        [
            LogMessageType.ACTION,
            LogMessageType.PLAN_EVALUATION,
            LogMessageType.FINAL_ANSWER,
            LogMessageType.ERROR,
            LogMessageType.USER_MESSAGE,
            LogMessageType.USER_GITHUB_ISSUE_COMMENT,
        ],
        LogMessageGroup.PLAN_AGENT,
    ),
    **dict.fromkeys(
        [
            LogMessageType.INITIAL_PR_GENERATION,
            LogMessageType.DETECT_PR_ERRORS,
            LogMessageType.FIX_PR_ERRORS,
            LogMessageType.PR_CREATION_FAILED,
            LogMessageType.PR_EVALUATION,
        ],
        LogMessageGroup.PR_AGENT,
    ),
    LogMessageType.COMMIT_EVALUATION: LogMessageGroup.COMMIT_AGENT,
    LogMessageType.AGENT_RUN_LINK: LogMessageGroup.LINK,
}


class SourceType(_LenientStrEnum):
    """Where an agent run came from (the spec's ``ApiAgentRunSourceType``)."""

    LOCAL = "LOCAL"
    SLACK = "SLACK"
    GITHUB = "GITHUB"
    GITHUB_CHECK_SUITE = "GITHUB_CHECK_SUITE"
    GITHUB_PR_REVIEW = "GITHUB_PR_REVIEW"
    LINEAR = "LINEAR"
    API = "API"
    CHAT = "CHAT"
    JIRA = "JIRA"
    CLICKUP = "CLICKUP"
    MONDAY = "MONDAY"
    SETUP_COMMANDS = "SETUP_COMMANDS"


class AgentType(StrEnum):
    """The agent that carries out a run (``CreateAgentRunInput.agent_type``)."""

    CODEGEN = "codegen"
    CLAUDE_CODE = "claude_code"


class PRState(StrEnum):
    """States a pull request can be moved to (``EditPRInput.state``)."""

    OPEN = "open"
    CLOSED = "closed"
    DRAFT = "draft"
    READY_FOR_REVIEW = "ready_for_review"
