"""``codegen rules``: the rules the organization gives its agents, and the user's own prompt."""

from __future__ import annotations

from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption
from codegen_cli._output import Output


def rules(invocation: Invocation, json: JsonOption = False) -> None:
    """Show the organization's rules and your custom prompt.

    Agents follow both. On a terminal each is shown as written under a heading; piped, each is
    one `label:<TAB>text` line (line breaks become spaces: --json keeps them).

    Examples:
        codegen rules --json | jq -r .organization_rules
    """
    out = Output(json=json)
    found = invocation.client.get_cli_rules(invocation.org_id)
    if out.json:
        out.emit_json(found.to_dict())
        return
    sections = [
        ("organization_rules", "Organization rules", found.organization_rules),
        ("user_custom_prompt", "Your custom prompt", found.user_custom_prompt),
    ]
    if not out.tty:
        out.details([[field, text or ""] for field, _, text in sections])
        return
    for index, (_, heading, text) in enumerate(sections):
        if index:
            out.line("")
        out.line((heading, "bold"))
        out.line(text if text else ("(none)", "dim"))
