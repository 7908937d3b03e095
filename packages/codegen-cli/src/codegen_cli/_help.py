"""Help text, laid out by us rather than by typer.

Typer's plain layout shows its internals (``PROMPT <str>``, ``{ID}``, ``[x>=1]``), cuts command
summaries with ``...``, and repeated the global options in every command's help. Here a
command's help is its summary, a usage line, its description, its own arguments and options,
one line naming the global options, and its examples; the root help lists every command with
its full summary and shows the global options as their own group.

A command's docstring is written for this layout: the first paragraph is the one-line summary,
then description paragraphs, then an ``Examples:`` paragraph of indented command lines.
"""

from __future__ import annotations

import inspect
import shutil
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ._global_options import GLOBAL_NAMES, GLOBAL_OPTIONS

MAX_WIDTH = 100
TERM_WIDTH = 26
"""Width of the name column of an options list; longer names put their help on the next line."""
EXAMPLES = "Examples:"


@dataclass(frozen=True)
class Doc:
    """A command's docstring, split into the parts help shows."""

    summary: str
    paragraphs: tuple[str, ...]
    examples: tuple[str, ...]

    @classmethod
    def parse(cls, docstring: str | None) -> Doc:
        blocks = inspect.cleandoc(docstring or "").split("\n\n")
        summary = " ".join(blocks[0].split())
        paragraphs: list[str] = []
        examples: list[str] = []
        in_examples = False
        for block in blocks[1:]:
            if block.strip() == EXAMPLES or block.startswith(EXAMPLES + "\n"):
                in_examples = True
                block = block.removeprefix(EXAMPLES)
            if in_examples:
                examples += [line.strip() for line in block.splitlines() if line.strip()]
            elif block.strip():
                paragraphs.append(block)
        return cls(summary, tuple(paragraphs), tuple(examples))


@dataclass(frozen=True)
class Entry:
    """A row of an options (or commands) list: the name as typed, and what it does."""

    term: str
    help: str


def width() -> int:
    return min(shutil.get_terminal_size().columns, MAX_WIDTH)


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width() - len(indent), break_on_hyphens=False) or [
        ""
    ]


def _paragraph(text: str) -> list[str]:
    """A description paragraph: re-wrapped, unless it is laid out by hand (indented lines)."""
    lines = text.splitlines()
    if any(line.startswith(" ") for line in lines):
        return [f"  {line}" for line in lines]
    return _wrap(text)


def entries_block(title: str, entries: Sequence[Entry]) -> list[str]:
    """A titled list of names and their help, the help aligned and wrapped."""
    if not entries:
        return []
    column = min(max(len(entry.term) for entry in entries), TERM_WIDTH) + 4
    lines = [title]
    for entry in entries:
        help_lines = textwrap.wrap(
            entry.help, max(width() - column, 20), break_on_hyphens=False
        ) or [""]
        if len(entry.term) + 4 > column:
            lines.append(f"  {entry.term}")
            lines += [" " * column + line for line in help_lines]
        else:
            lines.append(f"  {entry.term.ljust(column - 2)}{help_lines[0]}")
            lines += [" " * column + line for line in help_lines[1:]]
    return lines


def _sections(*sections: Iterable[str]) -> str:
    return "\n\n".join("\n".join(lines) for lines in map(list, sections) if lines) + "\n"


def option_term(opts: Sequence[str], metavar: str | None) -> str:
    """``-F, --file PATH``: short forms first, then the value's name when it takes one."""
    names = ", ".join(sorted(opts, key=lambda opt: opt.startswith("--")))
    return f"{names} {metavar}" if metavar else names


def global_options_line() -> str:
    names = ", ".join(option_term([o.flag], o.metavar) for o in GLOBAL_OPTIONS)
    return f"Global options: {names} (see `codegen --help`)."


@dataclass(frozen=True)
class Parameter:
    """What help needs of a typer parameter."""

    name: str
    opts: tuple[str, ...]
    metavar: str | None
    help: str
    is_argument: bool
    required: bool
    many: bool


def command_help(path: str, docstring: str | None, parameters: Sequence[Parameter]) -> str:
    """The help of the command ``path`` (``codegen run``)."""
    doc = Doc.parse(docstring)
    own = [p for p in parameters if p.name not in GLOBAL_NAMES]
    arguments = [p for p in own if p.is_argument]
    options = [p for p in own if not p.is_argument]
    usage = [path]
    for argument in arguments:
        name = f"{argument.metavar}..." if argument.many else str(argument.metavar)
        usage.append(name if argument.required else f"[{name}]")
    usage.append("[options]")
    return _sections(
        _wrap(doc.summary),
        [f"Usage: {' '.join(usage)}"],
        *(_paragraph(text) for text in doc.paragraphs),
        entries_block("Arguments:", [Entry(str(a.metavar), a.help) for a in arguments]),
        entries_block("Options:", [Entry(option_term(o.opts, o.metavar), o.help) for o in options]),
        _wrap(global_options_line()),
        [EXAMPLES, *(f"  {line}" for line in doc.examples)] if doc.examples else [],
    )


def root_help(docstring: str | None, commands: Sequence[tuple[str, str]]) -> str:
    """The help of ``codegen`` itself: every command's summary, the global options as their
    own group, then the description and examples."""
    doc = Doc.parse(docstring)
    globals_ = [Entry(option_term([o.flag], o.metavar), o.help) for o in GLOBAL_OPTIONS]
    globals_ += [
        Entry("--version", "Print the version and exit."),
        Entry("-h, --help", "Show help; `codegen COMMAND --help` for a command's."),
    ]
    return _sections(
        _wrap(doc.summary),
        ["Usage: codegen COMMAND [ARGS]... [options]"],
        entries_block("Commands:", [Entry(name, summary) for name, summary in commands]),
        entries_block("Global options (before or after the command):", globals_),
        *(_paragraph(text) for text in doc.paragraphs),
        [EXAMPLES, *(f"  {line}" for line in doc.examples)] if doc.examples else [],
    )


def group_help(path: str, docstring: str | None, commands: Sequence[tuple[str, str]]) -> str:
    """The help of a command group (``codegen pr``): its summary, usage, its commands with their
    summaries, its description and examples."""
    doc = Doc.parse(docstring)
    return _sections(
        _wrap(doc.summary),
        [f"Usage: {path} COMMAND [ARGS]... [options]"],
        entries_block("Commands:", [Entry(name, summary) for name, summary in commands]),
        *(_paragraph(text) for text in doc.paragraphs),
        _wrap(global_options_line()),
        [EXAMPLES, *(f"  {line}" for line in doc.examples)] if doc.examples else [],
    )
