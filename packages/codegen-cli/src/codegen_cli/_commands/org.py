"""What an organization has: the user's organizations, its repositories, users and integrations."""

from __future__ import annotations

from itertools import islice

from codegen_cli._options import JsonOption, LimitOption
from codegen_cli._output import Cell, Column, Output
from codegen_cli._session import Session


def orgs(session: Session, json: JsonOption = False) -> None:
    """List the organizations the logged-in user belongs to (the one in use is marked *)."""
    current = session.config.org_id
    Output(json=json).listing(
        session.client.iter_organizations(),
        [Column("id"), Column("name", flexible=True), Column("")],
        lambda o: [str(o.id), o.name, Cell("*" if o.id == current else "", style="green")],
        empty="No organizations.",
    )


def repos(session: Session, limit: LimitOption = None, json: JsonOption = False) -> None:
    """List the organization's repositories (their ids go to `codegen run --repo-id`)."""
    Output(json=json).listing(
        islice(session.client.iter_repositories(session.org_id), limit),
        [Column("id"), Column("name"), Column("language"), Column("visibility"), Column("setup"),
         Column("description", flexible=True)],
        lambda r: [str(r.id), r.full_name, r.language or "", r.visibility or "", r.setup_status,
                   Cell(r.description or "", style="dim")],
        empty="No repositories.",
    )  # fmt: skip


def users(session: Session, limit: LimitOption = None, json: JsonOption = False) -> None:
    """List the organization's users."""
    Output(json=json).listing(
        islice(session.client.iter_users(session.org_id), limit),
        [Column("id"), Column("username"), Column("name"), Column("role"),
         Column("email", flexible=True)],
        lambda u: [str(u.id), u.github_username, u.full_name or "", u.role or "", u.email or ""],
        empty="No users.",
    )  # fmt: skip


def integrations(session: Session, json: JsonOption = False) -> None:
    """List the organization's integrations (GitHub, Slack, Linear, ...) and which are active."""
    out = Output(json=json)
    result = session.client.get_integrations(session.org_id)
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
