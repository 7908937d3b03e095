"""The simulated service: its in-memory state (runs, settings, counters) and every operation of the
API on it, independent of HTTP.

The state lives in memory and is written through to the :class:`SqliteStore`. Each method checks what the real service checks (the caller's membership of the organization, that
the run or repository exists there), changes the state, commits it to the store, and returns the
``codegen_models`` model the route sends. Failures raise :class:`ApiError` with the spec's body.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

from codegen_models import (
    AgentRun,
    AgentRunLimitReachedErrorResponse,
    AgentRunLogsParams,
    AgentRunNotFoundErrorResponse,
    AgentRunWithLogs,
    AnalyzeLogsResult,
    CheckSuiteSettings,
    CheckSuiteSettingsRequest,
    CLIRules,
    CreateAgentRunInput,
    EditPRResult,
    ListAgentRunsParams,
    NoReposFoundInOrgErrorResponse,
    OAuthProvider,
    Organization,
    OrganizationIntegrations,
    Page,
    PageParams,
    PermissionsErrorResponse,
    Repository,
    ResumeAgentRunInput,
    SetupCommandsResult,
    SlackConnectToken,
    User,
    UserNotFoundErrorResponse,
)
from codegen_models.api import CLIENT_REQUEST_ID_KEY

from ._clock import SimClock
from ._config import SimConfig
from ._directives import Directives, Plan
from ._errors import ApiError
from ._narrative import Story
from ._persistence import SqliteStore
from ._runs import Phase, PhaseKind, Run
from ._seeded_world import (
    CHECK_SUITE_NAMES,
    CLI_RULES,
    HISTORY,
    MCP_PROVIDERS,
    OAUTH_CONNECTIONS,
    ORGANIZATIONS,
    REPOSITORIES,
    SANDBOXES,
    USER_CUSTOM_PROMPT,
    Account,
    SeededWorld,
)

T = TypeVar("T")

FIRST_PR_ID = 4200
HISTORY_RUN_SECONDS = 540.0
"""How long each seeded historical run took (sim seconds)."""
STOPPABLE = frozenset({"PENDING", "ACTIVE", "PAUSED"})


def page_of(items: Sequence[T], params: PageParams) -> Page[T]:
    """The ``skip``/``limit`` slice of ``items`` in the spec's ``Page`` envelope."""
    total = len(items)
    return Page[T](
        items=list(items[params.skip : params.skip + params.limit]),
        total=total,
        page=params.skip // params.limit + 1,
        size=params.limit,
        pages=math.ceil(total / params.limit),
    )


