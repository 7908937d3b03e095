"""The reference of the `codegen` command, written from the command itself at every build.

Every command and group comes from the CLI's registry (``codegen_cli._app.COMMANDS`` and each
group's own), every argument and option from the click parameters the command parses, each text
from the docstring its ``--help`` shows (split the way ``_help`` splits it), the global options
from ``_global_options``, the exit codes from the root's help (checked against ``ExitCode``), and
the table of operations from ``_commands/reference.py`` (as the CLI's README shows it). Nothing here is written by hand, so the
page cannot drift from the command.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import typer
from typer._click import Command, Context  # typer's own click

from codegen_cli._app import app
from codegen_cli._commands.reference import OPERATION_COMMANDS
from codegen_cli._errors import ExitCode
from codegen_cli._global_options import GLOBAL_NAMES, GLOBAL_OPTIONS
from codegen_cli._group import CodegenGroup, _parameters
from codegen_cli._help import Doc, Parameter, option_term
from codegen_models.api import OPERATIONS

_MARKDOWN_SPECIAL = re.compile(r"([\\*_\[\]<>|#])")
_FLAG = re.compile(r"(?<![\w`'-])(--?[A-Za-z][\w-]*)")
"""A flag named in help text (``--wait``, ``-F``), shown as code."""
EXIT_CODES = re.compile(r"^Exit codes:\s*(?P<codes>.*)$", re.DOTALL)


class ReferenceError(Exception):
    """The command's own texts do not say what the reference must show."""


def text(value: str) -> str:
    """Help text as Markdown: its `code` spans kept, the flags it names made code, everything
    else shown as typed."""
    out = []
    for part in re.split(r"(`[^`]*`)", " ".join(value.split())):
        if part.startswith("`"):
            out.append(part)
            continue
        for piece in _FLAG.split(part):  # odd pieces are flags
            flag = _FLAG.fullmatch(piece)
            out.append(f"`{piece}`" if flag else _MARKDOWN_SPECIAL.sub(r"\\\1", piece))
    return "".join(out)


def code(value: str) -> str:
    """``value`` as code that survives a table cell: HTML, since a ``|`` would end the cell and
    Markdown would show the backslash of an escaped one."""
    return "<code>" + html.escape(value).replace("|", "&#124;") + "</code>"


def anchor(path: str) -> str:
    """The heading id of a command: ``codegen pr close`` → ``codegen-pr-close``."""
    return path.replace(" ", "-")


def _paragraph(block: str) -> str:
    """A description paragraph; one laid out by hand (indented lines) stays as it is."""
    lines = block.splitlines()
    if any(line.startswith(" ") for line in lines):
        return "```text\n" + "\n".join(line.rstrip() for line in lines) + "\n```"
    return text(block)


def _table(title: str, rows: Sequence[tuple[str, str]]) -> list[str]:
    if not rows:
        return []
    lines = [f"| {title} | |", "|---|---|"]
    lines += [f"| {code(term)} | {text(help_)} |" for term, help_ in rows]
    return [*lines, ""]


def _examples(doc: Doc) -> list[str]:
    if not doc.examples:
        return []
    return ["Examples:", "", "```bash", *doc.examples, "```", ""]


def _usage(path: str, arguments: Sequence[Parameter], group: bool = False) -> str:
    if group:
        return f"{path} COMMAND [ARGS]... [options]"
    usage = [path]
    for argument in arguments:
        name = f"{argument.metavar}..." if argument.many else str(argument.metavar)
        usage.append(name if argument.required else f"[{name}]")
    return " ".join([*usage, "[options]"])


def _command_section(level: int, path: str, command: Command, ctx: Context) -> list[str]:
    doc = Doc.parse(command.help)
    if not doc.summary:
        raise ReferenceError(f"`{path}` has no summary in its docstring")
    own = [p for p in _parameters(ctx, command.get_params(ctx)) if p.name not in GLOBAL_NAMES]
    arguments = [p for p in own if p.is_argument]
    options = [p for p in own if not p.is_argument]
    return [
        f"{'#' * level} `{path}` {{#{anchor(path)}}}",
        "",
        text(doc.summary),
        "",
        "```text",
        f"Usage: {_usage(path, arguments)}",
        "```",
        "",
        *(line for block in doc.paragraphs for line in (_paragraph(block), "")),
        *_table("argument", [(str(a.metavar), a.help) for a in arguments]),
        *_table("option", [(option_term(o.opts, o.metavar), o.help) for o in options]),
        "And the [global options](#global-options).",
        "",
        *_examples(doc),
    ]


