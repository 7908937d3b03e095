"""The app's colours, light and dark, the status classes they colour and the message types of the
log: plain data with no import of ``codegen``, so that the window, its theme and its widgets can be
set up while ``codegen`` is still loading.

Every colour comes in a light and a dark :class:`Palette`, chosen by the :class:`Appearance`
setting (or the system's, when it can be read); the light one matches the sv-ttk "Sun Valley"
theme's light variant, the dark one its dark variant, so the classic Tk widgets (text, lists) blend
in with the ttk ones. Log colours are keyed by message type (``ACTION``, ...; a test checks them
against ``codegen.LogMessageType``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

STATUS_MARKS: dict[StatusClass, str] = {
    StatusClass.RUNNING: "●",
    StatusClass.PAUSED: "‖",
    StatusClass.COMPLETE: "✔",
    StatusClass.FAILED: "✖",
    StatusClass.UNKNOWN: "?",
}

OTHER_LOG_TYPE = "OTHER"
"""The filter and colour key of log entries whose message type is missing or unknown."""


ALL_STATUSES = "all"

STATUS_FILTERS: tuple[tuple[str, str], ...] = (
    (ALL_STATUSES, "All statuses"),
    *((cls.value, cls.label) for cls in StatusClass),
)
"""(key, label) of every choice of the status filter."""


class Appearance(StrEnum):
    """The person's choice of colours (Settings): the system's, or always light or dark."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        return _APPEARANCE_LABELS[self]

    def is_dark(self, system_dark: bool | None) -> bool:
        """Dark or not, given what the system prefers (``None``: it cannot be read, so light)."""
        if self is Appearance.SYSTEM:
            return bool(system_dark)
        return self is Appearance.DARK


_APPEARANCE_LABELS = {
    Appearance.SYSTEM: "As the system",
    Appearance.LIGHT: "Light",
    Appearance.DARK: "Dark",
}


@dataclass(frozen=True)
class Palette:
    """The colours of one appearance. ``surface`` is the background of text and tables."""

    dark: bool
    background: str
    surface: str
    foreground: str
    muted: str
    link: str
    error: str
    error_background: str
    bar_background: str
    """The status bar's."""
    banner_background: str
    """The paused-run banner's (amber, as the paused status)."""
    banner_foreground: str
    selection: str
    statuses: dict[StatusClass, str]
    log_types: dict[str, str]
    """A colour for each key of :data:`LOG_TYPES`."""


# Each colour as (light, dark): the two appearances side by side, so one is never changed alone.
_COLOURS: dict[str, tuple[str, str]] = {
    "background": ("#fafafa", "#1c1c1c"),
    "surface": ("#ffffff", "#242424"),
    "foreground": ("#1c1c1c", "#fafafa"),
    "muted": ("#5a6270", "#a3aab5"),
    "link": ("#005fb8", "#57c8ff"),
    "error": ("#c0262d", "#ff7b72"),
    "error_background": ("#fbe9ea", "#3d1f21"),
    "bar_background": ("#eef0f3", "#2b2b2b"),
    "banner_background": ("#fff1d6", "#3b2f17"),
    "banner_foreground": ("#6b3d00", "#f5cf8a"),
    "selection": ("#cfe0fa", "#2f4f7f"),
}
_STATUS_COLOURS: dict[StatusClass, tuple[str, str]] = {
    StatusClass.RUNNING: ("#1f5fbf", "#6cb6ff"),
    StatusClass.PAUSED: ("#a35c00", "#f0b849"),
    StatusClass.COMPLETE: ("#1b7a35", "#5fd38a"),
    StatusClass.FAILED: ("#c0262d", "#ff7b72"),
    StatusClass.UNKNOWN: ("#666666", "#a3aab5"),
}
_LOG_COLOURS: dict[str, tuple[str, str]] = {
    # Plan agent: its actions in ink, its thinking in violet, what it answers in green.
    "ACTION": ("#24292f", "#e6e6e6"),
    "PLAN_EVALUATION": ("#6f42c1", "#c9a8ff"),
    "FINAL_ANSWER": ("#1b7a35", "#5fd38a"),
    "ERROR": ("#c0262d", "#ff7b72"),
    "USER_MESSAGE": ("#1f5fbf", "#6cb6ff"),
    "USER_GITHUB_ISSUE_COMMENT": ("#1f5fbf", "#6cb6ff"),
    # PR agent in teal; its failure in red.
    "INITIAL_PR_GENERATION": ("#0b7285", "#56d4e0"),
    "DETECT_PR_ERRORS": ("#a35c00", "#f0b849"),
    "FIX_PR_ERRORS": ("#0b7285", "#56d4e0"),
    "PR_CREATION_FAILED": ("#c0262d", "#ff7b72"),
    "PR_EVALUATION": ("#0b7285", "#56d4e0"),
    # Commit agent and links.
    "COMMIT_EVALUATION": ("#8a4b08", "#e0a060"),
    "AGENT_RUN_LINK": ("#5a6270", "#a3aab5"),
    OTHER_LOG_TYPE: ("#666666", "#a3aab5"),
}


def _appearance(dark: bool) -> Palette:
    side = int(dark)
    return Palette(
        dark=dark,
        **{name: pair[side] for name, pair in _COLOURS.items()},
        statuses={status: pair[side] for status, pair in _STATUS_COLOURS.items()},
        log_types={message_type: pair[side] for message_type, pair in _LOG_COLOURS.items()},
    )


LIGHT = _appearance(dark=False)
DARK = _appearance(dark=True)


def palette(dark: bool) -> Palette:
    return DARK if dark else LIGHT


LOG_TYPES: tuple[str, ...] = tuple(LIGHT.log_types)
"""Every key a log entry can be filed under (``codegen.LogMessageType``'s values, then
:data:`OTHER_LOG_TYPE`), in the order the type filter lists them."""
