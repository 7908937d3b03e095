"""``codegen slack``: connecting your Slack account to Codegen."""

from __future__ import annotations

from codegen_cli._commands._subcommands import CommandGroup
from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption
from codegen_cli._output import Column, Output


def connect(invocation: Invocation, json: JsonOption = False) -> None:
    """Get a one-time token that connects your Slack account.

    Send the message it shows to the Codegen bot in Slack before the token expires. Piped, it
    prints `token<TAB>minutes<TAB>message`.

    Examples:
        codegen slack connect
    """
    out = Output(json=json)
    token = invocation.client.generate_slack_connect_token(invocation.org_id)
    if out.json:
        out.emit_json(token.to_dict())
    elif out.tty:
        out.line(token.message)
        out.line((f"The token expires in {token.expires_in_minutes} minutes.", "dim"))
    else:
        out.table(
            [Column("token"), Column("minutes"), Column("message")],
            [[token.token, str(token.expires_in_minutes), token.message]],
        )


COMMANDS = {
    "connect": "slack:connect",
}
"""Command name → ``module:function`` in ``codegen_cli._commands``, in the order help lists them."""


class Group(CommandGroup):
    """Connect your Slack account to Codegen.

    Examples:
        codegen slack connect
    """

    registry = COMMANDS


group = Group("slack")
