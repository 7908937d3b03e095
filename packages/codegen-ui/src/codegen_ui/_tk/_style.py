"""The look: the sv-ttk "Sun Valley" theme, light or dark, with the app's fonts, spacing and colours.

sv-ttk is a maintained ttk theme in the style of Windows 11, in a light and a dark variant, with no
dependencies beyond Tk (its images are PNG sprites that Tk 8.6 reads itself). If it cannot load (not
installed, or its files fail to load) the app uses ttk's own "clam" theme with the same palette:
plainer, never a failed start.

ttk widgets take their colours from styles; the classic Tk widgets the app uses (``Text``,
``Listbox``, ``Menu``) are coloured here too, and widgets that colour parts of themselves (the log's
message types, the table's statuses) have an ``apply_palette`` method that :meth:`Look.recolour`
calls on every widget of a tree.
"""

from __future__ import annotations

import logging
import tkinter as tk
import tkinter.font as tkfont
import weakref
from tkinter import ttk

from codegen_ui._palette import LIGHT, Palette, StatusClass, palette

from ._text_fit import warm

logger = logging.getLogger("codegen_ui")

PAD = 12
"""Around the window's content and inside dialogs."""
GAP = 8
"""Between groups of controls."""
SMALL = 4
"""Between a label and what it labels, and between rows of a form."""

BODY_PX = 14
MONO_PX = 13
TITLE_PX = 18
CAPTION_PX = 12

_STYLED_CLASSES = ("TLabel", "TEntry", "TCombobox")
"""ttk widgets with colour options of their own, which tk_setPalette sets."""

_FONTS_USED = (
    "TkDefaultFont", "TkTextFont", "TkFixedFont", "TkHeadingFont", "TkMenuFont",
    "SunValleyBodyFont", "SunValleyCaptionFont",
)  # fmt: skip
"""Fonts of Tk and sv-ttk that the window shows (the app's own are the Codegen* ones)."""

_LOOKS: weakref.WeakKeyDictionary[tk.Misc, Look] = weakref.WeakKeyDictionary()


def look_of(widget: tk.Misc) -> Look:
    """The look of ``widget``'s application (made when the main window was)."""
    return _LOOKS[widget.nametowidget(".")]


class Look:
    """The theme in use on one Tk root; :meth:`apply` switches between light and dark."""

    def __init__(self, root: tk.Tk) -> None:
        self.root = root
        self.palette = LIGHT
        self.themed = False
        """Whether sv-ttk is in use (``False``: plain ttk, because it could not load)."""
        self._theme_failed = False
        self._fonts_made = False
        self._recolour_after: str | None = None
        _LOOKS[root] = self
        # sv-ttk recolours the classic widgets (tk_setPalette) whenever Tk sends <<ThemeChanged>>,
        # which it does again when idle: colour them after that, every time.
        root.bind("<<ThemeChanged>>", self._theme_changed, add="+")

    @classmethod
    def of(cls, root: tk.Tk) -> Look:
        """The look of ``root``: the one made for it already (early, by the app), or a new one."""
        return _LOOKS.get(root) or cls(root)

    def load(self) -> None:
        """Read the theme's files and load the fonts now (the longest part of setting them up),
        before the variant is known: the app does this while ``codegen`` loads on another
        thread."""
        if not self._theme_failed:
            self._load_theme()
        if not self._fonts_made:
            _make_fonts(self.root)
            self._fonts_made = True
            for name in ("CodegenBody", "CodegenLink"):  # what the views cut text with
                warm(tkfont.nametofont(name, root=self.root))
            # The others the window uses load when first measured: all at once, in one call.
            used = [*_FONTS_USED, *(name for name in tkfont.names(self.root) if "Codegen" in name)]
            self.root.tk.call("apply", "{fonts} {foreach f $fonts {font measure $f A}}", used)

    def _load_theme(self) -> None:
        try:
            import sv_ttk

            sv_ttk.get_theme(self.root)  # loads both variants; uses neither yet
        except Exception as error:  # ImportError, TclError, OSError: any of them, plain ttk
            self._theme_failed = True
            logger.warning("the sv-ttk theme could not load (%s); using plain ttk", error)

    def apply(self, dark: bool) -> None:
        self.palette = palette(dark)
        self.themed = self._use_theme(dark)
        if self.themed:
            # sv-ttk sets its colours and fonts on <<ThemeChanged>>, which Tk sends when idle, and
            # only to windows that are mapped: send it to every window now, so that the window is
            # right from its first drawing and the colours set below are the last word.
            self.root.tk.call("ttk::ThemeChanged")
            # It also sets the classic widgets' palette (tk_setPalette), which puts a background
            # and a foreground in the option database: ttk labels and entries would take them as
            # their own and ignore their styles. Their styles decide.
            for name in _STYLED_CLASSES:
                for option in ("background", "foreground"):
                    self.root.option_add(f"*{name}.{option}", "", "interactive")
        _configure_styles(ttk.Style(self.root), self.palette, themed=self.themed)
        self.recolour(self.root)

    def _theme_changed(self, _event: tk.Event[tk.Misc]) -> None:
        if self._recolour_after is None:  # the event comes once per widget: colour them once
            self._recolour_after = self.root.after_idle(self._recolour_root)

    def _recolour_root(self) -> None:
        self._recolour_after = None
        if self.root.winfo_exists():
            self.recolour(self.root)

    def recolour(self, top: tk.Misc) -> None:
        """Give ``top`` and every widget under it the palette's colours."""
        colours = self.palette
        stack = [top]
        while stack:
            widget = stack.pop()
            stack.extend(widget.winfo_children())
            if isinstance(widget, tk.Text | tk.Listbox):
                widget.configure(
                    background=colours.surface,
                    foreground=colours.foreground,
                    selectbackground=colours.selection,
                    selectforeground=colours.foreground,
                    highlightbackground=colours.background,
                    highlightcolor=colours.link,
                )
                if isinstance(widget, tk.Text):
                    widget.configure(insertbackground=colours.foreground)
            elif isinstance(widget, tk.Menu):
                widget.configure(
                    background=colours.surface,
                    foreground=colours.foreground,
                    activebackground=colours.selection,
                    activeforeground=colours.foreground,
                    selectcolor=colours.foreground,
                )
            elif isinstance(widget, tk.Tk | tk.Toplevel):
                widget.configure(background=colours.background)
            elif self.themed and widget.winfo_class() in _STYLED_CLASSES:
                # tk_setPalette recolours these too (see apply): give them back to their styles.
                widget.configure(background="", foreground="")  # type: ignore[call-arg]
            apply_palette = getattr(widget, "apply_palette", None)
            if callable(apply_palette):
                apply_palette(colours)

    def _use_theme(self, dark: bool) -> bool:
        self.load()
        if not self._theme_failed:
            import sv_ttk

            sv_ttk.set_theme("dark" if dark else "light", self.root)
            return True
        style = ttk.Style(self.root)
        if "clam" in style.theme_names():
            style.theme_use("clam")
        colours = self.palette
        self.root.tk_setPalette(
            background=colours.background,
            foreground=colours.foreground,
            selectBackground=colours.selection,
            selectForeground=colours.foreground,
            activeBackground=colours.selection,
        )
        return False


