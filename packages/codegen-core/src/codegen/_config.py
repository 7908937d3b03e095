"""Client configuration, and where it comes from.

Every field is resolved once, when the configuration is made. Precedence, highest first: a value
given in code (``ClientConfig(api_token=...)``, or a client's keyword argument over its config), the
environment, the selected profile of the profile file, the default. A configuration built by hand
therefore still takes what it does not set from the environment, as the anthropic and openai clients
read their base URL when it is not given — so under ``codegen-sim exec`` every client points at the
simulator. ``ClientConfig(..., read_env=False)`` reads neither the environment nor the profile file.

==================================  =====================================================
``CODEGEN_API_TOKEN``               the API token (also ``CODEGEN_USER_ACCESS_TOKEN``)
``CODEGEN_ORG_ID``                  default organization id
``CODEGEN_API_URL``                 API base URL (also ``CODEGEN_API_BASE_URL``)
``CODEGEN_PROFILE``                 profile to use from the profile file
``CODEGEN_CONFIG_DIR``              folder of the profile file
``CODEGEN_LOG_LEVEL``               ``debug``, ``info`` (the default), ``warning`` or ``error``
``CODEGEN_TIMEOUT``                 seconds one attempt of a request may take, all of it
``CODEGEN_MAX_RETRIES``             retries per request
``CODEGEN_RATE_LIMIT``              ``0`` turns the client-side rate limiter off
``CODEGEN_ALLOW_INSECURE_HTTP``     ``1`` allows the token over plain http to a non-loopback host
``CODEGEN_TRUST_IDEMPOTENCY_KEYS``  ``1``: the server honours ``Idempotency-Key`` (see ``_retry``)
==================================  =====================================================
"""

from __future__ import annotations

import difflib
import ipaddress
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, NoReturn
from urllib.parse import urlsplit

from codegen_models.api import (
    DEFAULT_API_URL,
    ENV_ALIASES,
    RATE_LIMITS,
    TOKEN_URL,
    EnvVar,
    RateClass,
    RateLimit,
)

from ._exceptions import ArgumentTypeError, ConfigError
from ._profiles import Profile, ProfileStore

DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 86_400.0
"""A day: longer is surely a mistake (and beyond what sockets accept, ``inf``, is refused)."""
DEFAULT_MAX_RETRIES = 3
DEFAULT_LOG_LEVEL = "info"
LOG_LEVELS = ("debug", "info", "warning", "error")

MISSING_TOKEN = (
    f"no API token: set {EnvVar.API_TOKEN}, pass api_token=..., or run `codegen login` "
    f"(tokens: {TOKEN_URL})"
)
MISSING_ORG = f"no organization id: pass org_id=..., set {EnvVar.ORG_ID}, or run `codegen login`"