def _group_section(path: str, group: CodegenGroup, ctx: Context) -> list[str]:
    doc = Doc.parse(group.help)
    names = list(group.registry)
    lines = [
        f"## `{path}` {{#{anchor(path)}}}",
        "",
        text(doc.summary),
        "",
        "```text",
        f"Usage: {_usage(path, [], group=True)}",
        "```",
        "",
        *(line for block in doc.paragraphs for line in (_paragraph(block), "")),
        "| command | |",
        "|---|---|",
        *(
            f"| [{code(f'{path} {n}')}](#{anchor(f'{path} {n}')}) | {text(group.summary(n))} |"
            for n in names
        ),
        "",
        *_examples(doc),
    ]
    for name in names:
        command = group.get_command(ctx, name)
        assert command is not None
        sub = Context(command, info_name=name, parent=ctx)
        lines += _command_section(3, f"{path} {name}", command, sub)
    return lines


def exit_codes(root_help: str) -> list[tuple[int, str]]:
    """The exit codes the root help names (``0 ok; 1 an error, ...``), each checked against
    ``ExitCode``: a code the CLI uses and its help does not explain fails the build."""
    for block in Doc.parse(root_help).paragraphs:
        match = EXIT_CODES.match(block.strip())
        if match:
            break
    else:
        raise ReferenceError("the root help of `codegen` has no 'Exit codes:' paragraph")
    codes: list[tuple[int, str]] = []
    for item in " ".join(match["codes"].split()).rstrip(".").split("; "):
        number, _, meaning = item.partition(" ")
        codes.append((int(number), meaning))
    missing = sorted({int(code) for code in ExitCode} - {number for number, _ in codes})
    if missing:
        raise ReferenceError(f"the root help of `codegen` does not explain exit codes {missing}")
    return codes


def page() -> str:
    """The Markdown of the command reference."""
    root = typer.main.get_command(app)
    assert isinstance(root, CodegenGroup)
    ctx = Context(root, info_name="codegen", **root.context_settings)
    doc = Doc.parse(root.help)
    globals_ = [(option_term([o.flag], o.metavar), o.help) for o in GLOBAL_OPTIONS]
    globals_ += [
        ("--version", "Print the version and exit (before any command)."),
        ("-h, --help", "Show help; `codegen COMMAND --help` for a command's."),
    ]
    lines = [
        "# Command reference",
        "",
        "<!-- Generated from the `codegen` command at every build (tools/docs/cli_reference.py). -->",
        "",
        text(doc.summary),
        "",
        *(
            line
            for block in doc.paragraphs
            if not EXIT_CODES.match(block.strip())
            for line in (_paragraph(block), "")
        ),
        "| command | |",
        "|---|---|",
        *(
            f"| [{code(name)}](#{anchor(f'codegen {name}')}) | {text(root.summary(name))} |"
            for name in root.registry
        ),
        "",
        "## Global options {#global-options}",
        "",
        "Every command takes them, before or after its name (`codegen --org-id 5 list` is"
        " `codegen list --org-id 5`).",
        "",
        *_table("option", globals_),
        "## Exit codes {#exit-codes}",
        "",
        "| code | meaning |",
        "|---|---|",
        *(f"| {number} | {text(meaning)} |" for number, meaning in exit_codes(root.help or "")),
        "",
    ]
    for name in root.registry:
        command = root.get_command(ctx, name)
        assert command is not None
        sub = Context(command, info_name=name, parent=ctx)
        if isinstance(command, CodegenGroup):
            lines += _group_section(f"codegen {name}", command, sub)
        else:
            lines += _command_section(2, f"codegen {name}", command, sub)
    lines += [
        "## Every operation of the API and its command {#operations}",
        "",
        "Each operation of the spec, and the command that sends it (`codegen api` sends any of"
        " them too):",
        "",
        "| operation | request | command |",
        "|---|---|---|",
        *(
            f"| {code(op.name)} | {code(f'{op.method} {op.spec_path}')} "
            f"| {code(str(OPERATION_COMMANDS[op.name]))} |"
            for op in OPERATIONS
        ),
        "",
    ]
    return "\n".join(lines)
