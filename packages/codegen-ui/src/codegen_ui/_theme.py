"""Colours and status classes of the app, as plain data (the Tk views read it; presenters too).

A run's status is sorted into one of five classes, which decide both its colour in the table and
the status filter it falls under; the log view colours each entry by its message type. Statuses and
types this version does not know get the neutral colour instead of an error.
"""

from __future__ import annotations

from enum import StrEnum

from codegen import AgentRunStatus, LogMessageType


class StatusClass(StrEnum):
    """What a person wants to know at a glance about a run's status."""

    RUNNING = "running"
    PAUSED = "paused"
    COMPLETE = "complete"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    StatusClass.RUNNING: "Running",
    StatusClass.PAUSED: "Needs input",
    StatusClass.COMPLETE: "Complete",
    StatusClass.FAILED: "Failed",
    StatusClass.UNKNOWN: "Other",
}

_RUNNING = {
    AgentRunStatus.PENDING,
    AgentRunStatus.ACTIVE,
    AgentRunStatus.RUNNING,
    AgentRunStatus.EVALUATION,
}


def status_class(status: str | None) -> StatusClass:
    """The class of a status string as the server sent it (any case, documented aliases too)."""
    value = AgentRunStatus.parse(status)
    if value is None:
        return StatusClass.UNKNOWN
    if value in _RUNNING:
        return StatusClass.RUNNING
    if value.needs_input:
        return StatusClass.PAUSED
    if value.succeeded:
        return StatusClass.COMPLETE
    return StatusClass.FAILED  # every other known status is a terminal one that did not succeed


STATUS_COLOURS: dict[StatusClass, str] = {
    StatusClass.RUNNING: "#1f5fbf",
    StatusClass.PAUSED: "#a35c00",
    StatusClass.COMPLETE: "#1b7a35",
    StatusClass.FAILED: "#c0262d",
    StatusClass.UNKNOWN: "#666666",
}

STATUS_MARKS: dict[StatusClass, str] = {
    StatusClass.RUNNING: "●",
    StatusClass.PAUSED: "‖",
    StatusClass.COMPLETE: "✔",
    StatusClass.FAILED: "✖",
    StatusClass.UNKNOWN: "?",
}

OTHER_LOG_TYPE = "OTHER"
"""The filter and colour key of log entries whose message type is missing or unknown."""

LOG_TYPES: tuple[str, ...] = (*(member.value for member in LogMessageType), OTHER_LOG_TYPE)
"""Every key an entry can be filed under, in the order the type filter lists them."""

LOG_COLOURS: dict[str, str] = {
    # Plan agent: its actions in ink, its thinking in violet, what it answers in green.
    LogMessageType.ACTION: "#24292f",
    LogMessageType.PLAN_EVALUATION: "#6f42c1",
    LogMessageType.FINAL_ANSWER: "#1b7a35",
    LogMessageType.ERROR: "#c0262d",
    LogMessageType.USER_MESSAGE: "#1f5fbf",
    LogMessageType.USER_GITHUB_ISSUE_COMMENT: "#1f5fbf",
    # PR agent in teal; its failure in red.
    LogMessageType.INITIAL_PR_GENERATION: "#0b7285",
    LogMessageType.DETECT_PR_ERRORS: "#a35c00",
    LogMessageType.FIX_PR_ERRORS: "#0b7285",
    LogMessageType.PR_CREATION_FAILED: "#c0262d",
    LogMessageType.PR_EVALUATION: "#0b7285",
    # Commit agent and links.
    LogMessageType.COMMIT_EVALUATION: "#8a4b08",
    LogMessageType.AGENT_RUN_LINK: "#5a6270",
    OTHER_LOG_TYPE: "#666666",
}


def log_type_key(message_type: str | None) -> str:
    """The canonical type of an entry (``ACTION``, ...), or :data:`OTHER_LOG_TYPE`."""
    value = LogMessageType.parse(message_type)
    return value.value if value is not None else OTHER_LOG_TYPE
