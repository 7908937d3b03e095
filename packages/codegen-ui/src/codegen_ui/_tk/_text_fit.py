"""Text cut to a width in pixels, at a word boundary, with an ellipsis (the full text goes to a
tooltip or the detail pane, never lost).

Tk lays out a line by adding up its characters' advances, so a line's width is the sum of its
characters' widths: each character is measured once per font and remembered, which makes fitting a
thousand rows a matter of dictionary look-ups rather than a thousand ``font measure`` calls.
"""

from __future__ import annotations

import tkinter.font as tkfont

ELLIPSIS = "…"
COMMON = "".join(chr(code) for code in range(32, 127)) + ELLIPSIS + "●‖✔✖—–·"
"""Characters measured ahead (:func:`warm`): most of what a table of runs shows."""

_WIDTHS: dict[str, dict[str, int]] = {}
"""Character widths by font name, shared by every fitter of that font."""
WORD_BACKOFF = 0.6
"""A cut moves back to the last space if that keeps at least this share of what fits; a longer
word (a path, a URL) is cut where the room ends."""


class TextFitter:
    def __init__(self, font: tkfont.Font) -> None:
        self._font = font
        self._widths = _WIDTHS.setdefault(str(font), {})

    def width(self, text: str) -> int:
        widths, measure = self._widths, self._font.measure
        total = 0
        for char in text:
            width = widths.get(char)
            if width is None:
                width = widths[char] = measure(char)
            total += width
        return total

    def fit(self, text: str, pixels: int) -> str:
        """``text`` if it fits in ``pixels``, else its start and an ellipsis."""
        if self.width(text) <= pixels:
            return text
        room = pixels - self.width(ELLIPSIS)
        used = 0
        cut = 0
        widths = self._widths
        for index, char in enumerate(text):
            used += widths[char]  # measured by width() above
            if used > room:
                cut = index
                break
        space = text.rfind(" ", 0, cut + 1)
        if space >= cut * WORD_BACKOFF and space > 0:
            cut = space
        return text[:cut].rstrip(" ,;:.-—–") + ELLIPSIS


def warm(font: tkfont.Font) -> None:
    """Measure the common characters of ``font`` now (which also makes Tk load the font): start-up
    does it while ``codegen`` loads, so that the first table is cut to its columns at once.

    One Tcl call for them all: while another thread holds the GIL (loading ``codegen``), each call
    from here waits for its turn, so a hundred small calls would take a hundred turns."""
    measure = "{chars font} {lmap c $chars {font measure $font $c}}"
    tk = font._tk  # type: ignore[attr-defined]  # the interpreter the font lives in
    measured = tk.splitlist(tk.call("apply", measure, list(COMMON), str(font)))
    widths = _WIDTHS.setdefault(str(font), {})
    widths.update(zip(COMMON, (int(width) for width in measured), strict=True))
