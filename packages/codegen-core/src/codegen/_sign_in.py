"""Signing in, as ``codegen login`` and the desktop app's settings both do it: try the token (who
it belongs to, which organizations they are in), then keep it, with the organization chosen, as a
profile of the profile file that both read.

Written once here so the two cannot drift: what counts as a usable token, which organization is
taken without asking, and what a saved profile holds (the API URL only when it is not the default).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from codegen_models import Organization, User
from codegen_models.api import DEFAULT_API_URL

from ._config import ClientConfig
from ._profiles import Profile, ProfileStore


@dataclass(frozen=True)
class TokenOwner:
    """Who a token belongs to, and the organizations they can act in."""

    user: User
    organizations: list[Organization]

    @property
    def name(self) -> str:
        """The user's name, else their GitHub login."""
        return self.user.full_name or self.user.github_username

    def organization(self, org_id: int | None) -> Organization | None:
        """The organization ``org_id`` names if the user is in it; with ``None``, their only one
        (``None`` when they have several, and must choose, or none)."""
        if org_id is None:
            return self.organizations[0] if len(self.organizations) == 1 else None
        return next((org for org in self.organizations if org.id == org_id), None)


class AsksWhoItIs(Protocol):
    """What :func:`check_token` needs of a client (a ``CodegenClient``, or a test's stand-in)."""

    def get_current_user(self) -> User: ...
    def iter_organizations(self) -> Iterable[Organization]: ...


def check_token(client: AsksWhoItIs) -> TokenOwner:
    """Ask the API whom the client's token belongs to (``AuthenticationError`` when refused)."""
    return TokenOwner(client.get_current_user(), list(client.iter_organizations()))


def save_sign_in(
    store: ProfileStore, profile: str, config: ClientConfig, org_id: int | None
) -> Profile:
    """Keep ``config``'s token, ``org_id`` and (when it is not the default) API URL as
    ``profile``, made the file's default; the saved profile."""
    saved = Profile(
        api_token=config.require_token(),
        org_id=org_id,
        api_url=None if config.api_url == DEFAULT_API_URL else config.api_url,
    )
    store.save(profile, saved, make_default=True)
    return saved
