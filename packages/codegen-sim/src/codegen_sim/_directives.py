"""Prompt directives: words in a prompt that decide how the simulated run goes.

``sim:fail``, ``sim:error``, ``sim:cancel`` choose how a run ends; ``sim:pause`` stops it part-way
until a resume; ``sim:prs=N``, ``sim:logs=N`` and ``sim:seconds=T`` set how many pull requests it
opens, how many log entries it writes and how long it takes. They make outcomes deterministic for
tests and demos while the rest of the prompt reads naturally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_DIRECTIVE = re.compile(r"(?<![\w:])sim:([a-z]+)(?:=(\S*))?", re.IGNORECASE)

OUTCOMES = {"fail": "FAILED", "error": "ERROR", "cancel": "CANCELLED"}
"""Outcome directives and the terminal status each one ends a run with."""

MAX_PRS = 100
MAX_LOGS = 100_000
MAX_SECONDS = 365 * 24 * 3600.0


class DirectiveError(ValueError):
    """A ``sim:`` word the simulator does not understand; answered as a 422 on ``prompt``."""


@dataclass(frozen=True)
class Directives:
    """What a prompt asks of the simulator; ``None`` and ``False`` mean "not said"."""

    outcome: str | None = None
    pause: bool = False
    prs: int | None = None
    logs: int | None = None
    seconds: float | None = None

    @classmethod
    def parse(cls, prompt: str) -> Directives:
        """The directives in ``prompt``. The first outcome word wins; a repeated number, the last."""
        found = cls()
        for match in _DIRECTIVE.finditer(prompt):
            name, value = match.group(1).lower(), match.group(2)
            if name in OUTCOMES and value is None:
                if found.outcome is None:
                    found = replace(found, outcome=OUTCOMES[name])
            elif name == "pause" and value is None:
                found = replace(found, pause=True)
            elif name == "prs" and value is not None:
                found = replace(found, prs=int(_number(match.group(0), value, MAX_PRS)))
            elif name == "logs" and value is not None:
                found = replace(found, logs=int(_number(match.group(0), value, MAX_LOGS)))
            elif name == "seconds" and value is not None:
                found = replace(
                    found, seconds=_number(match.group(0), value, MAX_SECONDS, whole=False)
                )
            else:
                raise DirectiveError(
                    f"unknown directive {match.group(0)!r}: use sim:fail, sim:error, sim:cancel, "
                    "sim:pause, sim:prs=N, sim:logs=N or sim:seconds=T"
                )
        return found


def without_directives(prompt: str) -> str:
    """The prompt with its ``sim:`` words removed, on one line: the task as a person reads it."""
    return " ".join(_DIRECTIVE.sub(" ", prompt).split())


def _number(word: str, value: str, maximum: float, *, whole: bool = True) -> float:
    try:
        number = int(value) if whole else float(value)
    except ValueError:
        kind = "a whole number" if whole else "a number of seconds"
        raise DirectiveError(f"{word!r} needs {kind}") from None
    if not 0 <= number <= maximum:
        raise DirectiveError(f"{word!r} must be between 0 and {maximum:g}")
    return number


@dataclass(frozen=True)
class Plan:
    """What one phase of a run does, every directive resolved to a value.

    ``outcome`` is the status the phase ends with (``PAUSED`` included); ``logs`` is ``None`` until
    the phase starts, when the story's natural length fills it in.
    """

    outcome: str
    prs: int
    seconds: float
    logs: int | None = None

    def overridden_by(self, directives: Directives) -> Plan:
        """This plan with whatever ``directives`` say instead (a pause is decided by the caller)."""
        return Plan(
            outcome=directives.outcome or self.outcome,
            prs=self.prs if directives.prs is None else directives.prs,
            seconds=self.seconds if directives.seconds is None else directives.seconds,
            logs=self.logs if directives.logs is None else directives.logs,
        )

    def split_at_pause(self) -> tuple[Plan, Plan]:
        """The plan up to a pause (half the time and log entries, no PRs) and the rest of it."""
        logs_before = None if self.logs is None else self.logs // 2
        logs_after = None if self.logs is None else self.logs - self.logs // 2
        before = Plan(outcome="PAUSED", prs=0, seconds=self.seconds / 2, logs=logs_before)
        after = replace(self, seconds=self.seconds - self.seconds / 2, logs=logs_after)
        return before, after
