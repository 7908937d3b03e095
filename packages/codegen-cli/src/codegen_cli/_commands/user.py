"""``codegen user``: one user of the organization. (``codegen users`` lists them.)"""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_cli._commands._subcommands import CommandGroup
from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption
from codegen_cli._output import Output
from codegen_cli._values import whole_number


def show(
    invocation: Invocation,
    user_id: Annotated[
        int,
        typer.Argument(
            metavar="USER_ID",
            parser=whole_number,
            show_default=False,
            help="User id (`codegen users`).",
        ),
    ],
    json: JsonOption = False,
) -> None:
    """Show a user of the organization.

    Examples:
        codegen user show 12
    """
    out = Output(json=json)
    user = invocation.client.get_user(invocation.org_id, user_id)
    if out.json:
        out.emit_json(user.to_dict())
        return
    out.details(
        [
            ["ID", str(user.id)],
            ["User", user.github_username],
            ["Name", user.full_name or ""],
            ["Email", user.email or ""],
            ["Role", user.role or ""],
            ["GitHub ID", user.github_user_id],
        ]
    )


COMMANDS = {
    "show": "user:show",
}
"""Command name → ``module:function`` in ``codegen_cli._commands``, in the order help lists them."""


class Group(CommandGroup):
    """Show one user of the organization.

    `codegen users` lists them.

    Examples:
        codegen user show 12
    """

    registry = COMMANDS


group = Group("user")
