"""Users: the people behind tokens, members of organizations."""

from __future__ import annotations

from ._base import CodegenModel


class User(CodegenModel):
    """A user (the spec's ``UserResponse``). ``role`` is ``ADMIN``, ``MANAGER`` or ``MEMBER``."""

    id: int
    github_user_id: str
    github_username: str
    email: str | None = None
    avatar_url: str | None = None
    full_name: str | None = None
    role: str | None = None
    is_admin: bool | None = None
