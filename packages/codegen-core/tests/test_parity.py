"""The sync and async clients offer the same operations with the same signatures and docs."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator

import pytest

from codegen import AsyncCodegenClient, CodegenClient
from codegen_models import api as ops


def public_methods(cls: type) -> dict[str, object]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and callable(member)
    }


def test_same_public_methods() -> None:
    sync_names = set(public_methods(CodegenClient))
    async_names = set(public_methods(AsyncCodegenClient))
    assert sync_names == async_names


# close() differs by nature (a coroutine on the async client); with_options() is shared code.
OPERATION_NAMES = sorted(set(public_methods(CodegenClient)) - {"close", "with_options"})


@pytest.mark.parametrize("name", OPERATION_NAMES)
def test_same_signature_and_docstring(name: str) -> None:
    sync_method = getattr(CodegenClient, name)
    async_method = getattr(AsyncCodegenClient, name)
    assert inspect.signature(sync_method) == inspect.signature(async_method)
    assert sync_method.__doc__ == async_method.__doc__
    assert sync_method.__doc__


def test_every_spec_operation_has_a_method() -> None:
    names = set(public_methods(CodegenClient))
    for op in ops.OPERATIONS:
        expected = "edit_pull_request" if op is ops.EDIT_REPO_PULL_REQUEST else op.name
        assert expected in names


def test_async_operations_are_coroutines_and_iterators_are_async_iterators() -> None:
    for name in public_methods(AsyncCodegenClient):
        method = getattr(AsyncCodegenClient, name)
        if name.startswith(("iter_", "follow_", "run_batch")):
            assert not inspect.iscoroutinefunction(method), name
        elif name != "with_options":
            assert inspect.iscoroutinefunction(method), name


def test_iterator_methods_return_iterators() -> None:
    sync_client = CodegenClient(api_token="t0ken", org_id=1, api_url="http://127.0.0.1:9/v1")
    async_client = AsyncCodegenClient(api_token="t0ken", org_id=1, api_url="http://127.0.0.1:9/v1")
    assert isinstance(sync_client.iter_agent_runs(), Iterator)
    assert isinstance(async_client.iter_agent_runs(), AsyncIterator)
    sync_client.close()
