"""The seeded world: organizations, users and their tokens, repositories, integrations.

It is fixed (only ``extra_users`` varies), so it lives in code rather than in the state file. Its
shape gives every error path something to hit: the default user belongs to two organizations, one of
which has no repositories (creating a run there → 404), and a third organization exists that the
user is not a member of (→ 403).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from codegen_models import (
    IntegrationStatus,
    OAuthProvider,
    Organization,
    OrganizationIntegrations,
    Repository,
    User,
)

DEFAULT_TOKEN = "sim-token"
"""The token of the default user, Ada Lovelace (user 1): what ``exec`` and ``serve`` hand out."""
PRIMARY_ORG_ID = 1
"""The default user's organization, "Acme Robotics", with the repositories and the runs."""
SECOND_ORG_ID = 2
"""The default user's second organization: it has no repositories."""
FOREIGN_ORG_ID = 3
"""An organization the default user is not a member of."""
EXTRA_USER_FIRST_ID = 101


@dataclass(frozen=True)
class Account:
    """A user, the organizations they belong to (with their role there) and their API token."""

    id: int
    full_name: str
    github_username: str
    roles: Mapping[int, str]
    token: str | None = None

    def as_user(self, org_id: int | None = None) -> User:
        """The user as the API shows them; ``role`` is their role in ``org_id`` (default: first)."""
        role = self.roles.get(org_id) if org_id is not None else next(iter(self.roles.values()))
        return User(
            id=self.id,
            email=f"{self.github_username}@example.com",
            github_user_id=str(58_000_000 + self.id),
            github_username=self.github_username,
            avatar_url=f"https://avatars.githubusercontent.com/u/{58_000_000 + self.id}",
            full_name=self.full_name,
            role=role,
            is_admin=role == "ADMIN",
        )


@dataclass(frozen=True)
class Sandbox:
    """A repository's setup sandbox, whose logs ``analyze-logs`` can analyse (if it has any)."""

    id: int
    org_id: int
    repo_id: int
    has_logs: bool


ORGANIZATIONS: Mapping[int, Organization] = {
    PRIMARY_ORG_ID: Organization(id=PRIMARY_ORG_ID, name="Acme Robotics"),
    SECOND_ORG_ID: Organization(id=SECOND_ORG_ID, name="Side Project Labs"),
    FOREIGN_ORG_ID: Organization(id=FOREIGN_ORG_ID, name="Globex Corporation"),
}

_ACCOUNTS = (
    Account(
        1,
        "Ada Lovelace",
        "ada-lovelace",
        {PRIMARY_ORG_ID: "ADMIN", SECOND_ORG_ID: "MEMBER"},
        DEFAULT_TOKEN,
    ),
    Account(2, "Grace Hopper", "grace-hopper", {PRIMARY_ORG_ID: "MEMBER"}),
    Account(3, "Linus Park", "linus-park", {PRIMARY_ORG_ID: "MANAGER"}),
    Account(4, "Hank Scorpio", "hank-scorpio", {FOREIGN_ORG_ID: "ADMIN"}),
)


def _repo(
    id: int,
    org_id: int,
    full_name: str,
    description: str | None,
    language: str | None,
    *,
    visibility: str = "PRIVATE",
    archived: bool = False,
) -> Repository:
    return Repository(
        id=id,
        name=full_name.rsplit("/", 1)[-1],
        full_name=full_name,
        description=description,
        github_id=str(700_000_000 + id),
        organization_id=org_id,
        visibility=visibility,
        archived=archived,
        setup_status="COMPLETE" if not archived else "NOT_STARTED",
        language=language,
    )


REPOSITORIES: Mapping[int, Repository] = {
    repo.id: repo
    for repo in (
        _repo(10, PRIMARY_ORG_ID, "acme-robotics/robot-arm", "Motion planning and control for the Acme arm", "Python"),
        _repo(11, PRIMARY_ORG_ID, "acme-robotics/fleet-dashboard", "Live map and health of the robot fleet", "TypeScript", visibility="PUBLIC"),
        _repo(12, PRIMARY_ORG_ID, "acme-robotics/firmware", "Motor controller firmware", "C"),
        _repo(13, PRIMARY_ORG_ID, "acme-robotics/legacy-docs", None, None, archived=True),
        _repo(30, FOREIGN_ORG_ID, "globex/billing", "Invoices and payments", "Python"),
    )
}  # fmt: skip

SANDBOXES: Mapping[int, Sandbox] = {
    510: Sandbox(510, PRIMARY_ORG_ID, 10, has_logs=True),
    511: Sandbox(511, PRIMARY_ORG_ID, 11, has_logs=False),
}

