"""``codegen repo``: one repository's settings — how Codegen fixes its failed CI checks — and the
setup commands an agent works out for it. (``codegen repos`` lists the repositories and their ids.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from codegen_cli._commands._started import report_started
from codegen_cli._commands._subcommands import CommandGroup
from codegen_cli._errors import usage_error
from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption, TimeoutOption, WaitOption
from codegen_cli._output import Cell, Output
from codegen_cli._usage_errors import InvalidValue
from codegen_cli._values import whole_number

if TYPE_CHECKING:
    from codegen_models import CheckSuiteSettings

RepoIdArgument = Annotated[
    int,
    typer.Argument(
        metavar="REPO_ID",
        parser=whole_number,
        show_default=False,
        help="Repository id (`codegen repos` lists them).",
    ),
]
MAX_RETRIES = 10
"""The most retries the API allows for a check (``CheckSuiteSettingsRequest``)."""


def checks(invocation: Invocation, repo_id: RepoIdArgument, json: JsonOption = False) -> None:
    """Show how Codegen fixes the repository's failed checks.

    The retry count, the checks it ignores, per-check retry counts and prompts, the apps whose
    checks come first, and the check suites the repository has.

    Examples:
        codegen repo checks 5
    """
    show_check_settings(
        Output(json=json), invocation.client.get_check_suite_settings(invocation.org_id, repo_id)
    )


def edit(
    invocation: Invocation,
    repo_id: RepoIdArgument,
    retries: Annotated[
        int | None,
        typer.Option(
            "--retries",
            metavar="N",
            parser=_retries,
            show_default=False,
            help="Times to retry a failed check (0-10).",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="CHECK", help="Ignore this check. Repeatable."),
    ] = None,
    unignore: Annotated[
        list[str] | None,
        typer.Option("--unignore", metavar="CHECK", help="Stop ignoring this check. Repeatable."),
    ] = None,
    retries_for: Annotated[
        list[str] | None,
        typer.Option(
            "--retries-for",
            metavar="CHECK=N",
            help="Retry count for one check ('CHECK=' removes it). Repeatable.",
        ),
    ] = None,
    prompt_for: Annotated[
        list[str] | None,
        typer.Option(
            "--prompt-for",
            metavar="CHECK=TEXT",
            help="Prompt for fixing one check ('CHECK=' removes it). Repeatable.",
        ),
    ] = None,
    priority_app: Annotated[
        list[str] | None,
        typer.Option(
            "--priority-app", metavar="APP", help="Handle this app's checks first. Repeatable."
        ),
    ] = None,
    no_priority_app: Annotated[
        list[str] | None,
        typer.Option(
            "--no-priority-app", metavar="APP", help="Stop handling this app first. Repeatable."
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Change how Codegen fixes the repository's failed checks.

    Lists and per-check values are changed item by item (--ignore adds a check to the ignored
    ones and keeps the others); everything not named stays as it is. Prints the settings after.

    Examples:
        codegen repo edit 5 --retries 2 --ignore lint --retries-for tests=5
    """
    edits: dict[str, Any] = {}
    if retries is not None:
        edits["check_retry_count"] = retries
    lists = {"ignored_checks": (ignore, unignore),
             "high_priority_apps": (priority_app, no_priority_app)}  # fmt: skip
    maps = {
        "check_retry_counts": _pairs(retries_for or [], "--retries-for", _retry_count),
        "custom_prompts": _pairs(prompt_for or [], "--prompt-for", str),
    }
    item_edits = any(add or remove for add, remove in lists.values()) or any(maps.values())
    if not (edits or item_edits):
        raise usage_error(
            "nothing to change", hint="give --retries, --ignore, --prompt-for, ... (see --help)"
        )
    client = invocation.client
    org_id = invocation.org_id
    if item_edits:
        # The API replaces a list or a map as a whole: start from the current one.
        current = client.get_check_suite_settings(org_id, repo_id).to_dict()
        for name, (add, remove) in lists.items():
            if add or remove:
                edits[name] = _changed(current.get(name) or [], add, remove)
        for name, changes in maps.items():
            if changes:
                edits[name] = _merged(current.get(name) or {}, changes)
    client.update_check_suite_settings(org_id, repo_id, edits)
    out = Output(json=json)
    show_check_settings(out, client.get_check_suite_settings(org_id, repo_id))
    out.note(f"✓ updated the check settings of repository {repo_id}")


