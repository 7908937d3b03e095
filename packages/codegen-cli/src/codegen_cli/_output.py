"""Where and how a command prints: the three renderings of the same data, and stderr.

- **TTY** (stdout is a terminal, or ``CODEGEN_FORCE_TTY=1``): tables with headers, colour (unless
  ``NO_COLOR``), relative times, values cut to the terminal width. Rendered with rich, imported only
  here and only then, with markup, emoji and highlighting off, so nothing in the data is ever
  interpreted.
- **Piped**: tab-separated values, no header, no colour, full values on one line, ISO-8601 times.
- **JSON** (``--json``): the models as the server sent them; a list is one JSON array, a stream is
  JSON Lines, flushed line by line.

stdout carries data only. Notes, progress and hints go to stderr (:meth:`Output.note`), and
``-q`` silences them. Every string is made inert (:mod:`._sanitize`) on its way out, in every mode,
so no command has to remember to.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TextIO, TypeVar

from ._sanitize import inert, one_line

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

FORCE_TTY_VAR = "CODEGEN_FORCE_TTY"
MIN_FLEXIBLE_WIDTH = 10

# json.dumps escapes C0 controls; these it would print raw (C1 controls, bidi overrides).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


class Model(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


M = TypeVar("M", bound=Model)

Segment = str | tuple[str, str]
"""A piece of a line: plain text, or ``(text, rich style)`` for the terminal."""


@dataclass(frozen=True)
class Cell:
    """A table cell: the full ``value`` for pipes, and how a terminal shows
    it (``shown``, when different, e.g. a relative time) in which ``style``."""

    value: str
    shown: str | None = None
    style: str = ""


@dataclass(frozen=True)
class Column:
    """A table column; the ``flexible`` one gives up width (cut with …) when the terminal is narrow."""

    header: str
    flexible: bool = False


def _env_flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def escape_json(text: str) -> str:
    """JSON text with every character a terminal might act on written as a ``\\u`` escape."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class Output:
    """The streams of one command and how to render on them."""

    def __init__(self, *, json: bool = False, quiet: bool = False) -> None:
        env = os.environ
        self.stdout: TextIO = sys.stdout
        self.stderr: TextIO = sys.stderr
        self.json = json
        self.quiet = quiet
        forced = _env_flag(env, FORCE_TTY_VAR)
        self.tty = forced or self.stdout.isatty()
        """Render for a person: tables, colour, relative times, truncation."""
        self.stderr_tty = forced or self.stderr.isatty()
        """Progress may rewrite its line in place."""
        self.color = not env.get("NO_COLOR") and env.get("TERM") != "dumb"
        """Colour is allowed (it is used only on a terminal)."""
        self._console: Console | None = None

    @property
    def stderr_width(self) -> int:
        """The terminal's width (``COLUMNS`` overrides it), for a line rewritten in place."""
        return shutil.get_terminal_size().columns

    @property
    def can_prompt(self) -> bool:
        """Questions may be asked: stdin is a terminal. (Never forced: a script must not hang.)"""
        return sys.stdin.isatty()

    # -- stdout ---------------------------------------------------------------------------

    def emit_json(self, data: Any) -> None:
        """One JSON document (an object, or an array for a list), indented on a terminal."""
        text = json.dumps(data, indent=2 if self.tty else None, ensure_ascii=False)
        self.stdout.write(escape_json(text) + "\n")

    def emit_json_line(self, data: Any) -> None:
        """One line of JSON Lines, flushed so a reader sees each entry as it comes."""
        self.stdout.write(escape_json(json.dumps(data, ensure_ascii=False)) + "\n")
        self.stdout.flush()

    def line(self, *segments: Segment, wrap: bool = True) -> None:
        """A line of text: styled on a terminal (wrapped, or cut to the width), plain otherwise."""
        if self.tty:
            text = self.text(*segments)
            if not wrap:
                text.no_wrap, text.overflow = True, "ellipsis"
            self.console.print(text)
        else:
            self.stdout.write("".join(inert(_plain(s)) for s in segments) + "\n")
        self.stdout.flush()

    def fields(self, *values: str) -> None:
        """One tab-separated line (for pipes): each value on one line, no colour; flushed, so a
        reader of a stream (``logs --follow``) sees each line as it comes."""
        self.stdout.write("\t".join(one_line(value) for value in values) + "\n")
        self.stdout.flush()

    def table(self, columns: Sequence[Column], rows: Iterable[Sequence[Cell | str]]) -> None:
        """A table with headers on a terminal; tab-separated lines without a header otherwise."""
        cells = [[cell if isinstance(cell, Cell) else Cell(cell) for cell in row] for row in rows]
        if not self.tty:
            for row in cells:
                self.fields(*(cell.value for cell in row))
            return
        from rich.cells import cell_len
        from rich.table import Table

        shown = [[self.text((one_line(_shown(cell)), cell.style)) for cell in row] for row in cells]
        widths = [
            max([cell_len(column.header), *(cell_len(row[i].plain) for row in shown)])
            for i, column in enumerate(columns)
        ]
        # The flexible column gets what the others leave of the width (2 spaces between columns).
        spare = (
            self.console.width
            - 2 * (len(columns) - 1)
            - sum(
                width for width, column in zip(widths, columns, strict=True) if not column.flexible
            )
        )
        table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
        for width, column in zip(widths, columns, strict=True):
            table.add_column(
                column.header.upper(),
                no_wrap=True,
                overflow="ellipsis",
                width=min(width, max(spare, MIN_FLEXIBLE_WIDTH)) if column.flexible else width,
            )
        for texts in shown:
            table.add_row(*texts)
        self.console.print(table)

    def listing(
        self,
        items: Iterable[M],
        columns: Sequence[Column],
        row: Callable[[M], Sequence[Cell | str]],
        *,
        empty: str,
    ) -> None:
        """Models as a JSON array, or as a table; the ``empty`` note on stderr when there are none."""
        items = list(items)
        if self.json:
            self.emit_json([item.to_dict() for item in items])
        elif not items:
            self.note(empty)
        else:
            self.table(columns, [row(item) for item in items])

    def details(self, rows: Sequence[Sequence[Cell | str]]) -> None:
        """Labelled values, a label first in each row: aligned on a terminal; ``label:<TAB>value``
        lines (the label in snake case) otherwise."""
        cells = [[cell if isinstance(cell, Cell) else Cell(cell) for cell in row] for row in rows]
        if not self.tty:
            for label, *values in cells:
                self.fields(f"{label.value.lower().replace(' ', '_')}:", *(v.value for v in values))
            return
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(overflow="fold")
        for label, *values in cells:
            value = self.text()
            for index, cell in enumerate(values):
                if index and cell.value:
                    value.append("  ")
                value.append_text(self.text((one_line(_shown(cell)), cell.style)))
            grid.add_row(self.text(label.value), value)
        self.console.print(grid)

    def render(self, renderable: RenderableType) -> None:
        """A rich renderable built by a view (terminal only)."""
        self.console.print(renderable)

    # -- stderr ---------------------------------------------------------------------------

    def note(self, message: str) -> None:
        """A hint or progress message on stderr; silenced by ``-q``."""
        if not self.quiet:
            self.say(message)

    def say(self, message: str) -> None:
        """A message on stderr that ``-q`` does not silence (the outcome of a wait)."""
        self.stderr.write(inert(message) + "\n")
        self.stderr.flush()

    # -- rich ------------------------------------------------------------------------------

    @property
    def console(self) -> Console:
        """The rich console for stdout, made on first use (terminal rendering only)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                file=self.stdout,
                force_terminal=True,
                no_color=not self.color,
                markup=False,
                emoji=False,
                highlight=False,
            )
        return self._console

    def text(self, *segments: Segment) -> Text:
        """Inert, styled rich text (never markup), for a line or a view's layout."""
        from rich.text import Text

        text = Text()
        for segment in segments:
            content, style = (segment, "") if isinstance(segment, str) else segment
            text.append(inert(content), style=style)
        return text


def _plain(segment: Segment) -> str:
    return segment if isinstance(segment, str) else segment[0]


def _shown(cell: Cell) -> str:
    return cell.value if cell.shown is None else cell.shown
