"""What an organization has: the user's organizations, its repositories, users and integrations."""

from __future__ import annotations

from itertools import islice

from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption, LimitOption
from codegen_cli._output import Cell, Column, Output


def orgs(invocation: Invocation, json: JsonOption = False) -> None:
    """List your organizations; the one in use is marked *.

    Examples:
        codegen orgs
    """
    current = invocation.config.org_id
    Output(json=json).listing(
        invocation.client.iter_organizations(),
        [Column("id"), Column("name", flexible=True), Column("")],
        lambda o: [str(o.id), o.name, Cell("*" if o.id == current else "", style="green")],
        empty="No organizations.",
    )


def repos(invocation: Invocation, limit: LimitOption = None, json: JsonOption = False) -> None:
    """List the organization's repositories (ids for --repo-id).

    Examples:
        codegen repos
        codegen repos --json | jq -r '.[].full_name'
    """
    Output(json=json).listing(
        islice(invocation.client.iter_repositories(invocation.org_id), limit),
        [Column("id"), Column("name"), Column("language"), Column("visibility"), Column("setup"),
         Column("description", flexible=True)],
        lambda r: [str(r.id), r.full_name, r.language or "", r.visibility or "", r.setup_status,
                   Cell(r.description or "", style="dim")],
        empty=f"Organization {invocation.org_id} has no repositories; add one in Codegen first.",
    )  # fmt: skip


def users(invocation: Invocation, limit: LimitOption = None, json: JsonOption = False) -> None:
    """List the organization's users.

    Examples:
        codegen users --limit 10
    """
    Output(json=json).listing(
        islice(invocation.client.iter_users(invocation.org_id), limit),
        [Column("id"), Column("username"), Column("name"), Column("role"),
         Column("email", flexible=True)],
        lambda u: [str(u.id), u.github_username, u.full_name or "", u.role or "", u.email or ""],
        empty="No users.",
    )  # fmt: skip


def integrations(invocation: Invocation, json: JsonOption = False) -> None:
    """List the organization's integrations and which are active.

    Examples:
        codegen integrations
    """
    out = Output(json=json)
    result = invocation.client.get_integrations(invocation.org_id)
    if out.json:
        out.emit_json(result.to_dict())
        return
    out.table(
        [Column("integration"), Column("status", flexible=True)],
        [
            [
                i.integration_type,
                Cell("active", style="green") if i.active else Cell("inactive", style="dim"),
            ]
            for i in result.integrations
        ],
    )