def setup_commands(
    invocation: Invocation,
    repo_id: RepoIdArgument,
    prompt: Annotated[
        str | None,
        typer.Option(
            "--prompt",
            metavar="TEXT",
            show_default=False,
            help="What to tell the agent about setting the repository up.",
        ),
    ] = None,
    wait: WaitOption = False,
    timeout: TimeoutOption = None,
    json: JsonOption = False,
) -> None:
    """Start an agent that works out setup commands.

    Prints the agent run's id, status and URL; with --wait, waits for it and prints it like
    `codegen show`.

    Examples:
        codegen repo setup-commands 5 --prompt "uses uv; tests need Postgres" --wait
    """
    result = invocation.client.generate_setup_commands(invocation.org_id, repo_id, prompt=prompt)
    report_started(invocation, result, "url", json=json, wait=wait, timeout=timeout)


def show_check_settings(out: Output, settings: CheckSuiteSettings) -> None:
    """Labelled values; a repeated label per item (``ignored_check:<TAB>lint`` when piped)."""
    if out.json:
        out.emit_json(settings.to_dict())
        return
    rows: list[list[Cell | str]] = [["Retries", str(settings.check_retry_count)]]
    rows += [["Ignored check", name] for name in settings.ignored_checks]
    rows += [["Retries for", name, str(n)] for name, n in settings.check_retry_counts.items()]
    rows += [["Prompt for", name, text] for name, text in settings.custom_prompts.items()]
    rows += [["Priority app", app] for app in settings.high_priority_apps]
    rows += [
        ["Check suite", Cell(name, style="dim")] for name in settings.available_check_suite_names
    ]
    out.details(rows)


def _retries(text: str) -> int:
    try:
        return _retry_count(text.strip())
    except ValueError:
        raise InvalidValue(f"expected a whole number from 0 to {MAX_RETRIES}") from None


def _retry_count(text: str) -> int:
    if not text.isdigit() or int(text) > MAX_RETRIES:
        raise ValueError(f"a count from 0 to {MAX_RETRIES}")
    return int(text)


def _pairs(items: list[str], flag: str, parse: Callable[[str], Any]) -> dict[str, Any]:
    """``CHECK=VALUE`` items as a mapping; an empty VALUE maps to ``None`` (remove)."""
    pairs: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise usage_error(f"{flag}: expected CHECK=VALUE, got {item!r}")
        try:
            pairs[name.strip()] = parse(value) if value else None
        except ValueError as error:
            raise usage_error(f"{flag}: {value!r} is not {error}") from None
    return pairs


def _changed(current: list[str], add: list[str] | None, remove: list[str] | None) -> list[str]:
    kept = [name for name in current if name not in (remove or ())]
    return kept + [name for name in dict.fromkeys(add or ()) if name not in kept]


def _merged(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = {**current, **changes}
    return {name: value for name, value in merged.items() if value is not None}


COMMANDS = {
    "checks": "repo:checks",
    "edit": "repo:edit",
    "setup-commands": "repo:setup_commands",
}
"""Command name → ``module:function`` in ``codegen_cli._commands``, in the order help lists them."""


class Group(CommandGroup):
    """A repository's check-fixing settings and setup commands.

    `codegen repos` lists the repositories and their ids.

    Examples:
        codegen repo checks 5
        codegen repo edit 5 --retries 2 --ignore lint
        codegen repo setup-commands 5 --wait
    """

    registry = COMMANDS


group = Group("repo")
