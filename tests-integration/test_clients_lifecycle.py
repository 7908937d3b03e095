"""The sync and async clients through a whole run lifecycle, over real HTTP, against codegen-sim."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from codegen import (
    AgentRunStatus,
    AsyncCodegenClient,
    ClientConfig,
    CodegenClient,
    LogMessageType,
    NotFoundError,
    PermissionDeniedError,
)
from codegen_models.api import CLIENT_REQUEST_ID_KEY
from codegen_sim import SimServer


def config_for(sim: SimServer, **options: Any) -> ClientConfig:
    return ClientConfig(api_token=sim.token, org_id=sim.org_id, api_url=sim.api_url, **options)


def test_sync_lifecycle(sim: SimServer) -> None:
    with CodegenClient(config=config_for(sim)) as client:
        me = client.get_current_user()
        orgs = list(client.iter_organizations())
        assert sim.org_id in [org.id for org in orgs]
        users = list(client.iter_users())
        assert me.id in [user.id for user in users]
        repos = list(client.iter_repositories())
        assert repos

        run = client.create_agent_run(
            "Refactor the parser sim:prs=2", repo_id=repos[0].id, metadata={"ticket": "T-7"}
        )
        assert run.status_value in (AgentRunStatus.PENDING, AgentRunStatus.ACTIVE)
        assert run.metadata is not None
        assert run.metadata.pop(CLIENT_REQUEST_ID_KEY)  # every create is stamped; the rest kept
        assert run.metadata == {"ticket": "T-7"}

        seen: list[str] = []
        done = client.wait_for_completion(sim.org_id, run.id, timeout=60, poll_interval=0.05,
                                          on_update=lambda r: seen.append(r.status or ""))  # fmt: skip
        assert done.succeeded
        assert seen[-1] == "COMPLETE"
        assert done.result
        assert len(done.pull_requests) == 2

        logs = list(client.iter_agent_run_logs(agent_run_id=run.id))
        assert logs[-1].message_type_value is LogMessageType.FINAL_ANSWER
        newest_first = list(client.iter_agent_run_logs(agent_run_id=run.id, reverse=True))
        assert [entry.to_dict() for entry in newest_first] == [
            entry.to_dict() for entry in reversed(logs)
        ]

        client.resume_agent_run(sim.org_id, run.id, "Also add tests")
        followed = list(
            client.follow_agent_run_logs(agent_run_id=run.id, start=len(logs), poll_interval=0.05)
        )
        assert followed[0].message_type_value is LogMessageType.USER_MESSAGE
        assert followed[-1].message_type_value is LogMessageType.FINAL_ANSWER
        assert client.get_agent_run(agent_run_id=run.id).succeeded

        listed = [r.id for r in client.iter_agent_runs(source_type="API")]
        assert run.id == listed[0]  # newest first

        with pytest.raises(NotFoundError, match="Agent run not found"):
            client.get_agent_run(agent_run_id=999_999)


def test_async_lifecycle(sim: SimServer) -> None:
    async def main() -> None:
        async with AsyncCodegenClient(config=config_for(sim)) as client:
            me, orgs = await asyncio.gather(client.get_current_user(), client.list_organizations())
            assert me.github_username
            assert orgs.total >= 1
            runs = await asyncio.gather(*(client.create_agent_run(f"task {i}") for i in range(3)))
            finished = await asyncio.gather(
                *(
                    client.wait_for_completion(agent_run_id=r.id, timeout=60, poll_interval=0.05)
                    for r in runs
                )
            )
            assert all(r.succeeded for r in finished)
            followed = [e async for e in client.follow_agent_run_logs(agent_run_id=runs[0].id)]
            paged = [e async for e in client.iter_agent_run_logs(agent_run_id=runs[0].id)]
            assert [e.to_dict() for e in followed] == [e.to_dict() for e in paged]
            resumed = await client.resume_agent_run(
                agent_run_id=runs[1].id, prompt="One more thing"
            )
            assert resumed.id == runs[1].id
            assert (
                await client.wait_for_completion(agent_run_id=runs[1].id, poll_interval=0.05)
            ).succeeded
            repos = [r async for r in client.iter_repositories()]
            users = [u async for u in client.iter_users()]
            assert repos
            assert users
            ids = [r.id async for r in client.iter_agent_runs()]
            assert {r.id for r in runs} <= set(ids)
            assert len(ids) == len(set(ids))

    asyncio.run(main())


@pytest.mark.parametrize(
    ("directive", "status"),
    [("sim:fail", "FAILED"), ("sim:error", "ERROR"), ("sim:cancel", "CANCELLED")],
)
def test_unsuccessful_runs_are_returned_and_can_raise(
    sim: SimServer, directive: str, status: str
) -> None:
    with CodegenClient(config=config_for(sim)) as client:
        run = client.create_agent_run(f"doomed {directive}")
        assert client.wait_for_completion(agent_run_id=run.id, poll_interval=0.05).status == status


def test_a_paused_run_ends_the_wait_and_resumes(sim: SimServer) -> None:
    with CodegenClient(config=config_for(sim)) as client:
        run = client.create_agent_run("Ask me first sim:pause")
        paused = client.wait_for_completion(agent_run_id=run.id, poll_interval=0.05)
        assert paused.needs_input
        client.resume_agent_run(agent_run_id=run.id, prompt="Go ahead")
        assert client.wait_for_completion(agent_run_id=run.id, poll_interval=0.05).succeeded


def test_a_server_without_the_alpha_logs_route_is_read_from_the_documented_one(
    start_sim: Any,
) -> None:
    sim = start_sim(alpha_logs=False)
    with CodegenClient(config=config_for(sim)) as client:
        run = client.create_agent_run("sim:logs=7 sim:seconds=0")
        client.wait_for_completion(agent_run_id=run.id, poll_interval=0.05)
        assert len(list(client.iter_agent_run_logs(agent_run_id=run.id))) == 7
    requests = sim.stats()["requests"]
    alpha = [route for route in requests if "/alpha/" in route]
    assert sum(requests[route] for route in alpha) <= 1  # asked once, then remembered


def test_another_organization_is_forbidden(sim: SimServer) -> None:
    with CodegenClient(config=config_for(sim)) as client:
        member_of = {org.id for org in client.iter_organizations()}
        outsider = max(member_of) + 1000
        with pytest.raises(PermissionDeniedError):
            client.list_agent_runs(outsider)
