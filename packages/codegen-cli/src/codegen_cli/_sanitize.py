"""Making text from the server inert before it reaches a terminal.

Run results, summaries, log thoughts and even error messages are written by an agent, or by whoever
wrote the prompt or the issue it read. Printed raw, an escape sequence in them could recolour the
terminal, rewrite the title, hide text, plant a hyperlink, or (on some terminals) answer back into
the input. So every string the CLI prints from the server passes through :func:`inert` first: escape
sequences (CSI, OSC, DCS and the other string controls, in their 7-bit and 8-bit forms) and every
other control character are removed, and so are the Unicode bidirectional overrides that make text
display in a different order than it reads. Only newline and tab survive, for multi-line fields;
:func:`one_line` turns those into spaces for table cells and tab-separated output.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"""
      (?:\x1b\[|\x9b) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?       # CSI ... final byte
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) .*? (?:\x07|\x1b\\|\x9c|$)
                                                                 # OSC, DCS, SOS, PM, APC ... ST
    | \x1b [\x20-\x2f]* [\x30-\x7e]?                             # any other escape sequence
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings/overrides/isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n]+")


def inert(text: str) -> str:
    """``text`` without escape sequences or control characters (newline and tab kept)."""
    text = text.replace("\r\n", "\n")
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def one_line(text: str) -> str:
    """:func:`inert` text on a single line: tabs and line breaks become spaces."""
    return _LINE_BREAKS.sub(" ", inert(text)).strip()
