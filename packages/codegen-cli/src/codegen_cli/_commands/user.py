"""``codegen user``: one user of the organization. (``codegen users`` lists them.)"""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_cli._commands._group import group
from codegen_cli._options import JsonOption
from codegen_cli._output import Output
from codegen_cli._session import Session


def show(
    session: Session,
    user_id: Annotated[
        int,
        typer.Argument(metavar="USER_ID", show_default=False, help="User id (`codegen users`)."),
    ],
    json: JsonOption = False,
) -> None:
    """Show a user of the organization.

    Example:

        codegen user show 12
    """
    out = Output(json=json)
    user = session.client.get_user(session.org_id, user_id)
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


app = group({"show": show})