@dataclass(frozen=True, init=False)
class ClientConfig:
    """Everything a client needs to know. Immutable; derive variants with :meth:`replace`.

    ``ClientConfig(api_token="...", org_id=123)`` sets those two fields and takes the others from the
    environment, then the profile file, then the defaults. ``org_id`` may be an int or a string of
    digits. The token never appears in ``repr``; an ``http://`` URL to a host that is not loopback is
    refused unless ``allow_insecure_http`` is set, because the token would cross the network in
    clear text.
    """

    api_token: str | None
    org_id: int | None
    api_url: str
    timeout: float
    """Seconds one attempt of a request may take in all: connecting, sending, the whole answer."""
    max_retries: int
    rate_limit: bool
    rate_limits: Mapping[RateClass, RateLimit]
    log_level: str
    """The ``codegen`` logger's level; ``info`` shows retries and fallbacks, ``debug`` requests."""
    allow_insecure_http: bool
    trust_idempotency_keys: bool
    profile: str | None
    """The profile this configuration was read from, if any (informational)."""

    def __init__(
        self,
        *,
        api_token: str | None = None,
        org_id: int | str | None = None,
        api_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        rate_limit: bool | None = None,
        rate_limits: Mapping[RateClass, RateLimit] | None = None,
        log_level: str | None = None,
        allow_insecure_http: bool | None = None,
        trust_idempotency_keys: bool | None = None,
        profile: str | None = None,
        read_env: bool = True,
        **unknown: NoReturn,
    ) -> None:
        _reject_unknown(unknown)
        given = {
            "api_token": api_token,
            "org_id": org_id,
            "api_url": api_url,
            "timeout": timeout,
            "max_retries": max_retries,
            "rate_limit": rate_limit,
            "rate_limits": rate_limits,
            "log_level": log_level,
            "allow_insecure_http": allow_insecure_http,
            "trust_idempotency_keys": trust_idempotency_keys,
            "profile": profile,
        }
        sources = _Sources(os.environ, None) if read_env else None
        self._resolve(given, sources)

    @classmethod
    def from_env(
        cls,
        *,
        env: Mapping[str, str] | None = None,
        profiles: ProfileStore | None = None,
        **given: Any,
    ) -> ClientConfig:
        """Like the constructor, reading ``env`` instead of ``os.environ`` and the profile file of
        ``profiles`` (tests and tools that manage their own environment)."""
        _reject_unknown({k: v for k, v in given.items() if k not in _FIELD_NAMES})
        config = cls.__new__(cls)
        config._resolve(given, _Sources(os.environ if env is None else env, profiles))
        return config

    def _resolve(self, given: Mapping[str, Any], sources: _Sources | None) -> None:
        values = {name: value for name, value in given.items() if value is not None}
        if sources is not None:
            values = {**sources.read(values.get("profile")), **values}
        for name, check in _CHECKS.items():
            object.__setattr__(self, name, check(values.get(name)))
        if not self.allow_insecure_http and sends_token_in_clear(self.api_url):
            raise ConfigError(
                f"refusing to send the API token over plain http to "
                f"{urlsplit(self.api_url).hostname}; use https, or allow it with "
                f"allow_insecure_http=True ({EnvVar.ALLOW_INSECURE_HTTP}=1)"
            )

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={'***' if f.name == 'api_token' and self.api_token else repr(getattr(self, f.name))}"
            for f in fields(self)
            if f.name != "rate_limits"
        )
        return f"ClientConfig({shown})"

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with some fields changed (validated like the original; ``None`` unsets a field
        that has no default). Reads no environment."""
        _reject_unknown({k: v for k, v in changes.items() if k not in _FIELD_NAMES})
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        config = type(self).__new__(type(self))
        config._resolve(values, None)
        return config

    def require_token(self) -> str:
        """The token; a :class:`ConfigError` naming where to set one when there is none."""
        if not self.api_token:
            raise ConfigError(MISSING_TOKEN)
        return self.api_token

    def resolve_org_id(self, org_id: int | str | None) -> int:
        """``org_id`` if given, else the configured one; a clear error when there is neither."""
        chosen = check_org_id(org_id) if org_id is not None else self.org_id
        if chosen is None:
            raise ConfigError(MISSING_ORG)
        return chosen


@dataclass(frozen=True)
class _Sources:
    """Where unset fields come from: the environment, then a profile of the profile file."""

    env: Mapping[str, str]
    profiles: ProfileStore | None

    def read(self, profile_name: str | None) -> dict[str, Any]:
        values = _read_env(self.env)
        profile_name = profile_name or values.get("profile")
        store = self.profiles or ProfileStore(env=self.env)
        profile = store.get(profile_name)
        if profile is None:
            if profile_name is not None:
                raise ConfigError(f"no profile named {profile_name!r} in {store.path}")
            return values
        values.setdefault("profile", profile_name or store.load().default)
        return {**_profile_fields(profile), **values}


def _reject_unknown(unknown: Mapping[str, Any]) -> None:
    """A ``TypeError`` that names the nearest real field: ``token=`` → did you mean ``api_token``?"""
    if not unknown:
        return
    name = next(iter(unknown))
    close = difflib.get_close_matches(name, _FIELD_NAMES, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ArgumentTypeError(f"ClientConfig has no field {name!r}{hint}", argument=name)


def check_token(value: Any) -> str | None:
    """The token with surrounding whitespace removed; ``None`` for an empty one.

    A token is printable ASCII without spaces. Anything else (a line break inside, a non-ASCII
    letter) would fail later as an illegal header value whose message shows the token, so it is
    refused here with a message that does not.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        hint = (
            "; pass a ClientConfig as the first argument: CodegenClient(config)"
            if isinstance(value, ClientConfig)
            else ""
        )
        raise ConfigError(f"api_token must be a string, got {type(value).__name__}{hint}")
    token = value.strip()
    if not token:
        return None
    for position, char in enumerate(token, start=1):
        if not ("!" <= char <= "~"):
            kind = (
                "whitespace"
                if char.isspace()
                else "a control character"
                if ord(char) < 0x20 or ord(char) == 0x7F
                else "a non-ASCII character"
            )
            raise ConfigError(
                f"api_token contains {kind} at position {position} of {len(token)}; "
                "a Codegen API token is printable ASCII — check how it was copied"
            )
    return token


