"""Configuration: precedence explicit > env > profile > default, profiles on disk, clear errors."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

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
    config = ClientConfig(api_token="t0ken")
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
    assert config.api_token == "from-official"
    assert config.org_id == 42
    assert config.api_url == "https://example.test/v1"  # a bare host gets the /v1 prefix
    assert config.log_level == "debug"
    assert (config.timeout, config.max_retries, config.rate_limit) == (12.5, 0, False)
    env["CODEGEN_API_TOKEN"] = "ours-wins"
    env["CODEGEN_API_URL"] = "https://api.example.test/v1/"
    config = ClientConfig.from_env(env=env, profiles=store)
    assert config.api_token == "ours-wins"
    assert config.api_url == "https://api.example.test/v1"


def test_precedence_explicit_env_profile_default(store: ProfileStore) -> None:
    store.save(
        "default", Profile(api_token="from-profile", org_id=1, api_url="https://profile.test/v1")
    )
    assert ClientConfig.from_env(env={}, profiles=store).api_token == "from-profile"
    env = {"CODEGEN_API_TOKEN": "from-env", "CODEGEN_ORG_ID": "2"}
    config = ClientConfig.from_env(env=env, profiles=store)
    assert (config.api_token, config.org_id, config.api_url) == (
        "from-env",
        2,
        "https://profile.test/v1",
    )
    config = ClientConfig.from_env(env=env, profiles=store, org_id=3, api_token=None)
    assert (config.api_token, config.org_id) == ("from-env", 3)
    assert (
        ClientConfig.from_env(
            env={}, profiles=ProfileStore(store.path.parent / "none.toml")
        ).api_token
        is None
    )


def test_named_profiles(store: ProfileStore) -> None:
    store.save("work", Profile(api_token="w", org_id=10))
    store.save("home", Profile(api_token="h", org_id=20), make_default=True)
    assert ClientConfig.from_env(env={}, profiles=store).org_id == 20
    assert ClientConfig.from_env(env={}, profiles=store, profile="work").org_id == 10
    config = ClientConfig.from_env(env={"CODEGEN_PROFILE": "work"}, profiles=store)
    assert (config.org_id, config.profile) == (10, "work")
    with pytest.raises(ConfigError, match="no profile named 'gone'"):
        ClientConfig.from_env(env={}, profiles=store, profile="gone")


def test_profile_file_is_private_and_written_atomically(store: ProfileStore) -> None:
    store.save("default", Profile(api_token='se"cret\\tok', org_id=5))
    mode = stat.S_IMODE(store.path.stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert store.get() == Profile(api_token='se"cret\\tok', org_id=5)
    assert [p.name for p in store.path.parent.iterdir()] == ["config.toml"]  # no temp file left
    store.save("other", Profile(org_id=6))
    assert store.load().default == "default"
    assert store.delete("default")
    assert store.load().default == "other"
    assert not store.delete("default")


def test_a_profile_file_others_can_read_is_refused(store: ProfileStore) -> None:
    store.save("default", Profile(api_token="t0ken"))
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
            client_class(ClientConfig.from_env(env={}, profiles=store))


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", "12abc"])
def test_a_bad_org_id_in_the_environment_is_a_clear_error(store: ProfileStore, value: str) -> None:
    with pytest.raises(ConfigError, match="CODEGEN_ORG_ID must be an organization id|positive"):
        ClientConfig.from_env(
            env={"CODEGEN_API_TOKEN": "t0ken", "CODEGEN_ORG_ID": value}, profiles=store
        )


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        ("CODEGEN_TIMEOUT", "soon", "CODEGEN_TIMEOUT must be a number of seconds"),
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
    config = ClientConfig(api_token="t0ken")
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
            ClientConfig(api_token="t0ken", api_url=url)
        assert ClientConfig(api_token="t0ken", api_url=url, allow_insecure_http=True).api_url == url
    else:
        assert ClientConfig(api_token="t0ken", api_url=url).api_url == url


def test_bad_values_in_code() -> None:
    with pytest.raises(ConfigError, match="timeout must be positive"):
        ClientConfig(api_token="t", timeout=0)
    with pytest.raises(ConfigError, match="max_retries must be 0 or more"):
        ClientConfig(api_token="t", max_retries=-1)
    with pytest.raises(ConfigError, match=r"org_id must be an organization id .*'acme'"):
        ClientConfig(api_token="t", org_id="acme")
    with pytest.raises(TypeError, match="no field 'tokn'; did you mean 'api_token'"):
        ClientConfig.from_env(env={}, tokn="x")


def test_client_keyword_arguments_override_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("CODEGEN_API_TOKEN", "env-token")
    monkeypatch.setenv("CODEGEN_ORG_ID", "5")
    with CodegenClient(org_id=6, max_retries=1) as client:
        assert (client.config.api_token, client.config.org_id, client.config.max_retries) == (
            "env-token",
            6,
            1,
        )


# -- the seed's spelling: ClientConfig(api_token=..., org_id=...), CodegenClient(config) ----------


@pytest.mark.parametrize("client_class", [CodegenClient, AsyncCodegenClient])
def test_the_seeds_config_is_the_first_positional_argument(client_class: type[Any]) -> None:
    config = ClientConfig(api_token="t0ken", org_id="123", read_env=False)
    assert config.org_id == 123
    client = client_class(config)
    assert client.config == config
    overridden = client_class(config, org_id=5, max_retries=0)
    assert (overridden.config.org_id, overridden.config.max_retries) == (5, 0)
    assert overridden.config.api_token == "t0ken"


@pytest.mark.parametrize("value", ["your-org-id", "12a", "", " ", "1.0", "٣"])
def test_an_org_id_that_is_not_a_number_names_the_field_and_shows_the_value(value: str) -> None:
    with pytest.raises(ConfigError) as info:
        ClientConfig(api_token="t0ken", org_id=value)
    message = str(info.value)
    assert message.startswith("org_id must be an organization id (a number like 123)")
    assert repr(value) in message
    assert "t0ken" not in message
    assert "\n" not in message


def test_a_hand_built_config_takes_what_it_does_not_set_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, store: ProfileStore
) -> None:
    store.save("default", Profile(api_token="from-profile", org_id=1, api_url="https://p.test/v1"))
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(store.path.parent))
    monkeypatch.setenv("CODEGEN_API_URL", "http://127.0.0.1:9999/v1")
    monkeypatch.setenv("CODEGEN_MAX_RETRIES", "7")
    monkeypatch.setenv("CODEGEN_ORG_ID", "2")
    config = ClientConfig(api_token="in-code", org_id=3)
    # a field set in code > the environment > the profile > the default
    assert (config.api_token, config.org_id) == ("in-code", 3)
    assert (config.api_url, config.max_retries) == ("http://127.0.0.1:9999/v1", 7)
    assert config.timeout == 60.0
    monkeypatch.delenv("CODEGEN_API_URL")
    assert ClientConfig(api_token="in-code").api_url == "https://p.test/v1"
    # an explicit argument > a field set on the config
    with CodegenClient(config, api_url="https://explicit.test/v1") as client:
        assert client.config.api_url == "https://explicit.test/v1"
        assert client.config.org_id == 3


def test_read_env_false_reads_neither_the_environment_nor_the_profile_file(
    monkeypatch: pytest.MonkeyPatch, store: ProfileStore
) -> None:
    store.save("default", Profile(api_token="from-profile", org_id=1))
    monkeypatch.setenv("CODEGEN_CONFIG_DIR", str(store.path.parent))
    monkeypatch.setenv("CODEGEN_API_URL", "http://127.0.0.1:9999/v1")
    monkeypatch.setenv("CODEGEN_LOG_LEVEL", "debug")
    config = ClientConfig(read_env=False)
    assert (config.api_token, config.org_id) == (None, None)
    assert (config.api_url, config.log_level) == (DEFAULT_API_URL, "info")
    assert config.replace(org_id=4).api_url == DEFAULT_API_URL  # replace reads nothing either


def test_a_config_where_a_token_was_expected_says_how_to_pass_it() -> None:
    config = ClientConfig(api_token="t0ken", read_env=False)
    with pytest.raises(ConfigError, match=r"api_token must be a string.*CodegenClient\(config\)"):
        CodegenClient(api_token=config)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"takes a ClientConfig as its first argument.*api_token="):
        CodegenClient("t0ken")  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "suggested"), [("token", "api_token"), ("orgid", "org_id")])
def test_an_unknown_field_suggests_the_real_one(given: str, suggested: str) -> None:
    with pytest.raises(TypeError, match=f"no field {given!r}; did you mean {suggested!r}"):
        ClientConfig(**{given: "x"})
    with pytest.raises(TypeError, match=f"did you mean {suggested!r}"):
        ClientConfig(read_env=False).replace(**{given: "x"})


def test_the_token_loses_surrounding_whitespace() -> None:
    assert ClientConfig(api_token="  t0ken\n", read_env=False).api_token == "t0ken"
    assert ClientConfig(api_token=" \n", read_env=False).api_token is None


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        ("abc def", "whitespace"),
        ("abc\r\ndef", "whitespace"),
        ("abc\x00def", "a control character"),
        ("abcédef", "a non-ASCII character"),
        ("abc\ud800def", "a non-ASCII character"),
    ],
)
def test_a_token_with_odd_characters_is_refused_without_showing_it(token: str, kind: str) -> None:
    with pytest.raises(ConfigError) as info:
        ClientConfig(api_token=token, read_env=False)
    message = str(info.value)
    assert f"api_token contains {kind} at position 4" in message
    assert "abc" not in message and "def" not in message


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://exa mple.com/v1", "contains whitespace or a control character"),
        ("https://api.test/v\x001", "contains whitespace or a control character"),
        ("https://api.test:99999/v1", "is not a valid URL (Port out of range"),
        ("https://api.test:abc/v1", "is not a valid URL"),
        ("https://[::1/v1", "is not a valid URL (Invalid IPv6 URL)"),
        ("https://me:s3cret-pw@api.test/v1", "must not hold a user name or password"),
    ],
)
def test_an_api_url_that_could_only_fail_later_is_refused_now(url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        ClientConfig(api_token="t0ken", api_url=url)
    assert "s3cret" not in str(info.value) and "\n" not in str(info.value)
