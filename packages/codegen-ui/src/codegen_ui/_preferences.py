"""The app's own settings (today: the appearance), kept next to the profile file as ``ui.toml``.

They are not part of a profile: a profile is a sign-in that the ``codegen`` command shares, while
these only concern this app. A missing, unreadable or hand-broken file gives the defaults (and a log
line), never an error at start: a look is not worth refusing to open over.
"""

from __future__ import annotations

import logging
import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ._palette import Appearance

FILE_NAME = "ui.toml"

logger = logging.getLogger("codegen_ui")


@dataclass(frozen=True)
class Preferences:
    appearance: Appearance = Appearance.SYSTEM


class PreferencesStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Preferences:
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Preferences()
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            logger.warning("ignoring %s: %s", self.path, error)
            return Preferences()
        try:
            return Preferences(appearance=Appearance(str(data.get("appearance", "system"))))
        except ValueError:
            logger.warning("ignoring %s: appearance must be system, light or dark", self.path)
            return Preferences()

    def save(self, preferences: Preferences) -> None:
        """Write the file whole (a temporary file renamed over it: never half written)."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = f'# codegen-ui\'s settings\nappearance = "{preferences.appearance.value}"\n'
        fd, tmp = tempfile.mkstemp(prefix=".ui-", suffix=".toml", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
