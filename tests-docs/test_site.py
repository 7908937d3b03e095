"""The built documentation site: complete, drawn from the code, self-contained, and seen in a
real browser.

- Every page of the navigation is built; nothing a page needs is loaded from another host (no
  script, stylesheet, image or font from a CDN), so the site renders with no network.
- The command reference has every command and group of the ``codegen`` command (asked of the
  command itself, not of the generator), each with every one of its flags, and every exit code.
- The API reference has an entry for every name of every package's ``__all__``, and every public
  name has a docstring.
- Headless Chromium, with every host but loopback unreachable, opens the served site: the home
  page, the API reference and the command reference are photographed into ``.reports/``
  (``docs-*.png``) and their rendered DOM shows the theme's scripts ran (copy buttons, table frames).
"""

from __future__ import annotations

import html.parser
import re
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
import yaml
from typer._click import Command, Context  # typer's own click

from codegen_cli._app import app
from codegen_cli._errors import ExitCode
from codegen_cli._global_options import GLOBAL_NAMES
from codegen_cli._group import CodegenGroup

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / ".reports"
PACKAGES = ("codegen", "codegen_models", "codegen_cli", "codegen_sim")
"""Packages with an ``__all__``; codegen_ui exports its entry point only (checked apart)."""


def nav_pages() -> list[str]:
    def walk(items: list[object]) -> Iterator[str]:
        for item in items:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict):
                for value in item.values():
                    yield from walk(value if isinstance(value, list) else [value])

    # mkdocs.yml holds !!python/name tags for the emoji extension: a loader that ignores them.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    return list(walk(config["nav"]))


class _Page(html.parser.HTMLParser):
    """The ids, links and loaded resources of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.loaded: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.hrefs.append(values["href"])
        if tag in ("script", "img", "iframe", "source") and values.get("src"):
            self.loaded.append(values["src"])
        if tag == "link" and values.get("rel") in (
            "stylesheet",
            "preload",
            "modulepreload",
            "icon",
        ):
            self.loaded.append(values.get("href", ""))


def page(site: Path, path: str) -> _Page:
    return _Page((site / path).read_text())


def test_every_page_of_the_navigation_is_built(site: Path) -> None:
    pages = nav_pages()
    assert "cli/reference.md" in pages and "api/codegen.md" in pages
    for source in pages:
        assert (site / source.replace(".md", ".html")).is_file(), source


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    remote = re.compile(r"^(https?:)?//", re.IGNORECASE)
    for built in sorted(site.rglob("*.html")):
        outside = [url for url in _Page(built.read_text()).loaded if remote.match(url)]
        assert not outside, f"{built.relative_to(site)} loads {outside}"
    for sheet in sorted(site.rglob("*.css")):
        urls = re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", sheet.read_text())
        assert not urls, f"{sheet.relative_to(site)} loads {urls}"


def _commands() -> Iterator[tuple[str, Command, Context]]:
    """Every command of ``codegen`` as the command itself knows them, groups' commands too."""
    root = typer.main.get_command(app)
    assert isinstance(root, CodegenGroup)
    ctx = Context(root, info_name="codegen", **root.context_settings)
    for name in root.list_commands(ctx):
        command = root.get_command(ctx, name)
        assert command is not None
        sub = Context(command, info_name=name, parent=ctx)
        yield f"codegen {name}", command, sub
        if isinstance(command, CodegenGroup):
            for child in command.list_commands(sub):
                found = command.get_command(sub, child)
                assert found is not None
                leaf = Context(found, info_name=child, parent=sub)
                yield f"codegen {name} {child}", found, leaf


def test_the_command_reference_has_every_command_with_every_flag(site: Path) -> None:
    text = (site / "cli" / "reference.html").read_text()
    ids = _Page(text).ids
    sections = re.split(r'<h[23] id="(codegen[\w-]*)"', text)
    by_id = dict(zip(sections[1::2], sections[2::2], strict=True))
    paths = list(_commands())
    assert len(paths) > 30
    for path, command, ctx in paths:
        anchor = path.replace(" ", "-")
        assert anchor in ids, f"{path} is not in the command reference"
        if isinstance(command, CodegenGroup):
            continue
        section = by_id[anchor]
        for param in command.get_params(ctx):
            if param.name in GLOBAL_NAMES or getattr(param, "hidden", False):
                continue
            for opt in param.opts if param.param_type_name == "option" else [str(param.metavar)]:
                assert opt in section, f"{path}: {opt} is not in its section"
    exit_codes = text.split('id="exit-codes"', 1)[1].split("</table>", 1)[0]
    for code in ExitCode:
        assert f"<td>{int(code)}</td>" in exit_codes, f"exit code {int(code)} is not explained"
    assert 'id="global-options"' in text and "--org-id" in text


def _all(package: str) -> list[str]:
    from tools.docs.api_pages import public_names

    return [name.name for name in public_names(package)]


@pytest.mark.parametrize("package", PACKAGES)
def test_the_api_reference_has_every_public_name(site: Path, package: str) -> None:
    built = page(site, f"api/{package}.html")
    names = _all(package)
    assert names
    for name in names:
        documented = f"{package}.{name}" in built.ids
        # codegen re-exports models: a link to where codegen_models documents them.
        linked = f"codegen_models.html#codegen_models.{name}" in built.hrefs
        assert documented or linked, f"{package}.{name} is not in the API reference"
    assert "codegen_ui.app.main" in page(site, "api/codegen_ui.html").ids


