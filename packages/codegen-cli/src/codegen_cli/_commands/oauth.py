"""``codegen oauth``: the OAuth providers that can back MCP servers, the ones you have connected in
the organization, and revoking them."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_cli._commands._body import show_body
from codegen_cli._commands._subcommands import CommandGroup
from codegen_cli._errors import CliError, usage_error
from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption
from codegen_cli._output import Cell, Column, Output


def providers(invocation: Invocation, json: JsonOption = False) -> None:
    """List the OAuth providers that can back an MCP server.

    Examples:
        codegen oauth providers
    """
    Output(json=json).listing(
        invocation.client.get_mcp_providers(),
        [Column("id"), Column("name"), Column("mcp"), Column("scopes"),
         Column("issuer", flexible=True)],
        lambda p: [str(p.id), p.name, Cell("yes", style="green") if p.is_mcp else "no",
                   ",".join(p.default_scopes or ()), Cell(p.issuer, style="dim")],
        empty="No OAuth providers.",
    )  # fmt: skip


def status(invocation: Invocation, json: JsonOption = False) -> None:
    """List the providers you have connected in the organization.

    Examples:
        codegen oauth status
    """
    show_body(
        Output(json=json),
        invocation.client.get_oauth_token_status(invocation.org_id),
        header="provider",
        empty="No OAuth providers connected.",
    )


def revoke(
    invocation: Invocation,
    provider: Annotated[
        str,
        typer.Argument(
            metavar="PROVIDER", show_default=False, help="Provider name (`codegen oauth status`)."
        ),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (needed in a pipe).")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Revoke your tokens for an OAuth provider.

    Every token you hold for PROVIDER in the organization stops working. Asks first on a
    terminal; without a terminal --yes is required.

    Examples:
        codegen oauth revoke linear --yes
    """
    out = Output(json=json)
    org_id = invocation.org_id
    if not yes:
        if not out.can_prompt:
            raise usage_error(
                f"not revoking the {provider} tokens without confirmation: stdin is not a terminal",
                hint="pass --yes",
            )
        out.stderr.write(f"Revoke every {provider} token you hold in organization {org_id}? [y/N] ")
        out.stderr.flush()
        if typer.get_text_stream("stdin").readline().strip().lower() not in ("y", "yes"):
            raise CliError("not revoked", hint="nothing was changed")
    body = invocation.client.revoke_oauth_token(org_id, provider)
    show_body(out, body)
    out.note(f"✓ revoked your {provider} tokens in organization {org_id}")


COMMANDS = {
    "providers": "oauth:providers",
    "status": "oauth:status",
    "revoke": "oauth:revoke",
}
"""Command name → ``module:function`` in ``codegen_cli._commands``, in the order help lists them."""


class Group(CommandGroup):
    """OAuth providers for MCP servers; your tokens; revoke.

    Examples:
        codegen oauth providers
        codegen oauth status
        codegen oauth revoke linear --yes
    """

    registry = COMMANDS


group = Group("oauth")