_INTEGRATIONS: Mapping[int, tuple[IntegrationStatus, ...]] = {
    PRIMARY_ORG_ID: (
        IntegrationStatus(integration_type="github", active=True, installation_id=48_151_623),
        IntegrationStatus(integration_type="slack", active=True, token_id=901),
        IntegrationStatus(integration_type="linear", active=True, token_id=902),
        IntegrationStatus(integration_type="sentry", active=True, token_id=903),
        IntegrationStatus(integration_type="circleci", active=True, metadata={"kind": "api_key"}),
        IntegrationStatus(integration_type="notion", active=False),
        IntegrationStatus(integration_type="figma", active=False),
        IntegrationStatus(
            integration_type="postgresql", active=False, metadata={"kind": "database"}
        ),
    ),
    SECOND_ORG_ID: (
        IntegrationStatus(integration_type="github", active=True, installation_id=48_151_624),
    ),
    FOREIGN_ORG_ID: (
        IntegrationStatus(integration_type="github", active=True, installation_id=48_151_625),
    ),
}

MCP_PROVIDERS: tuple[OAuthProvider, ...] = tuple(
    OAuthProvider(
        id=index,
        name=name,
        issuer=f"https://{host}",
        authorization_endpoint=f"https://{host}/oauth/authorize",
        token_endpoint=f"https://{host}/oauth/token",
        default_scopes=scopes,
        is_mcp=True,
    )
    for index, (name, host, scopes) in enumerate(
        [
            ("linear", "linear.app", ["read", "write"]),
            ("notion", "api.notion.com", None),
            ("sentry", "sentry.io", ["project:read", "event:read"]),
            ("figma", "www.figma.com", ["file_read"]),
        ],
        start=1,
    )
)

OAUTH_CONNECTIONS: Mapping[int, tuple[str, ...]] = {PRIMARY_ORG_ID: ("linear", "notion", "sentry")}
"""Providers each organization's members have connected, before any revoke."""

CLI_RULES: Mapping[int, str | None] = {
    PRIMARY_ORG_ID: "- Write tests for every change.\n- Use type hints.\n- Keep PRs under 400 lines.",
}
USER_CUSTOM_PROMPT = "Prefer small, focused commits with descriptive messages."

CHECK_SUITE_NAMES = ("lint", "tests", "build", "codecov/patch")


@dataclass(frozen=True)
class HistoricalRun:
    """A run that happened before the simulator started, so lists are not empty."""

    id: int
    org_id: int
    user_id: int
    repo_id: int
    source_type: str
    prompt: str
    outcome: str
    hours_ago: float
    prs: int = 0


HISTORY: tuple[HistoricalRun, ...] = (
    HistoricalRun(1000, 1, 1, 10, "API", "Add retry with exponential backoff to the telemetry uploader", "COMPLETE", 72, prs=1),
    HistoricalRun(1001, 1, 2, 10, "SLACK", "Upgrade the build to Python 3.13 and fix the deprecation warnings", "FAILED", 50),
    HistoricalRun(1002, 1, 3, 12, "GITHUB", "Fix the flaky test_pid_windup on CI", "COMPLETE", 26, prs=1),
    HistoricalRun(1003, 1, 1, 11, "LINEAR", "ENG-412: Migrate the fleet dashboard charts to the new API", "ERROR", 20),
    HistoricalRun(1004, 1, 1, 10, "API", "Rename MotorController to ActuatorController everywhere", "CANCELLED", 6),
    HistoricalRun(1005, 1, 1, 11, "CHAT", "Add an emergency-stop button to the fleet dashboard", "PAUSED", 1),
    HistoricalRun(1006, 1, 2, 12, "GITHUB_PR_REVIEW", "Review PR #311: debounce the limit-switch interrupts", "COMPLETE", 0.5),
    HistoricalRun(1007, 3, 4, 30, "API", "Add VAT handling to invoices", "COMPLETE", 30, prs=1),
)  # fmt: skip
"""The seeded runs. 1007 belongs to the organization the default user cannot see."""


class SeededWorld:
    """The seeded organizations, accounts and resources, with lookups the API needs."""

    def __init__(self, extra_users: int = 0) -> None:
        extra = tuple(
            Account(
                EXTRA_USER_FIRST_ID + index,
                f"Sim User {index + 2}",
                f"sim-user-{index + 2}",
                {PRIMARY_ORG_ID: "MEMBER"},
                f"{DEFAULT_TOKEN}-{index + 2}",
            )
            for index in range(extra_users)
        )
        self.accounts: dict[int, Account] = {account.id: account for account in _ACCOUNTS + extra}
        self._by_token = {a.token: a for a in self.accounts.values() if a.token is not None}

    def account_for_token(self, token: str) -> Account | None:
        return self._by_token.get(token)

    def members(self, org_id: int) -> list[Account]:
        return [account for account in self.accounts.values() if org_id in account.roles]

    @staticmethod
    def repositories(org_id: int) -> list[Repository]:
        return [repo for repo in REPOSITORIES.values() if repo.organization_id == org_id]

    @staticmethod
    def integrations(org_id: int) -> OrganizationIntegrations:
        integrations = list(_INTEGRATIONS.get(org_id, ()))
        return OrganizationIntegrations(
            organization_id=org_id,
            organization_name=ORGANIZATIONS[org_id].name,
            integrations=integrations,
            total_active_integrations=sum(1 for integration in integrations if integration.active),
        )
