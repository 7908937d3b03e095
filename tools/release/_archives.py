"""What a built wheel and sdist must carry to be published: the license, the URLs, a README that
works on the index's page.

The package index shows a distribution's README (its long description) on its own, away from the
repository: a relative link there leads nowhere. The description is rendered as the index renders
it (readme-renderer, GitHub-flavoured Markdown) and every link and image in it must be absolute or
an anchor of the page itself.
"""

from __future__ import annotations

import email.parser
import tarfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from ._errors import ReleaseError
from ._workspace import Member

PROJECT_URL_LABELS = ("Homepage", "Documentation", "Source", "Issues", "Changelog")
ABSOLUTE = ("https://", "http://", "mailto:", "#")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        self.targets += [value for key, value in attrs if key == wanted and value is not None]


def relative_links(markdown: str) -> list[str]:
    """The links and images of `markdown`, rendered as the index renders it, that are relative."""
    try:
        import readme_renderer.markdown  # the release group's; only this check needs it
    except ImportError:
        html = None
    else:
        html = readme_renderer.markdown.render(markdown, variant="GFM")
    if html is None:
        raise ReleaseError(
            "cannot render Markdown: install readme-renderer[md] (uv sync --group release)"
        )
    links = _Links()
    links.feed(html)
    return [target for target in links.targets if not target.startswith(ABSOLUTE)]


def metadata_problems(where: str, raw: str) -> list[str]:
    metadata = email.parser.Parser().parsestr(raw)
    problems = []
    if metadata.get("License-Expression") != "MIT":
        problems.append(f"{where}: License-Expression is {metadata.get('License-Expression')!r}")
    if "LICENSE" not in metadata.get_all("License-File", []):
        problems.append(f"{where}: no License-File: LICENSE")
    labels = {url.split(",", 1)[0].strip() for url in metadata.get_all("Project-URL", [])}
    if missing := [label for label in PROJECT_URL_LABELS if label not in labels]:
        problems.append(f"{where}: no Project-URL for {', '.join(missing)}")
    if metadata.get("Description-Content-Type") != "text/markdown":
        problems.append(f"{where}: the description is not text/markdown")
    if relative := relative_links(metadata.get_payload()):  # type: ignore[arg-type]
        problems.append(f"{where}: relative links, dead on the index's page: {relative}")
    return problems


def archive_problems(dist: Path, member: Member, version: str, license_text: bytes) -> list[str]:
    """What is wrong with `member`'s wheel and sdist of `version` in `dist` (nothing: [])."""
    stem = f"{member.archive_stem}-{version}"
    wheels = sorted(dist.glob(f"{stem}-*.whl"))
    sdist = dist / f"{stem}.tar.gz"
    if len(wheels) != 1 or not sdist.is_file():
        return [f"{member.name}: expected one {stem}-*.whl and {sdist.name} in {dist}"]
    problems = []
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
        license_name = f"{stem}.dist-info/licenses/LICENSE"
        if license_name not in names or wheel.read(license_name) != license_text:
            problems.append(f"{wheels[0].name}: {license_name} is not the repository's LICENSE")
        metadata = wheel.read(f"{stem}.dist-info/METADATA").decode()
        problems += metadata_problems(wheels[0].name, metadata)
    with tarfile.open(sdist) as archive:
        try:
            carried = archive.extractfile(f"{stem}/LICENSE")
        except KeyError:
            carried = None
        if carried is None or carried.read() != license_text:
            problems.append(f"{sdist.name}: {stem}/LICENSE is not the repository's LICENSE")
        pkg_info = archive.extractfile(f"{stem}/PKG-INFO")
        if pkg_info is None:
            problems.append(f"{sdist.name}: no PKG-INFO")
        else:
            problems += metadata_problems(sdist.name, pkg_info.read().decode())
    return problems
