"""Connections to other services: OAuth providers (for MCP servers) and Slack."""

from __future__ import annotations

from typing import Any

from ._base import CodegenModel


class OAuthProvider(CodegenModel):
    """An OAuth provider that can back an MCP server (the spec's ``OAuthProviderResponse``)."""

    id: int
    name: str
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    default_scopes: list[str] | None = None
    is_mcp: bool
    meta: dict[str, Any] | None = None


class SlackConnectToken(CodegenModel):
    """A one-time Slack connect token (the spec's ``GenerateTokenResponse``)."""

    token: str
    message: str
    expires_in_minutes: int
