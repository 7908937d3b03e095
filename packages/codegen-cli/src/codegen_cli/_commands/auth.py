"""Logging in and out, and who the token belongs to.

``login`` never takes the token from the command line, where shell history and ``ps`` would keep
it: it reads it from stdin with ``--with-token``, or from a hidden prompt when stdin is a terminal.
The token is checked with the API (``/users/me``) before anything is saved, and saved with a
default organization to a profile of the config file (mode 0600), which later commands read.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from codegen_cli._errors import CliError, ExitCode, usage_error
from codegen_cli._invocation import Invocation
from codegen_cli._options import JsonOption
from codegen_cli._output import Output

if TYPE_CHECKING:
    from codegen import Organization


def login(
    invocation: Invocation,
    with_token: Annotated[
        bool,
        typer.Option("--with-token", help="Read the token from stdin (e.g. piped from a secret)."),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Save an API token to a profile, after checking it with the API.

    The token is read from a hidden prompt, or from stdin with --with-token; never from the
    command line, where shell history would keep it. The default organization is --org-id, or
    the user's only one, or (on a terminal) the one you pick. The profile is --profile,
    CODEGEN_PROFILE, or the file's default.

    Examples:
        codegen login
        echo "$CODEGEN_TOKEN" | codegen login --with-token --org-id 42 --profile ci
    """
    from codegen import (
        DEFAULT_API_URL,
        AuthenticationError,
        ClientConfig,
        CodegenClient,
        ProfileStore,
        check_token,
        save_sign_in,
    )
    from codegen_models.api import ENV_ALIASES, TOKEN_URL, EnvVar

    out = Output(json=json)
    token = _read_token(out, with_token)
    invocation.secrets.add(token)
    store = ProfileStore()
    name = _target_profile(invocation, store.load().default)
    saved = store.get(name)
    url_vars = (EnvVar.API_URL, *ENV_ALIASES[EnvVar.API_URL])
    api_url = (
        invocation.options.api_url
        or next((os.environ[var] for var in url_vars if os.environ.get(var, "").strip()), None)
        or (saved.api_url if saved else None)
        or DEFAULT_API_URL
    )
    # The profile to write is chosen above, so the environment's choice of profile is left out.
    env = {key: value for key, value in os.environ.items() if key != EnvVar.PROFILE}
    config = ClientConfig.from_env(env=env, api_token=token, api_url=api_url)
    with CodegenClient(config) as client:
        try:
            owner = check_token(client)
        except AuthenticationError as error:
            raise CliError(
                f"the API at {config.api_url} rejected this token: {error.message}",
                hint=f"check that it was copied whole, or get a new one at {TOKEN_URL}",
                code=ExitCode.AUTH,
            ) from None
    organization = _choose_organization(out, owner.organizations, invocation.options.org_id)
    save_sign_in(store, name, config, organization.id if organization else None)
    user = owner.user
    if out.json:
        out.emit_json(user.to_dict())
    where = (
        f"organization {organization.name} ({organization.id})"
        if organization
        else "no organization"
    )
    out.say(
        f"✓ logged in to {config.api_url} as {user.github_username}, {where}; "
        f"saved as profile {name!r} in {store.path}"
    )
    if ClientConfig.from_env(profile=name).api_token != token:
        out.say("note: a token set in the environment (CODEGEN_API_TOKEN) overrides the saved one")


def logout(invocation: Invocation, json: JsonOption = False) -> None:
    """Remove a saved profile and its token from the config file.

    The profile is --profile, CODEGEN_PROFILE, or the file's default.

    Examples:
        codegen logout
        codegen logout --profile ci
    """
    from codegen import ProfileStore

    out = Output(json=json)
    store = ProfileStore()
    name = _target_profile(invocation, store.load().default)
    if not store.delete(name):
        raise CliError(f"no saved profile {name!r} in {store.path}", hint="nothing to log out of")
    if out.json:
        out.emit_json({"profile": name, "path": str(store.path), "removed": True})
    out.say(f"✓ logged out: removed profile {name!r} from {store.path}")


def whoami(invocation: Invocation, json: JsonOption = False) -> None:
    """Show who the token belongs to, and the organization in use.

    Examples:
        codegen whoami
        codegen whoami --json | jq -r .email
    """
    out = Output(json=json)
    user = invocation.client.get_current_user()
    if out.json:
        out.emit_json(user.to_dict())
        return
    config = invocation.config
    out.details(
        [
            ["User", user.github_username],
            ["Name", user.full_name or ""],
            ["Email", user.email or ""],
            ["Role", user.role or ""],
            ["Organization", str(config.org_id or "")],
            ["API", config.api_url],
            ["Profile", config.profile or ""],
        ]
    )


def _read_token(out: Output, with_token: bool) -> str:
    from codegen_models.api import TOKEN_URL

    if with_token:
        token = sys.stdin.read()
    elif out.can_prompt:
        token = getpass.getpass(f"Paste your API token (from {TOKEN_URL}): ")
    else:
        raise usage_error(
            "cannot prompt for a token: stdin is not a terminal",
            hint="pipe the token on stdin with --with-token",
        )
    token = token.strip()
    if not token:
        raise usage_error("the token is empty", hint=f"paste a token from {TOKEN_URL}")
    return token


def _target_profile(invocation: Invocation, file_default: str | None) -> str:
    """The profile ``login`` writes and ``logout`` removes."""
    from codegen import DEFAULT_PROFILE
    from codegen_models.api import EnvVar

    return (
        invocation.options.profile
        or os.environ.get(EnvVar.PROFILE, "").strip()
        or file_default
        or DEFAULT_PROFILE
    )


def _choose_organization(
    out: Output, organizations: list[Organization], wanted: int | None
) -> Organization | None:
    """``--org-id`` if the user belongs to it; else the only one, or the one picked on a terminal,
    or the first."""
    if wanted is not None:
        for organization in organizations:
            if organization.id == wanted:
                return organization
        known = ", ".join(f"{o.id} ({o.name})" for o in organizations) or "none"
        raise CliError(
            f"the token's user is not a member of organization {wanted}",
            hint=f"its organizations: {known}",
        )
    if len(organizations) > 1 and out.can_prompt:
        for number, organization in enumerate(organizations, start=1):
            out.say(f"  {number}. {organization.name} ({organization.id})")
        while True:
            out.stderr.write(f"Default organization [1-{len(organizations)}, Enter for 1]: ")
            out.stderr.flush()
            answer = sys.stdin.readline().strip() or "1"
            if answer.isdigit() and 1 <= int(answer) <= len(organizations):
                return organizations[int(answer) - 1]
            out.say(f"enter a number from 1 to {len(organizations)}")
    return organizations[0] if organizations else None
