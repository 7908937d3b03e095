"""How runs and log entries are classed for colour and filtering (the colours are in ``_palette``).

A run's status is sorted into one of five classes, which decide both its colour in the table and
the status filter it falls under; the log view colours each entry by its message type. Statuses and
types this version does not know get the neutral colour instead of an error.
"""

from __future__ import annotations

from codegen import AgentRunStatus, LogMessageType

from ._palette import OTHER_LOG_TYPE, StatusClass

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


def log_type_key(message_type: str | None) -> str:
    """The canonical type of an entry (``ACTION``, ...), or :data:`OTHER_LOG_TYPE`."""
    value = LogMessageType.parse(message_type)
    return value.value if value is not None else OTHER_LOG_TYPE
