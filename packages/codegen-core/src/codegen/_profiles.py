"""Named profiles in a private TOML file, written by ``codegen login`` and the desktop app.

The file (``config.toml`` in :func:`config_dir`) holds tokens, so it is created with mode 0600 in a
0700 folder, always written atomically (a temporary file in the same folder, synced, then renamed
over the old one, so a crash leaves the old file or the new one, never half of one), and refused
when other users can read it::

    default = "work"

    [profiles.work]
    api_token = "..."
    org_id = 123
    api_url = "https://api.codegen.com/v1"
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._exceptions import ConfigError

CONFIG_FILE_NAME = "config.toml"
DEFAULT_PROFILE = "default"
"""The profile used and written when none is named (``CODEGEN_PROFILE``, ``--profile``) and the
file names no default."""
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$CODEGEN_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/codegen`` (``~/.config/codegen``)."""
    env = os.environ if env is None else env
    if env.get("CODEGEN_CONFIG_DIR"):
        return Path(env["CODEGEN_CONFIG_DIR"]).expanduser()
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        base = env.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    else:
        base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "codegen"


@dataclass(frozen=True)
class Profile:
    """What a profile can set. ``None`` means "not set here"."""

    api_token: str | None = field(default=None, repr=False)
    org_id: int | None = None
    api_url: str | None = None

    def __repr__(self) -> str:
        token = "'***'" if self.api_token else "None"
        return f"Profile(api_token={token}, org_id={self.org_id!r}, api_url={self.api_url!r})"


@dataclass(frozen=True)
class ProfileFile:
    default: str | None
    profiles: dict[str, Profile]


class ProfileStore:
    """Reads and writes the profile file."""

    def __init__(self, path: Path | str | None = None, *, env: Mapping[str, str] | None = None):
        self.path = Path(path) if path is not None else config_dir(env) / CONFIG_FILE_NAME

    def load(self) -> ProfileFile:
        """The file's profiles; an empty set when the file does not exist."""
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return ProfileFile(None, {})
        if os.name != "nt" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(
                f"{self.path} is readable by other users and holds API tokens; "
                f"run `chmod 600 {self.path}`"
            )
        import tomllib  # only when there is a file to read

        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{self.path} is not valid TOML: {error}") from None
        default = data.get("default")
        tables = data.get("profiles", {})
        if not isinstance(tables, dict) or (default is not None and not isinstance(default, str)):
            raise ConfigError(
                f'{self.path}: expected `default = "name"` and [profiles.<name>] tables'
            )
        return ProfileFile(
            default, {name: _profile(self.path, name, t) for name, t in tables.items()}
        )

    def get(self, name: str | None = None) -> Profile | None:
        """The named profile, or the default one when ``name`` is ``None``."""
        loaded = self.load()
        return loaded.profiles.get(name or loaded.default or DEFAULT_PROFILE)

    def save(self, name: str, profile: Profile, *, make_default: bool = False) -> None:
        """Add or replace a profile; the first profile saved becomes the default."""
        check_profile_name(name)
        loaded = self.load()
        profiles = {**loaded.profiles, name: profile}
        default = name if make_default or loaded.default not in profiles else loaded.default
        self._write(ProfileFile(default, profiles))

    def delete(self, name: str) -> bool:
        """Remove a profile; ``False`` if there was none by that name."""
        loaded = self.load()
        if name not in loaded.profiles:
            return False
        profiles = {n: p for n, p in loaded.profiles.items() if n != name}
        default = loaded.default if loaded.default in profiles else next(iter(profiles), None)
        self._write(ProfileFile(default, profiles))
        return True

    def _write(self, content: ProfileFile) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = _dump(content)
        fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=self.path.parent)
        try:
            if os.name != "nt":
                os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if os.name != "nt":
            directory = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)


def check_profile_name(name: str) -> None:
    if not _PROFILE_NAME.match(name):
        raise ConfigError(f"profile names use letters, digits, '-' and '_' only; got {name!r}")


def _profile(path: Path, name: str, table: Any) -> Profile:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [profiles.{name}] must be a table")
    token = table.get("api_token")
    org_id, api_url = table.get("org_id"), table.get("api_url")
    if token is not None and not isinstance(token, str):
        raise ConfigError(f"{path}: profiles.{name}.api_token must be a string")
    if org_id is not None and (not isinstance(org_id, int) or isinstance(org_id, bool)):
        raise ConfigError(f"{path}: profiles.{name}.org_id must be an integer")
    if api_url is not None and not isinstance(api_url, str):
        raise ConfigError(f"{path}: profiles.{name}.api_url must be a string")
    return Profile(api_token=token, org_id=org_id, api_url=api_url)


def _dump(content: ProfileFile) -> str:
    lines = [
        "# Codegen profiles, written by `codegen login` and the desktop app. Holds API tokens:",
        "# keep it private (mode 600).",
    ]
    if content.default is not None:
        lines.append(f"default = {_toml_string(content.default)}")
    for name, profile in content.profiles.items():
        lines += ["", f"[profiles.{name}]"]
        if profile.api_token is not None:
            lines.append(f"api_token = {_toml_string(profile.api_token)}")
        if profile.org_id is not None:
            lines.append(f"org_id = {profile.org_id}")
        if profile.api_url is not None:
            lines.append(f"api_url = {_toml_string(profile.api_url)}")
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
