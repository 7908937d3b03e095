"""Which command reaches each operation of the API, written down once.

A test checks that every operation of ``codegen_models.api.OPERATIONS`` is here and that each
command named here exists; another checks that the README's table is :func:`markdown_table` of it.
Every operation can also be called as it is with ``codegen api``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Reach:
    """The commands (``"pr close"``) that send an operation, and the arguments that matter."""

    commands: tuple[str, ...]
    usage: str = ""

    def __str__(self) -> str:
        names = "|".join(self.commands)
        if len(self.commands) > 1:  # "pr close|pr reopen" reads "pr close|reopen"
            head, *_ = self.commands[0].rsplit(" ", 1)
            if all(c.startswith(head + " ") for c in self.commands):
                names = head + " " + "|".join(c[len(head) + 1 :] for c in self.commands)
        return f"codegen {names} {self.usage}".rstrip()


_STATE_VERBS = ("pr close", "pr reopen", "pr draft", "pr ready")

OPERATION_COMMANDS: dict[str, Reach] = {
    "get_current_user": Reach(("whoami",)),
    "list_users": Reach(("users",)),
    "get_user": Reach(("user show",), "USER_ID"),
    "list_organizations": Reach(("orgs",)),
    "create_agent_run": Reach(("run",), "PROMPT"),
    "get_agent_run": Reach(("show", "wait", "open", "pull"), "ID"),
    "list_agent_runs": Reach(("list",)),
    "resume_agent_run": Reach(("continue",), "ID PROMPT"),
    "ban_all_checks": Reach(("pr ban-checks",), "--run RUN_ID"),
    "unban_all_checks": Reach(("pr unban-checks",), "--run RUN_ID"),
    "remove_codegen_from_pr": Reach(("pr remove-codegen",), "--run RUN_ID"),
    "get_agent_run_logs": Reach(("logs",), "ID"),
    "list_repositories": Reach(("repos",)),
    "get_check_suite_settings": Reach(("repo checks",), "REPO_ID"),
    "update_check_suite_settings": Reach(("repo edit",), "REPO_ID --retries N ..."),
    "edit_pull_request": Reach(_STATE_VERBS, "PR_ID (or --run RUN_ID)"),
    "edit_repo_pull_request": Reach(_STATE_VERBS, "PR_ID --repo-id ID"),
    "get_integrations": Reach(("integrations",)),
    "generate_setup_commands": Reach(("repo setup-commands",), "REPO_ID"),
    "analyze_sandbox_logs": Reach(("sandbox analyze",), "SANDBOX_ID"),
    "get_cli_rules": Reach(("rules",)),
    "get_mcp_providers": Reach(("oauth providers",)),
    "get_oauth_token_status": Reach(("oauth status",)),
    "revoke_oauth_token": Reach(("oauth revoke",), "PROVIDER"),
    "generate_slack_connect_token": Reach(("slack connect",)),
}


class Operation(Protocol):
    """What the table shows of an operation (``codegen_models.api.Operation``)."""

    @property
    def name(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def spec_path(self) -> str: ...


def markdown_table(operations: Iterable[Operation]) -> str:
    """The README's table: each operation of the spec, in the spec's order, and its command."""
    lines = ["| operation | request | command |", "|---|---|---|"]
    for op in operations:
        command = str(OPERATION_COMMANDS[op.name]).replace("|", "\\|")  # | would end the cell
        lines.append(f"| `{op.name}` | `{op.method} {op.spec_path}` | `{command}` |")
    return "\n".join(lines) + "\n"


def command_paths() -> list[str]:
    """Every command as typed after ``codegen`` (``"run"``, ``"pr close"``), in help's order;
    a group stands for its commands."""
    from codegen_cli._app import COMMANDS
    from codegen_cli._group import CodegenGroup

    paths: list[str] = []
    for name, target in COMMANDS.items():
        module, _, attribute = target.partition(":")
        found = getattr(importlib.import_module(f"codegen_cli._commands.{module}"), attribute)
        if isinstance(found, CodegenGroup):
            paths += [f"{name} {command}" for command in found.registry]
        else:
            paths.append(name)
    return paths
