"""Options and arguments several commands share, declared once.

A short flag means one thing in every command: ``-f`` is ``--follow``, ``-F`` a file (the
prompt's, as ``gh`` uses ``-F`` for files), ``-w`` ``--wait``, ``-q`` ``--quiet``, ``-i`` an image,
``-L`` ``--limit``, ``-s`` ``--status``, ``-t`` ``--type``, ``-r`` ``--reverse``, ``-a`` ``--all``.
Values are parsed by ``_values`` (messages in our words) and completed by ``_completion``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ._completion import complete_log_types, complete_run_ids, complete_statuses
from ._values import duration, model_choice, whole_number

RunIdArgument = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        parser=whole_number,
        autocompletion=complete_run_ids,
        show_default=False,
        help="Agent run id (`codegen list` shows them).",
    ),
]
RunIdsArgument = Annotated[
    list[int],
    typer.Argument(
        metavar="ID",
        parser=whole_number,
        autocompletion=complete_run_ids,
        show_default=False,
        help="Agent run ids, one or more.",
    ),
]
PromptArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="PROMPT", show_default=False, help="What the agent should do ('-' reads stdin)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the full JSON the API returned.")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only the run id; no hints or progress.")
]
WaitOption = Annotated[
    bool,
    typer.Option("--wait", "-w", help="Wait for the run to end, showing its progress; print it."),
]
FollowOption = Annotated[
    bool, typer.Option("--follow", "-f", help="Print the run's log as the agent writes it.")
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="DURATION",
        parser=duration,
        show_default=False,
        help="Stop waiting after this long (90, 90s, 10m, 1h30m); exit 8 if still running.",
    ),
]
ImageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--image",
        "-i",
        metavar="PATH",
        show_default=False,
        help="Image for the agent (PNG, JPEG, GIF, WebP; at most 10 MiB). Repeatable.",
    ),
]
FileOption = Annotated[
    str | None,
    typer.Option(
        "--file",
        "-F",
        metavar="PATH",
        show_default=False,
        help="Read the prompt from a file ('-' for stdin).",
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-L",
        metavar="N",
        parser=whole_number,
        show_default=False,
        help="Show at most N.",
    ),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "-s",
        metavar="STATUS",
        parser=model_choice("AgentRunStatus", "a status"),
        autocompletion=complete_statuses,
        help="Only runs with this status (active, complete, failed, ...). Repeatable.",
    ),
]
LogTypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        metavar="TYPE",
        parser=model_choice("LogMessageType", "a message type"),
        autocompletion=complete_log_types,
        help="Only entries of this message type (ACTION, ERROR, FINAL_ANSWER, ...). Repeatable.",
    ),
]
