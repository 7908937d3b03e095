"""What importing the package and making a client load and build: only what a sync call uses.

Imports are checked in a fresh interpreter (this one has imported everything already). How long
they take is measured by bench/bench_imports.py, never asserted here.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import subprocess
import sys
from typing import Any

import pytest

import codegen
from codegen import AsyncCodegenClient, CodegenClient


def loaded_after(code: str, *modules: str) -> list[str]:
    """Which of ``modules`` are imported after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {list(modules)!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return found


def ssl_context(client: CodegenClient | AsyncCodegenClient) -> ssl.SSLContext:
    context: ssl.SSLContext = client._shared.http._transport._pool._ssl_context  # type: ignore[union-attr]
    return context


@pytest.mark.parametrize("client_class", [CodegenClient, AsyncCodegenClient])
def test_a_plain_http_api_gets_a_tls_context_that_trusts_nothing(client_class: Any) -> None:
    client = client_class(api_token="t0ken-value", api_url="http://127.0.0.1:9/v1")
    context = ssl_context(client)
    # No authority is loaded, and verification stays on: a handshake could only fail.
    assert context.cert_store_stats()["x509_ca"] == 0
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    closed = client.close()
    if closed is not None:
        asyncio.run(closed)


@pytest.mark.parametrize("client_class", [CodegenClient, AsyncCodegenClient])
def test_an_https_api_gets_the_certificate_authorities(client_class: Any) -> None:
    client = client_class(api_token="t0ken-value", api_url="https://api.codegen.com/v1")
    context = ssl_context(client)
    assert context.cert_store_stats()["x509_ca"] > 0
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    closed = client.close()
    if closed is not None:
        asyncio.run(closed)


def test_importing_the_package_loads_nothing_until_a_name_is_used() -> None:
    heavy = ("httpx", "pydantic", "codegen_models", "codegen._client")
    assert loaded_after("import codegen", *heavy) == []


def test_the_sync_client_loads_no_httpcore_async_client_batches_or_validators() -> None:
    heavy = ("httpcore", "anyio", "trio", "codegen._async_client", "codegen._network",
             "codegen._batch", "pydantic.plugin._loader")  # fmt: skip
    assert loaded_after("from codegen import CodegenClient", *heavy) == []


def test_every_public_name_resolves_and_is_listed() -> None:
    names = [name for name in codegen.__all__ if name != "__version__"]
    assert sorted(names) == sorted(codegen._HOME)
    assert set(codegen.__all__) <= set(dir(codegen))
    for name in names:
        value = getattr(codegen, name)
        assert getattr(value, "__name__", name) == name or not callable(value)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        codegen.Nope  # noqa: B018