def test_the_clients_methods_are_documented_as_methods(site: Path) -> None:
    built = page(site, "api/codegen.html")
    from codegen import AsyncCodegenClient, CodegenClient

    for client in (CodegenClient, AsyncCodegenClient):
        methods = [name for name in dir(client) if not name.startswith("_")]
        methods = [name for name in methods if callable(getattr(client, name))]
        assert "create_agent_run" in methods and "with_options" in methods
        for name in methods:
            assert f"codegen.{client.__name__}.{name}" in built.ids, f"{client.__name__}.{name}"
    text = (site / "api" / "codegen.html").read_text()
    assert ":class:" not in text and ":meth:" not in text  # roles became links or code


def _docstring_gaps() -> list[str]:
    """Public names without a docstring: each package's ``__all__``, their public methods and
    properties (fields of models, members of enumerations and attributes set in ``__init__`` are
    described by their class), and
    the classes and functions of ``codegen_models.api`` and ``codegen_models.spec``."""
    import griffe

    from tools.docs.griffe_toolkit import ToolkitExtension

    loader = griffe.GriffeLoader(
        search_paths=[str(p) for p in sorted(ROOT.glob("packages/*/src"))],
        extensions=griffe.load_extensions(ToolkitExtension()),
    )
    for package in (*PACKAGES, "codegen_ui"):
        loader.load(package)
    loader.resolve_aliases(implicit=False, external=None)
    modules = loader.modules_collection
    gaps: list[str] = []

    def check(obj: griffe.Object | griffe.Alias, path: str) -> None:
        target = obj.final_target if isinstance(obj, griffe.Alias) else obj
        if target.docstring is None or not target.docstring.value.strip():
            gaps.append(path)
        if target.is_class:
            members = target.all_members if "Client" in path else target.members
            for name, member in members.items():
                final = member.final_target if isinstance(member, griffe.Alias) else member
                if name.startswith("_") or final.is_alias:
                    continue
                if final.is_attribute and "property" not in final.labels:
                    continue
                if final.docstring is None or not final.docstring.value.strip():
                    gaps.append(f"{path}.{name}")

    for package in PACKAGES:
        for name in _all(package):
            if package == "codegen" and modules[package].members[name].target_path.startswith(
                "codegen_models."
            ):
                continue  # documented where codegen_models exports it
            check(modules[package].members[name], f"{package}.{name}")
    for module in ("codegen_models.api", "codegen_models.spec"):
        for name, member in modules[module].members.items():
            if not name.startswith("_") and not member.is_alias and not member.is_attribute:
                check(member, f"{module}.{name}")
    check(modules["codegen_ui.app"].members["main"], "codegen_ui.app.main")
    return gaps


def test_every_public_name_has_a_docstring() -> None:
    assert _docstring_gaps() == []


# -- in a browser --------------------------------------------------------------------------------


def browse(chromium: str, url: str, *, screenshot: Path | None = None, width: int = 1280,
           height: int = 900) -> str:  # fmt: skip
    """The DOM of ``url`` after its scripts ran, as headless Chromium renders it with no host
    reachable but loopback; with ``screenshot``, a PNG of the window too."""
    with tempfile.TemporaryDirectory() as profile:
        args = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", f"--window-size={width},{height}",
            "--hide-scrollbars", "--virtual-time-budget=5000",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ]  # fmt: skip
        if screenshot is not None:
            args.append(f"--screenshot={screenshot}")
        else:
            args.append("--dump-dom")
        done = subprocess.run([*args, url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def png_facts(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct colours of an 8-bit RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        if data[offset + 4 : offset + 8] == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    channels = 3 if colour == 2 else 4
    stride = 1 + width * channels
    colours: set[bytes] = set()
    for row in range(0, height, 7):  # filtered bytes, sampled: enough to tell a page from a blank
        line = raw[row * stride + 1 : (row + 1) * stride]
        colours.update(line[i : i + 3] for i in range(0, len(line), channels * 5))
    return width, height, len(colours)


@pytest.mark.parametrize(
    ("path", "name", "height"),
    [("index.html", "docs-home", 900), ("api/codegen.html", "docs-api", 1800),
     ("cli/reference.html", "docs-cli", 1200), ("desktop.html", "docs-desktop", 1200)],
)  # fmt: skip
def test_a_browser_shows_the_page(
    chromium: str, served: str, path: str, name: str, height: int
) -> None:
    REPORTS.mkdir(exist_ok=True)
    shot = REPORTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    browse(chromium, served + path, screenshot=shot, height=height)
    width, shown_height, colours = png_facts(shot)
    assert (width, shown_height) == (1280, height)
    assert colours > 20, f"{shot} looks blank"


def test_the_theme_s_scripts_run_with_no_network(chromium: str, served: str) -> None:
    dom = browse(chromium, served + "python/index.html")
    assert 'class="md-search__input"' in dom
    # Added by the theme's script: the copy buttons of code blocks, the scrolling frame of tables.
    assert "md-code__button" in dom and "md-typeset__scrollwrap" in dom
    assert "CodegenClient" in dom


def test_the_desktop_page_shows_the_app_s_screenshots(site: Path) -> None:
    built = page(site, "desktop.html")
    shown = [src for src in built.loaded if src.startswith("desktop/ui-")]
    assert len(shown) >= 6
    for src in shown:
        width, height, colours = png_facts(site / src)
        assert width >= 900 and height >= 600 and colours > 20, src
