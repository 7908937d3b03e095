"""A section of the repository's README, as a page of the site shows it (read at every build).

The README is where the measured figures are kept (each release measures them again), so the site
quotes its sections rather than copying them. Links relative to the repository become links to
the repository on GitHub, since the site is not the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPOSITORY = "https://github.com/codegen-toolkit/codegen-toolkit/blob/main/"
RELATIVE_LINK = re.compile(r"\]\((?!https?:|mailto:|#)(?P<path>[^)\s]+)\)")


def section(title: str, readme: Path = ROOT / "README.md") -> str:
    """The body of the ``## title`` section (up to the next ``## `` heading)."""
    text = readme.read_text()
    match = re.search(rf"^## {re.escape(title)}\n(?P<body>.*?)(?=^## |\Z)", text, re.M | re.S)
    if match is None:
        raise LookupError(f"{readme.name} has no section '## {title}'")
    return RELATIVE_LINK.sub(lambda m: f"]({REPOSITORY}{m['path']})", match["body"].strip()) + "\n"
