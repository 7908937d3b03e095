"""Configuration: precedence explicit > env > profile > default, profiles on disk, clear errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from codegen import (
    AsyncCodegenClient,
    ClientConfig,
    CodegenClient,
    ConfigError,
    Profile,
    ProfileStore,
)
from codegen._config import DEFAULT_API_URL


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "codegen" / "config.toml")


def test_defaults() -> None:
    config = ClientConfig(token="t0ken")
    assert config.api_url == DEFAULT_API_URL == "https://api.codegen.com/v1"
    assert config.org_id is None
    assert config.max_retries == 3
    assert config.rate_limit is True


def test_env_names_including_the_official_tools(store: ProfileStore) -> None:
    env = {
        "CODEGEN_USER_ACCESS_TOKEN": "from-official",
        "CODEGEN_ORG_ID": " 42 ",
        "CODEGEN_API_BASE_URL": "https://example.test",
        "CODEGEN_LOG_LEVEL": "DEBUG",
        "CODEGEN_TIMEOUT": "12.5",
        "CODEGEN_MAX_RETRIES": "0",
        "CODEGEN_RATE_LIMIT": "off",
    }
    config = ClientConfig.from_env(env=env, profiles=store)
    assert config.token == "from-official"
    assert config.org_id == 42
    assert config.api_url == "https://example.test/v1"  # a bare host gets the /v1 prefix
    assert config.log_level == "debug"
    assert (config.timeout, config.max_retries, config.rate_limit) == (12.5, 0, False)
    env["CODEGEN_API_TOKEN"] = "ours-wins"
    env["CODEGEN_API_URL"] = "https://api.example.test/v1/"
    config = ClientConfig.from_env(env=env, profiles=store)
    assert config.token == "ours-wins"
    assert config.api_url == "https://api.example.test/v1"


def test_precedence_explicit_env_profile_default(store: ProfileStore) -> None:
    store.save(
        "default", Profile(token="from-profile", org_id=1, api_url="https://profile.test/v1")
    )
    assert ClientConfig.from_env(env={}, profiles=store).token == "from-profile"
    env = {"CODEGEN_API_TOKEN": "from-env", "CODEGEN_ORG_ID": "2"}
    config = ClientConfig.from_env(env=env, profiles=store)
    assert (config.token, config.org_id, config.api_url) == (
        "from-env",
        2,
        "https://profile.test/v1",
    )
    config = ClientConfig.from_env(env=env, profiles=store, org_id=3, token=None)
    assert (config.token, config.org_id) == ("from-env", 3)
    assert (
        ClientConfig.from_env(env={}, profiles=ProfileStore(store.path.parent / "none.toml")).token
        is None
    )


def test_named_profiles(store: ProfileStore) -> None:
    store.save("work", Profile(token="w", org_id=10))
    store.save("home", Profile(token="h", org_id=20), make_default=True)
    assert ClientConfig.from_env(env={}, profiles=store).org_id == 20
    assert ClientConfig.from_env(env={}, profiles=store, profile="work").org_id == 10
    config = ClientConfig.from_env(env={"CODEGEN_PROFILE": "work"}, profiles=store)
    assert (config.org_id, config.profile) == (10, "work")
    with pytest.raises(ConfigError, match="no profile named 'gone'"):
        ClientConfig.from_env(env={}, profiles=store, profile="gone")


def test_profile_file_is_private_and_written_atomically(store: ProfileStore) -> None:
    store.save("default", Profile(token='se"cret\\tok', org_id=5))
    mode = stat.S_IMODE(store.path.stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert store.get() == Profile(token='se"cret\\tok', org_id=5)
    assert [p.name for p in store.path.parent.iterdir()] == ["config.toml"]  # no temp file left
    store.save("other", Profile(org_id=6))
    assert store.load().default == "default"
    assert store.delete("default")
    assert store.load().default == "other"
    assert not store.delete("default")


def test_a_profile_file_others_can_read_is_refused(store: ProfileStore) -> None:
    store.save("default", Profile(token="t0ken"))
    os.chmod(store.path, 0o644)
    with pytest.raises(ConfigError, match="readable by other users.*chmod 600"):
        ClientConfig.from_env(env={}, profiles=store)


def test_a_broken_profile_file_is_a_clear_error(store: ProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text("default = [unclosed")
    os.chmod(store.path, 0o600)
    with pytest.raises(ConfigError, match="not valid TOML"):
        store.load()
    store.path.write_text('[profiles.x]\norg_id = "abc"\n')
    with pytest.raises(ConfigError, match="org_id must be an integer"):
        store.load()


def test_profile_names_are_checked(store: ProfileStore) -> None:
    with pytest.raises(ConfigError, match="profile names"):
        store.save("bad name]", Profile())


def test_missing_token_names_the_variable_and_login(store: ProfileStore) -> None:
    for client_class in (CodegenClient, AsyncCodegenClient):
        with pytest.raises(ConfigError, match=r"CODEGEN_API_TOKEN.*codegen login"):
            client_class(config=ClientConfig.from_env(env={}, profiles=store))


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", "12abc"])
def test_a_bad_org_id_in_the_environment_is_a_clear_error(store: ProfileStore, value: str) -> None:
    with pytest.raises(
        ConfigError, match="CODEGEN_ORG_ID must be an integer organization id|positive"
    ):
        ClientConfig.from_env(
            env={"CODEGEN_API_TOKEN": "t0ken", "CODEGEN_ORG_ID": value}, profiles=store
        )


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        ("CODEGEN_TIMEOUT", "soon", "CODEGEN_TIMEOUT must be seconds"),
        ("CODEGEN_MAX_RETRIES", "many", "CODEGEN_MAX_RETRIES must be an integer"),
        ("CODEGEN_LOG_LEVEL", "loud", "CODEGEN_LOG_LEVEL must be one of"),
        ("CODEGEN_RATE_LIMIT", "maybe", "CODEGEN_RATE_LIMIT must be 1 or 0"),
        ("CODEGEN_API_URL", "ftp://x", "CODEGEN_API_URL must be an http"),
    ],
)
def test_bad_env_values(store: ProfileStore, var: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ClientConfig.from_env(env={var: value}, profiles=store)


def test_missing_org_id_is_reported_when_needed() -> None:
    config = ClientConfig(token="t0ken")
    with pytest.raises(ConfigError, match="CODEGEN_ORG_ID"):
        config.resolve_org_id(None)
    assert config.resolve_org_id(9) == 9


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("http://api.example.com/v1", True),
        ("http://10.0.0.5:8000/v1", True),
        ("http://127.0.0.1:8000/v1", False),
        ("http://localhost:8000/v1", False),
        ("http://[::1]:8000/v1", False),
        ("https://api.example.com/v1", False),
    ],
)
def test_no_token_over_plain_http_to_another_host(url: str, refused: bool) -> None:
    if refused:
        with pytest.raises(ConfigError, match="plain http"):
            ClientConfig(token="t0ken", api_url=url)
        assert ClientConfig(token="t0ken", api_url=url, allow_insecure_http=True).api_url == url
    else:
        assert ClientConfig(token="t0ken", api_url=url).api_url == url


def test_bad_values_in_code() -> None:
    with pytest.raises(ConfigError, match="timeout must be positive"):
        ClientConfig(token="t", timeout=0)
    with pytest.raises(ConfigError, match="max_retries must be 0 or more"):
        ClientConfig(token="t", max_retries=-1)
    with pytest.raises(ConfigError, match="org_id must be an integer"):
        ClientConfig(token="t", org_id="acme")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unknown configuration field"):
        ClientConfig.from_env(env={}, tokn="x")


def test_client_keyword_arguments_override_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("CODEGEN_API_TOKEN", "env-token")
    monkeypatch.setenv("CODEGEN_ORG_ID", "5")
    with CodegenClient(org_id=6, max_retries=1) as client:
        assert (client.config.token, client.config.org_id, client.config.max_retries) == (
            "env-token",
            6,
            1,
        )