def check_org_id(value: Any, source: str = "org_id") -> int | None:
    """An organization id from an int or a string of digits (``"123"``)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ConfigError(f"{source} must be a positive organization id, got {value}")
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    shown = repr(value[:40]) if isinstance(value, str) else type(value).__name__
    raise ConfigError(f"{source} must be an organization id (a number like 123), got {shown}")


def normalize_api_url(url: Any, source: str = "api_url") -> str:
    """Validate a base URL; drop a trailing slash; a bare host gets the ``/v1`` prefix."""
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"{source} must be a URL like {DEFAULT_API_URL}")
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError as error:
        raise ConfigError(f"{source} is not a valid URL ({error}); got {url[:80]!r}") from None
    if parts.username is not None or parts.password is not None:
        raise ConfigError(
            f"{source} must not hold a user name or password; pass the token as api_token"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{source} must be an http(s) URL like {DEFAULT_API_URL}; got {url[:80]!r}"
        )
    if any(char.isspace() or not char.isprintable() for char in url):
        raise ConfigError(f"{source} contains whitespace or a control character; got {url[:80]!r}")
    path = parts.path.rstrip("/") or "/v1"
    return f"{parts.scheme}://{parts.netloc}{path}"


def sends_token_in_clear(api_url: str) -> bool:
    """Plain http to a host that is not this machine."""
    parts = urlsplit(api_url)
    if parts.scheme != "http":
        return False
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def _number(
    name: str,
    kind: type[int] | type[float],
    default: float,
    minimum: float,
    *,
    strict: bool,
    maximum: float = math.inf,
) -> Callable[[Any], Any]:
    what = "an integer" if kind is int else "a number of seconds"

    def check(value: Any) -> Any:
        if value is None:
            return default
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (kind is int and not isinstance(value, int))
        ):
            raise ConfigError(f"{name} must be {what}, got {value!r}")
        if value < minimum or (strict and value == minimum):
            bound = "positive" if strict else f"{minimum:g} or more"
            raise ConfigError(f"{name} must be {bound}, got {value!r}")
        if not math.isfinite(value) or value > maximum:
            raise ConfigError(f"{name} must be {what} up to {maximum:g}, got {value!r}")
        return value

    return check


def _flag(name: str, default: bool) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            raise ConfigError(f"{name} must be True or False, got {value!r}")
        return value

    return check


def _log_level(value: Any) -> str:
    level = DEFAULT_LOG_LEVEL if value is None else str(value).strip().lower()
    if level not in LOG_LEVELS:
        raise ConfigError(f"log level must be one of {', '.join(LOG_LEVELS)}; got {value!r}")
    return level


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "api_token": check_token,
    "org_id": check_org_id,
    "api_url": lambda value: normalize_api_url(DEFAULT_API_URL if value is None else value),
    "timeout": _number("timeout", float, DEFAULT_TIMEOUT, 0, strict=True, maximum=MAX_TIMEOUT),
    "max_retries": _number("max_retries", int, DEFAULT_MAX_RETRIES, 0, strict=False),
    "rate_limit": _flag("rate_limit", True),
    "rate_limits": lambda value: {**RATE_LIMITS, **(value or {})},
    "log_level": _log_level,
    "allow_insecure_http": _flag("allow_insecure_http", False),
    "trust_idempotency_keys": _flag("trust_idempotency_keys", False),
    "profile": lambda value: value,
}
"""Each field's validation and default, in field order."""
_FIELD_NAMES = tuple(_CHECKS)


def _env_flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0 (true/false), got {value!r}")


def _env_value(env: Mapping[str, str], var: EnvVar) -> tuple[str, str] | None:
    """The first of ``var`` and its aliases that is set (non-blank): its name and value."""
    for name in (var.value, *ENV_ALIASES.get(var, ())):
        value = env.get(name, "")
        if value.strip():
            return name, value
    return None


def _read_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    readers: dict[EnvVar, tuple[str, Callable[[str, str], Any]]] = {
        EnvVar.API_TOKEN: ("api_token", lambda value, name: value),
        EnvVar.API_URL: ("api_url", lambda value, name: normalize_api_url(value, name)),
        EnvVar.ORG_ID: ("org_id", lambda value, name: check_org_id(value, name)),
        EnvVar.PROFILE: ("profile", lambda value, name: value.strip()),
        EnvVar.LOG_LEVEL: ("log_level", lambda value, name: _env_choice(value, name)),
        EnvVar.TIMEOUT: ("timeout", lambda value, name: _env_number(value, name, float)),
        EnvVar.MAX_RETRIES: ("max_retries", lambda value, name: _env_number(value, name, int)),
        EnvVar.RATE_LIMIT: ("rate_limit", _env_flag),
        EnvVar.ALLOW_INSECURE_HTTP: ("allow_insecure_http", _env_flag),
        EnvVar.TRUST_IDEMPOTENCY_KEYS: ("trust_idempotency_keys", _env_flag),
    }
    for var, (key, read) in readers.items():
        found = _env_value(env, var)
        if found is not None:
            name, value = found
            values[key] = read(value, name)
    return values


def _env_choice(value: str, name: str) -> str:
    level = value.strip().lower()
    if level not in LOG_LEVELS:
        raise ConfigError(f"{name} must be one of {', '.join(LOG_LEVELS)}; got {value.strip()!r}")
    return level


def _env_number(value: str, name: str, kind: type[int] | type[float]) -> int | float:
    try:
        return kind(value)
    except ValueError:
        what = "an integer" if kind is int else "a number of seconds"
        raise ConfigError(f"{name} must be {what}, got {value!r}") from None


def _profile_fields(profile: Profile) -> dict[str, Any]:
    values = {"api_token": profile.api_token, "org_id": profile.org_id, "api_url": profile.api_url}
    return {k: v for k, v in values.items() if v is not None}
