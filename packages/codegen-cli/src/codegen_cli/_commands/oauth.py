"""``codegen oauth``: the OAuth providers that can back MCP servers, the ones you have connected in
the organization, and revoking them."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_cli._commands._body import show_body
from codegen_cli._commands._group import group
from codegen_cli._errors import CliError, usage_error
from codegen_cli._options import JsonOption
from codegen_cli._output import Cell, Column, Output
from codegen_cli._session import Session


def providers(session: Session, json: JsonOption = False) -> None:
    """List the OAuth providers that can back an MCP server.

    Example:

        codegen oauth providers
    """
    Output(json=json).listing(
        session.client.get_mcp_providers(),
        [Column("id"), Column("name"), Column("mcp"), Column("scopes"),
         Column("issuer", flexible=True)],
        lambda p: [str(p.id), p.name, Cell("yes", style="green") if p.is_mcp else "no",
                   ",".join(p.default_scopes or ()), Cell(p.issuer, style="dim")],
        empty="No OAuth providers.",
    )  # fmt: skip


def status(session: Session, json: JsonOption = False) -> None:
    """List the providers you have connected in the organization.

    Example:

        codegen oauth status
    """
    show_body(
        Output(json=json),
        session.client.get_oauth_token_status(session.org_id),
        header="provider",
        empty="No OAuth providers connected.",
    )


def revoke(
    session: Session,
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

    Example:

        codegen oauth revoke linear --yes
    """
    out = Output(json=json)
    org_id = session.org_id
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
    body = session.client.revoke_oauth_token(org_id, provider)
    show_body(out, body)
    out.note(f"✓ revoked your {provider} tokens in organization {org_id}")


app = group(
    {"providers": providers, "status": status, "revoke": revoke},
)
