"""The simulator's routes against the shared operations table (``codegen_models.api.OPERATIONS``):
every operation served at its method, path and rate-limit class, and nothing else under ``/v1`` but
the documented logs alias."""

from __future__ import annotations

import asyncio
import re
import warnings
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from codegen_models import api
from codegen_models.api import API_PREFIX, DOCUMENTED_LOGS_PATH, OPERATIONS, RateClass
from codegen_sim import SimConfig, SimServer, create_app
from codegen_sim._routes import RateLimitDependency

LOGS_ALIAS = ("GET", API_PREFIX + DOCUMENTED_LOGS_PATH, RateClass.LOGS)


def served_routes(config: SimConfig) -> set[tuple[str, str, RateClass]]:
    """(method, path, rate class) of every route of the app under the API prefix."""
    served = set()
    for route in create_app(config).routes:
        if not getattr(route, "path", "").startswith(API_PREFIX + "/"):
            continue
        assert isinstance(route, APIRoute), route
        limits = [
            dependency.dependency
            for dependency in route.dependencies
            if isinstance(dependency.dependency, RateLimitDependency)
        ]
        assert len(limits) == 1, route.path  # every API route is rate limited, by one class
        served |= {(method, route.path, limits[0].rate_class) for method in route.methods or ()}
    return served


def test_every_operation_is_served_at_its_method_path_and_rate_class_and_nothing_else() -> None:
    expected = {(op.method, op.spec_path, op.rate_class) for op in OPERATIONS}
    assert len(expected) == len(OPERATIONS)
    assert served_routes(SimConfig()) == expected | {LOGS_ALIAS}


def test_without_alpha_logs_only_the_spec_logs_path_is_left_out() -> None:
    expected = {(op.method, op.spec_path, op.rate_class) for op in OPERATIONS}
    logs = api.GET_AGENT_RUN_LOGS
    alpha = (logs.method, logs.spec_path, logs.rate_class)
    assert served_routes(SimConfig(alpha_logs=False)) == (expected - {alpha}) | {LOGS_ALIAS}


def test_the_limiter_counts_each_operation_in_its_own_class(
    start_sim: Callable[..., SimServer], make_client: Any
) -> None:
    """With every class limited to one request, an operation is 429 exactly when an earlier
    operation of its class took the slot: each route really is limited by its table class."""
    server = start_sim(rate_limit_overrides=dict.fromkeys(RateClass, (1, 600.0)))
    client = make_client(server)
    seen: set[RateClass] = set()
    for operation in OPERATIONS:
        path = re.sub(r"{\w+}", "1", operation.path)
        response = client.request(operation.method, path)
        assert (response.status_code == 429) == (operation.rate_class in seen), operation
        seen.add(operation.rate_class)
    assert seen == set(RateClass)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_every_operation_answers_without_a_token_with_401(
    operation: api.Operation[Any], sim: SimServer
) -> None:
    """Each route of the table exists (no 404/405) and authenticates before anything else."""
    path = re.sub(r"{\w+}", "1", operation.spec_path)
    response = httpx.request(operation.method, sim.base_url + path)
    assert response.status_code == 401


def test_no_route_warns_on_its_first_request() -> None:
    """Validators are built with the app: a first request raises no warning (which a served
    simulator would print on the stderr it shares with ``codegen-sim exec``'s command)."""
    app = create_app(SimConfig(admin=True, rate_limits=False))
    body = {"prompt": "x", "agent_run_id": 1000, "repo_id": 10, "org_id": 1, "state": "open"}

    async def every_operation() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
            statuses = []
            for operation in OPERATIONS:
                path = re.sub(r"{\w+}", "1", operation.spec_path)
                response = await client.request(
                    operation.method,
                    path,
                    params={"repo_id": 10, "org_id": 1, "provider": "linear"},
                    json=body,
                    headers={"Authorization": "Bearer sim-token"},
                )
                statuses.append(response.status_code)
            for admin in ("clock/advance", "faults", "idempotency"):
                response = await client.post(
                    f"/_sim/{admin}", json={"seconds": 1, "rate": 0, "honour": False}
                )
                statuses.append(response.status_code)
            return statuses

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        statuses = asyncio.run(every_operation())
    assert statuses.count(200) > len(OPERATIONS) // 2  # most of them really were handled
