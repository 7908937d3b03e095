"""Client configuration, and where it comes from.

Precedence, highest first: explicit arguments, environment variables, the selected profile of the
profile file, defaults. Environment variables (the official tools' names are accepted too):

==================================  =====================================================
``CODEGEN_API_TOKEN``               the API token (also ``CODEGEN_USER_ACCESS_TOKEN``)
``CODEGEN_ORG_ID``                  default organization id
``CODEGEN_API_URL``                 API base URL (also ``CODEGEN_API_BASE_URL``)
``CODEGEN_PROFILE``                 profile to use from the profile file
``CODEGEN_CONFIG_DIR``              folder of the profile file
``CODEGEN_LOG_LEVEL``               ``debug``, ``info``, ``warning`` or ``error``
``CODEGEN_TIMEOUT``                 seconds per request
``CODEGEN_MAX_RETRIES``             retries per request
``CODEGEN_RATE_LIMIT``              ``0`` turns the client-side rate limiter off
``CODEGEN_ALLOW_INSECURE_HTTP``     ``1`` allows the token over plain http to a non-loopback host
``CODEGEN_TRUST_IDEMPOTENCY_KEYS``  ``1``: the server honours ``Idempotency-Key`` (see ``_retry``)
==================================  =====================================================
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlsplit

from ._exceptions import ConfigError
from ._profiles import Profile, ProfileStore
from ._ratelimit import DEFAULT_RATE_LIMITS, RateClass, RateLimit

DEFAULT_API_URL = "https://api.codegen.com/v1"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 3
LOG_LEVELS = ("debug", "info", "warning", "error")

TOKEN_VARS = ("CODEGEN_API_TOKEN", "CODEGEN_USER_ACCESS_TOKEN")
URL_VARS = ("CODEGEN_API_URL", "CODEGEN_API_BASE_URL")
MISSING_TOKEN = (
    "no API token: set CODEGEN_API_TOKEN, pass token=..., or run `codegen login` "
    "(tokens: https://codegen.com/token)"
)
MISSING_ORG = "no organization id: pass org_id=..., set CODEGEN_ORG_ID, or run `codegen login`"


@dataclass(frozen=True, kw_only=True)
class ClientConfig:
    """Everything a client needs to know. Immutable; derive variants with :meth:`replace`.

    The token never appears in ``repr``; an ``http://`` URL to a host that is not loopback is
    refused unless ``allow_insecure_http`` is set, because the token would cross the network in
    clear text.
    """

    token: str | None = field(default=None, repr=False)
    org_id: int | None = None
    api_url: str = DEFAULT_API_URL
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    rate_limit: bool = True
    rate_limits: Mapping[RateClass, RateLimit] = field(default_factory=lambda: DEFAULT_RATE_LIMITS)
    log_level: str | None = None
    allow_insecure_http: bool = False
    trust_idempotency_keys: bool = False
    profile: str | None = None
    """The profile this configuration was read from, if any (informational)."""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.token is not None and not isinstance(self.token, str):
            raise ConfigError("token must be a string")
        if self.token is not None and not self.token.strip():
            set_(self, "token", None)
        set_(self, "org_id", _org_id(self.org_id, "org_id"))
        set_(self, "api_url", normalize_api_url(self.api_url, "api_url"))
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, int | float):
            raise ConfigError(f"timeout must be a number of seconds, got {self.timeout!r}")
        if self.timeout <= 0:
            raise ConfigError(f"timeout must be positive, got {self.timeout!r}")
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise ConfigError(f"max_retries must be an integer, got {self.max_retries!r}")
        if self.max_retries < 0:
            raise ConfigError(f"max_retries must be 0 or more, got {self.max_retries}")
        if self.log_level is not None:
            level = str(self.log_level).lower()
            if level not in LOG_LEVELS:
                raise ConfigError(
                    f"log level must be one of {', '.join(LOG_LEVELS)}; got {self.log_level!r}"
                )
            set_(self, "log_level", level)
        set_(self, "rate_limits", {**DEFAULT_RATE_LIMITS, **self.rate_limits})
        if not self.allow_insecure_http and sends_token_in_clear(self.api_url):
            raise ConfigError(
                f"refusing to send the API token over plain http to {urlsplit(self.api_url).hostname}; "
                "use https, or allow it with allow_insecure_http=True (CODEGEN_ALLOW_INSECURE_HTTP=1)"
            )

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={'***' if f.name == 'token' and self.token else repr(getattr(self, f.name))}"
            for f in fields(self)
            if f.name != "rate_limits"
        )
        return f"ClientConfig({shown})"

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with some fields changed (validated like the original)."""
        return replace(self, **changes)

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(MISSING_TOKEN)
        return self.token

    def resolve_org_id(self, org_id: int | None) -> int:
        """``org_id`` if given, else the configured one; a clear error when there is neither."""
        chosen = _org_id(org_id, "org_id") if org_id is not None else self.org_id
        if chosen is None:
            raise ConfigError(MISSING_ORG)
        return chosen

    @classmethod
    def from_env(
        cls,
        *,
        env: Mapping[str, str] | None = None,
        profiles: ProfileStore | None = None,
        **explicit: Any,
    ) -> ClientConfig:
        """Build a configuration from explicit values, the environment and the profile file.

        Explicit values that are ``None`` count as not given. ``profile=`` (or ``CODEGEN_PROFILE``)
        picks the profile; without either the file's default profile is used, if there is one.
        """
        env = os.environ if env is None else env
        given = {k: v for k, v in explicit.items() if v is not None}
        unknown = set(given) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown configuration field(s): {', '.join(sorted(unknown))}")
        from_env = _read_env(env)
        merged = {**from_env, **given}
        profile_name = merged.get("profile")
        if profile_name is not None or not {"token", "org_id", "api_url"} <= merged.keys():
            store = profiles or ProfileStore(env=env)
            profile = store.get(profile_name)
            if profile is None and profile_name is not None:
                raise ConfigError(f"no profile named {profile_name!r} in {store.path}")
            if profile is not None:
                merged = {**_profile_fields(profile), **merged}
                merged.setdefault("profile", profile_name or store.load().default)
        return cls(**merged)