def _make_fonts(root: tk.Tk) -> None:
    """One family (the platform's own) in a few sizes, for ttk and the classic widgets alike."""
    family = tkfont.nametofont("TkDefaultFont", root=root).actual("family")
    sizes = {"TkDefaultFont": -BODY_PX, "TkTextFont": -BODY_PX, "TkMenuFont": -BODY_PX}
    for name, size in sizes.items():
        tkfont.nametofont(name, root=root).configure(size=size)
    tkfont.nametofont("TkHeadingFont", root=root).configure(size=-CAPTION_PX, weight="bold")
    tkfont.nametofont("TkFixedFont", root=root).configure(size=-MONO_PX)
    named = set(tkfont.names(root))
    mono = tkfont.nametofont("TkFixedFont", root=root).actual("family")
    for name, font_family, size, weight in (
        ("CodegenBody", family, -BODY_PX, "normal"),
        ("CodegenStrong", family, -BODY_PX, "bold"),
        ("CodegenTitle", family, -TITLE_PX, "bold"),
        ("CodegenCaption", family, -CAPTION_PX, "normal"),
        ("CodegenLink", family, -BODY_PX, "normal"),
        ("CodegenMonoStrong", mono, -MONO_PX, "bold"),
    ):
        if name not in named:  # made in Tcl: a tkinter Font object deletes its font when collected
            root.tk.call("font", "create", name, "-family", font_family, "-size", size,
                         "-weight", weight)  # fmt: skip
    tkfont.nametofont("CodegenLink", root=root).configure(underline=True)
    # sv-ttk asks for Segoe UI Variable, which only Windows has; elsewhere, the same family as
    # the rest, with its semibold faces made bold (a missing face would fall back to regular).
    if root.tk.call("tk", "windowingsystem") != "win32":
        for name in named:
            if name.startswith("SunValley"):
                font = tkfont.nametofont(name, root=root)
                bold = "Semibold" in str(font.cget("family"))
                font.configure(family=family, weight="bold" if bold else "normal")


def _configure_styles(style: ttk.Style, colours: Palette, *, themed: bool) -> None:
    """The app's named styles, on the theme in use (ttk keeps styles per theme)."""
    if not themed:
        style.configure(
            ".",
            background=colours.background,
            foreground=colours.foreground,
            fieldbackground=colours.surface,
            font="CodegenBody",
        )
        style.configure("Treeview", background=colours.surface, fieldbackground=colours.surface)
        style.map("Treeview", background=[("selected", colours.selection)])
    style.configure("TLabel", font="CodegenBody")
    style.configure("Title.TLabel", font="CodegenTitle")
    style.configure("Heading.TLabel", font="CodegenStrong")
    style.configure("Muted.TLabel", foreground=colours.muted)
    style.configure("Link.TLabel", foreground=colours.link, font="CodegenLink")
    style.configure("Error.TLabel", foreground=colours.error)
    style.configure("Placeholder.TLabel", foreground=colours.muted, font="CodegenBody")
    style.configure("Bar.TFrame", background=colours.bar_background)
    style.configure(
        "Status.TLabel",
        padding=(PAD, SMALL),
        background=colours.bar_background,
        foreground=colours.foreground,
    )
    style.configure(
        "StatusError.TLabel",
        padding=(PAD, SMALL),
        background=colours.error_background,
        foreground=colours.error,
    )
    style.configure("Banner.TFrame", background=colours.banner_background)
    style.configure(
        "Banner.TLabel", background=colours.banner_background, foreground=colours.banner_foreground
    )
    style.configure(
        "BannerTitle.TLabel",
        background=colours.banner_background,
        foreground=colours.banner_foreground,
        font="CodegenStrong",
    )
    style.configure("Treeview", rowheight=26, font="CodegenBody")
    style.configure("Treeview.Heading", font="CodegenStrong")
    for status_class in StatusClass:
        style.configure(
            f"{status_class.value}.Status.TLabel",
            foreground=colours.statuses[status_class],
            font="CodegenStrong",
        )
