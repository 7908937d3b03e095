"""MkDocs hooks (``hooks:`` in mkdocs.yml): what the site takes from the code at every build.

- ``cli/reference.md``, the reference of the ``codegen`` command, written from the command itself
  (:mod:`tools.docs.cli_reference`);
- the options of ``codegen-sim``, from its argument parser, where a page says
  ``<!-- generated: codegen-sim options -->``;
- the figures of the README's section "Performance" (:mod:`tools.docs.readme_sections`);
- the API reference of a package's ``__all__``, by section (:mod:`tools.docs.api_pages`), where a
  page says ``<!-- generated: the public names of PACKAGE -->``;
- the screenshots of the desktop app that ``tests-integration/test_ui_screenshots.py`` takes into
  ``.reports/`` (the docs session takes them first), as ``desktop/ui-*.png``.

Nothing generated is committed, so none of it can be out of date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # mkdocs loads this file by its path, not as part of `tools`
    sys.path.insert(0, str(ROOT))

from tools.docs import api_pages, cli_reference, readme_sections, sim_reference  # noqa: E402

SCREENSHOTS = ROOT / ".reports"
TAKE_SCREENSHOTS = "uv run pytest tests-integration/test_ui_screenshots.py"
GENERATED_PAGES: dict[str, Callable[[], str]] = {"cli/reference.md": cli_reference.page}
MARKERS: dict[str, Callable[[], str]] = {
    "<!-- generated: codegen-sim options -->": sim_reference.options_table,
    '<!-- generated: the README\'s section "Performance" -->': partial(
        readme_sections.section, "Performance"
    ),
    **{
        f"<!-- generated: the public names of {package} -->": partial(api_pages.sections, package)
        for package in api_pages.SECTIONS
    },
}


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for uri, make in GENERATED_PAGES.items():
        try:
            content = make()
        except cli_reference.ReferenceError as error:
            raise PluginError(f"{uri}: {error}") from None
        files.append(File.generated(config, uri, content=content))
    screenshots = sorted(SCREENSHOTS.glob("ui-*.png"))
    if not screenshots:
        raise PluginError(
            f"no screenshots of the desktop app in {SCREENSHOTS}: take them with "
            f"`{TAKE_SCREENSHOTS}` (under Xvfb; `uv run nox -s docs` does)"
        )
    for screenshot in screenshots:
        uri = f"desktop/{screenshot.name}"
        files.append(File.generated(config, uri, abs_src_path=str(screenshot)))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    for marker, make in MARKERS.items():
        if marker in markdown:
            try:
                markdown = markdown.replace(marker, make())
            except LookupError as error:
                raise PluginError(f"{page.file.src_uri}: {error}") from None
    leftover = re.search(r"<!-- generated: .*? -->", markdown)
    if leftover:
        raise PluginError(f"{page.file.src_uri}: nothing generates {leftover[0]}")
    return markdown