def normalize_api_url(url: str, source: str) -> str:
    """Validate a base URL; drop a trailing slash; a bare host gets the ``/v1`` prefix."""
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"{source} must be a URL like {DEFAULT_API_URL}")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{source} must be an http(s) URL like {DEFAULT_API_URL}; got {url!r}")
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


def _org_id(value: Any, source: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ConfigError(f"{source} must be a positive organization id, got {value}")
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ConfigError(f"{source} must be an integer organization id, got {value!r}")


def _flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0 (true/false), got {value!r}")


def _read_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in TOKEN_VARS:
        if env.get(name, "").strip():
            values["token"] = env[name].strip()
            break
    for name in URL_VARS:
        if env.get(name, "").strip():
            values["api_url"] = normalize_api_url(env[name], name)
            break
    if env.get("CODEGEN_ORG_ID", "").strip():
        values["org_id"] = _org_id(env["CODEGEN_ORG_ID"], "CODEGEN_ORG_ID")
    if env.get("CODEGEN_PROFILE", "").strip():
        values["profile"] = env["CODEGEN_PROFILE"].strip()
    if env.get("CODEGEN_LOG_LEVEL", "").strip():
        level = env["CODEGEN_LOG_LEVEL"].strip().lower()
        if level not in LOG_LEVELS:
            raise ConfigError(
                f"CODEGEN_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}; got {level!r}"
            )
        values["log_level"] = level
    for var, key, convert, what in (
        ("CODEGEN_TIMEOUT", "timeout", float, "seconds"),
        ("CODEGEN_MAX_RETRIES", "max_retries", int, "an integer"),
    ):
        if env.get(var, "").strip():
            try:
                values[key] = convert(env[var])
            except ValueError:
                raise ConfigError(f"{var} must be {what}, got {env[var]!r}") from None
    for var, key in (
        ("CODEGEN_RATE_LIMIT", "rate_limit"),
        ("CODEGEN_ALLOW_INSECURE_HTTP", "allow_insecure_http"),
        ("CODEGEN_TRUST_IDEMPOTENCY_KEYS", "trust_idempotency_keys"),
    ):
        if env.get(var, "").strip():
            values[key] = _flag(env[var], var)
    return values


def _profile_fields(profile: Profile) -> dict[str, Any]:
    values = {"token": profile.token, "org_id": profile.org_id, "api_url": profile.api_url}
    return {k: v for k, v in values.items() if v is not None}