class SimulatedService:
    """The organizations, users, runs and settings the simulated API serves, and its operations."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.world = SeededWorld(config.extra_users)
        self.store = SqliteStore(config.state_file)
        self.clock = SimClock(config.speed)
        meta = self.store.meta()
        if "next_run_id" in meta:
            self._load(meta)
        else:
            self._seed()

    def close(self) -> None:
        self.store.close()

    def web_url(self, base_url: str, run_id: int) -> str:
        """Where a run's trace page is: ``/x/{id}``, with the key the page asks for."""
        return f"{base_url.rstrip('/')}/x/{run_id}?key={self.page_key(run_id)}"

    def page_key(self, run_id: int) -> str:
        """The key of a run's trace page: unguessable without this state's secret, so the page
        shows a run only to whoever was given its ``web_url`` (as a token would)."""
        digest = hmac.new(self._page_secret, str(run_id).encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")

    # Lifecycle of the state: seeded, loaded from a state file, reset.

    def _load(self, meta: dict[str, str]) -> None:
        # The clock never goes back: a restart resumes at the later of now and the last moment saved.
        self.clock.restart(max(time.time(), float(meta["clock"])))
        self.runs = {run.id: run for run in self.store.runs()}
        self._next_run_id = int(meta["next_run_id"])
        self._next_pr_id = int(meta["next_pr_id"])
        self.runs_created = int(meta["runs_created"])
        self.check_suite = self.store.check_suite_settings()
        self.revoked_oauth = self.store.revoked_oauth()
        if "page_secret" in meta:
            self._page_secret = bytes.fromhex(meta["page_secret"])
        else:  # a state file written before trace pages had keys
            self._new_page_secret()

    def _new_page_secret(self) -> None:
        self._page_secret = secrets.token_bytes(32)
        self.store.put_meta("page_secret", self._page_secret.hex())

    def _seed(self) -> None:
        self.runs = {}
        self._next_run_id = max(history.id for history in HISTORY) + 1
        self._next_pr_id = FIRST_PR_ID
        self.runs_created = 0
        self.check_suite = {}
        self.revoked_oauth = set()
        now = self.clock.now()
        with self.store.transaction():
            self._new_page_secret()
            for history in HISTORY:
                repo = REPOSITORIES[history.repo_id]
                plan = Plan(outcome=history.outcome, prs=history.prs, seconds=HISTORY_RUN_SECONDS)
                pause = history.outcome == "PAUSED"
                if pause:
                    plan = replace(plan, outcome="COMPLETE", prs=1)
                run = Run.in_repository(
                    repo, history.id, history.user_id, history.source_type, seeded=True
                )
                started_at = now - history.hours_ago * 3600 - HISTORY_RUN_SECONDS
                phase = self._phase(
                    run, "start", history.prompt, plan, pause=pause, started_at=started_at
                )
                if phase.resume_plan is not None:  # resumed now, it should finish like a new run
                    phase.resume_plan = replace(phase.resume_plan, seconds=self.config.run_seconds)
                run.phases.append(phase)
                self.runs[run.id] = run
                self.store.put_run(run)
            self._save_counters()

    def reset(self) -> None:
        """Back to the seeded state: runs, settings and counters as on a first start."""
        self.store.clear()
        self.clock.restart()
        self._seed()

    def advance(self, seconds: float) -> None:
        """Move the clock forward (and remember it, so a restart does not go back)."""
        self.clock.advance(seconds)
        self.store.put_meta("clock", repr(self.clock.now()))

    def _save_counters(self) -> None:
        with self.store.transaction():
            self.store.put_meta("next_run_id", str(self._next_run_id))
            self.store.put_meta("next_pr_id", str(self._next_pr_id))
            self.store.put_meta("runs_created", str(self.runs_created))
            self.store.put_meta("clock", repr(self.clock.now()))

    # Counters that prove exactly-once (the admin API's stats).

    def client_request_ids(self) -> dict[str, Any]:
        """How the created runs' client request ids repeat: ``runs`` carrying one, ``distinct``
        ids, ``duplicate_runs`` (runs beyond the first per id) and the ``repeated`` ids with their
        counts. A client stamps each create's ``metadata`` with one id (under
        :data:`~codegen_models.api.CLIENT_REQUEST_ID_KEY`) kept across its retries, so two runs
        with the same id are one request that started two runs."""
        ids = Counter(
            run.metadata[CLIENT_REQUEST_ID_KEY]
            for run in self.runs.values()
            if not run.seeded
            and run.metadata is not None
            and isinstance(run.metadata.get(CLIENT_REQUEST_ID_KEY), str)
        )
        stamped = sum(ids.values())
        return {
            "runs": stamped,
            "distinct": len(ids),
            "duplicate_runs": stamped - len(ids),
            "repeated": {request_id: count for request_id, count in ids.items() if count > 1},
        }

    def resumes_applied(self) -> int:
        """Resumes that started a phase of a run (each follow-up counts once)."""
        return sum(len(run.phases) - 1 for run in self.runs.values())

    # Access checks.

    def account(self, token: str) -> Account | None:
        return self.world.account_for_token(token)

    @staticmethod
    def _org(account: Account, org_id: int) -> Organization:
        if org_id not in account.roles:
            raise ApiError(PermissionsErrorResponse())
        return ORGANIZATIONS[org_id]

    def _run(self, account: Account, org_id: int, run_id: int) -> Run:
        self._org(account, org_id)
        run = self.runs.get(run_id)
        if run is None or run.org_id != org_id:
            raise ApiError(AgentRunNotFoundErrorResponse())
        return run

    def _repo(self, account: Account, org_id: int, repo_id: int) -> Repository:
        self._org(account, org_id)
        repo = REPOSITORIES.get(repo_id)
        if repo is None or repo.organization_id != org_id:
            raise ApiError.of(404, "Repository not found.")
        return repo

    # Users and organizations.

    @staticmethod
    def current_user(account: Account) -> User:
        return account.as_user()

    def organizations(self, account: Account, params: PageParams) -> Page[Organization]:
        return page_of([ORGANIZATIONS[org_id] for org_id in sorted(account.roles)], params)

    def users(self, account: Account, org_id: int, params: PageParams) -> Page[User]:
        self._org(account, org_id)
        return page_of([member.as_user(org_id) for member in self.world.members(org_id)], params)

    def user(self, account: Account, org_id: int, user_id: int) -> User:
        self._org(account, org_id)
        member = self.world.accounts.get(user_id)
        if member is None or org_id not in member.roles:
            raise ApiError(UserNotFoundErrorResponse())
        return member.as_user(org_id)

    def repositories(self, account: Account, org_id: int, params: PageParams) -> Page[Repository]:
        self._org(account, org_id)
        return page_of(self.world.repositories(org_id), params)

    def integrations(self, account: Account, org_id: int) -> OrganizationIntegrations:
        self._org(account, org_id)
        return self.world.integrations(org_id)

    def cli_rules(self, account: Account, org_id: int) -> CLIRules:
        self._org(account, org_id)
        return CLIRules(
            organization_rules=CLI_RULES.get(org_id), user_custom_prompt=USER_CUSTOM_PROMPT
        )

    # Agent runs.

    def _phase(
        self, run: Run, kind: PhaseKind, prompt: str, plan: Plan, *, pause: bool, started_at: float
    ) -> Phase:
        """A new phase of ``run`` carrying out ``plan`` (up to its middle, if it is to pause)."""
        resume_plan = None
        if pause:
            plan, resume_plan = plan.split_at_pause()
        story = Story.of(resumed=kind != "start", outcome=plan.outcome, prs=plan.prs)
        pr_ids = list(range(self._next_pr_id, self._next_pr_id + plan.prs))
        self._next_pr_id += plan.prs
        digest = hashlib.sha256(
            f"{self.config.seed or 0}:{run.id}:{len(run.phases)}:{prompt}".encode()
        ).digest()
        return Phase(
            kind=kind,
            prompt=prompt,
            started_at=started_at,
            outcome=plan.outcome,
            seconds=plan.seconds,
            log_count=story.natural_length if plan.logs is None else plan.logs,
            pr_ids=pr_ids,
            seed=int.from_bytes(digest[:8], "big"),
            resume_plan=resume_plan,
        )

    def _start_run(
        self,
        account: Account,
        org_id: int,
        repo: Repository,
        prompt: str,
        *,
        source_type: str,
        metadata: dict[str, Any] | None = None,
    ) -> Run:
        directives = Directives.parse(prompt)
        plan = Plan(outcome="COMPLETE", prs=1, seconds=self.config.run_seconds)
        run = Run.in_repository(repo, self._next_run_id, account.id, source_type, metadata=metadata)
        run.phases.append(
            self._phase(
                run,
                "start",
                prompt,
                plan.overridden_by(directives),
                pause=directives.pause,
                started_at=self.clock.now(),
            )
        )
        self._next_run_id += 1
        self.runs_created += 1
        with self.store.transaction():
            self.store.put_run(run)
            self._save_counters()
        self.runs[run.id] = run
        return run

    def create_run(
        self, account: Account, org_id: int, request: CreateAgentRunInput, base_url: str
    ) -> AgentRun:
        self._org(account, org_id)
        Directives.parse(request.prompt)  # a bad directive is a 422 before anything else
        if request.repo_id is not None:
            repo = self._repo(account, org_id, request.repo_id)
        else:
            repos = self.world.repositories(org_id)
            if not repos:
                raise ApiError(NoReposFoundInOrgErrorResponse())
            repo = repos[0]
        allotment = self.config.run_allotment
        if allotment is not None:
            used = sum(1 for run in self.runs.values() if run.org_id == org_id and not run.seeded)
            if used >= allotment:
                raise ApiError(AgentRunLimitReachedErrorResponse())
        run = self._start_run(
            account, org_id, repo, request.prompt, source_type="API", metadata=request.metadata
        )
        return run.to_model(self.clock.now(), self.web_url(base_url, run.id))

    def get_run(self, account: Account, org_id: int, run_id: int, base_url: str) -> AgentRun:
        run = self._run(account, org_id, run_id)
        return run.to_model(self.clock.now(), self.web_url(base_url, run.id))

    def list_runs(
        self, account: Account, org_id: int, params: ListAgentRunsParams, base_url: str
    ) -> Page[AgentRun]:
        self._org(account, org_id)
        source_type = params.source_type.value if params.source_type is not None else None
        runs = sorted(
            (
                run
                for run in self.runs.values()
                if run.org_id == org_id
                and (params.user_id is None or run.user_id == params.user_id)
                and (source_type is None or run.source_type == source_type)
            ),
            key=lambda run: (run.created_at, run.id),
            reverse=True,
        )
        page = page_of(runs, params)
        now = self.clock.now()
        return Page[AgentRun](
            items=[run.to_model(now, self.web_url(base_url, run.id)) for run in page.items],
            total=page.total,
            page=page.page,
            size=page.size,
            pages=page.pages,
        )

    def run_logs(
        self, account: Account, org_id: int, run_id: int, params: AgentRunLogsParams, base_url: str
    ) -> AgentRunWithLogs:
        run = self._run(account, org_id, run_id)
        now = self.clock.now()
        shown = run.to_model(now, self.web_url(base_url, run.id))
        total = run.total_logs(now)
        return AgentRunWithLogs(
            id=run.id,
            organization_id=run.org_id,
            status=shown.status,
            created_at=shown.created_at,
            web_url=shown.web_url,
            result=shown.result,
            metadata=shown.metadata,
            logs=run.logs(now, params.skip, params.limit, reverse=params.reverse),
            total_logs=total,
            page=params.skip // params.limit + 1,
            size=params.limit,
            pages=math.ceil(total / params.limit),
        )

    def resume_run(
        self, account: Account, org_id: int, request: ResumeAgentRunInput, base_url: str
    ) -> AgentRun:
        """Carry on after a pause, interrupt an active run, or follow up on a finished one."""
        run = self._run(account, org_id, request.agent_run_id)
        directives = Directives.parse(request.prompt)
        now = self.clock.now()
        last = run.phases[-1]
        status = last.status(now)
        kind: PhaseKind = "continue"
        if status == "PAUSED" and last.resume_plan is not None:
            base = last.resume_plan
        elif status in ("PENDING", "ACTIVE"):
            last.cut_at = now
            base = last.resume_plan or Plan(
                outcome=last.outcome, prs=len(last.pr_ids), seconds=last.ends_at - now
            )
        else:
            kind = "follow_up"
            base = Plan(outcome="COMPLETE", prs=0, seconds=self.config.run_seconds)
        plan = base.overridden_by(directives)
        run.phases.append(
            self._phase(run, kind, request.prompt, plan, pause=directives.pause, started_at=now)
        )
        with self.store.transaction():
            self.store.put_run(run)
            self._save_counters()
        return run.to_model(now, self.web_url(base_url, run.id))

    def stop_checks(
        self, account: Account, org_id: int, run_id: int, *, action: str
    ) -> dict[str, Any]:
        """``ban`` / ``remove-from-pr``: stop the run if it still goes on.

        The simulator has no check suites to keep away from the PR, so stopping is all there is.
        """
        run = self._run(account, org_id, run_id)
        now = self.clock.now()
        last = run.phases[-1]
        if last.status(now) in STOPPABLE:
            last.cut_at, last.cut_status = now, "CANCELLED"
            self.store.put_run(run)
        messages = {
            "ban": "Checks of this agent run's pull request are banned; its agents were stopped.",
            "remove-from-pr": "Codegen was removed from this agent run's pull request.",
        }
        return {
            "success": True,
            "agent_run_id": run.id,
            "status": run.status(now),
            "message": messages[action],
        }

    def unban_checks(self, account: Account, org_id: int, run_id: int) -> dict[str, Any]:
        """``unban``: nothing was kept from the PR (see :meth:`stop_checks`); only checks the run."""
        run = self._run(account, org_id, run_id)
        return {
            "success": True,
            "agent_run_id": run.id,
            "message": "Checks of this agent run's pull request are processed again.",
        }

    def generate_setup_commands(
        self, account: Account, org_id: int, repo_id: int, prompt: str | None, base_url: str
    ) -> SetupCommandsResult:
        repo = self._repo(account, org_id, repo_id)
        text = prompt or f"Work out the setup commands for {repo.full_name}"
        run = self._start_run(account, org_id, repo, text, source_type="SETUP_COMMANDS")
        return SetupCommandsResult(
            agent_run_id=run.id,
            status=run.status(self.clock.now()),
            url=self.web_url(base_url, run.id),
        )

    def analyze_sandbox_logs(
        self, account: Account, org_id: int, sandbox_id: int
    ) -> AnalyzeLogsResult:
        self._org(account, org_id)
        sandbox = SANDBOXES.get(sandbox_id)
        if sandbox is None or sandbox.org_id != org_id:
            raise ApiError.of(404, "Sandbox not found.")
        if not sandbox.has_logs:
            raise ApiError.of(400, "No logs available for analysis.")
        repo = REPOSITORIES[sandbox.repo_id]
        prompt = f"Analyze the setup logs of sandbox {sandbox.id} ({repo.full_name})"
        run = self._start_run(account, org_id, repo, prompt, source_type="API")
        return AnalyzeLogsResult(
            agent_run_id=run.id,
            status=run.status(self.clock.now()),
            message="An agent is analyzing the sandbox logs; poll its agent run for the findings.",
        )

    # Pull requests and check suites.

    def edit_pull_request(
        self, account: Account, org_id: int, pr_id: int, state: str, repo_id: int | None = None
    ) -> EditPRResult:
        """Change a PR's state. The API shows no PR state anywhere else, so none is kept: this
        checks that a run of the organization (and repository) opened the PR, and reports."""
        self._org(account, org_id)
        now = self.clock.now()
        for run in self.runs.values():
            if run.org_id != org_id or (repo_id is not None and run.repo_id != repo_id):
                continue
            for pr in run.pull_requests(now):
                if pr.id == pr_id:
                    return EditPRResult(
                        success=True, url=pr.url, number=pr.id, title=pr.title, state=state
                    )
        raise ApiError.of(404, "Pull request not found.")

    def check_suite_settings(
        self, account: Account, org_id: int, repo_id: int
    ) -> CheckSuiteSettings:
        self._repo(account, org_id, repo_id)
        defaults = {"check_retry_count": 3, "available_check_suite_names": list(CHECK_SUITE_NAMES)}
        return CheckSuiteSettings.model_validate({**defaults, **self.check_suite.get(repo_id, {})})

    def update_check_suite_settings(
        self, account: Account, org_id: int, repo_id: int, request: CheckSuiteSettingsRequest
    ) -> dict[str, Any]:
        self._repo(account, org_id, repo_id)
        changed = {**self.check_suite.get(repo_id, {}), **request.model_dump(exclude_none=True)}
        self.store.put_check_suite_settings(repo_id, changed)
        self.check_suite[repo_id] = changed
        return self.check_suite_settings(account, org_id, repo_id).model_dump(mode="json")

    # OAuth, MCP and Slack.

    @staticmethod
    def mcp_providers() -> list[OAuthProvider]:
        return list(MCP_PROVIDERS)

    def oauth_token_status(self, account: Account, org_id: int) -> list[str]:
        """Names of the providers the caller has connected in the organization."""
        self._org(account, org_id)
        return [
            provider
            for provider in OAUTH_CONNECTIONS.get(org_id, ())
            if (account.id, org_id, provider) not in self.revoked_oauth
        ]

    def revoke_oauth_token(self, account: Account, org_id: int, provider: str) -> dict[str, Any]:
        connected = provider in self.oauth_token_status(account, org_id)
        if connected:
            self.store.add_revoked_oauth(account.id, org_id, provider)
            self.revoked_oauth.add((account.id, org_id, provider))
        return {"success": True, "provider": provider, "revoked_tokens": int(connected)}

    def slack_connect_token(self, account: Account, org_id: int) -> SlackConnectToken:
        self._org(account, org_id)
        token = secrets.token_urlsafe(12)
        return SlackConnectToken(
            token=token,
            message=f"Send 'Connect my account: {token}' to the Codegen bot in Slack.",
            expires_in_minutes=10,
        )
