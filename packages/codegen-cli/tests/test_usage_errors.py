"""Usage errors, of every command: one line, exit 2, the parameter and the next step named, and
never a value that was typed (it could be a token pasted in the wrong place, #19)."""

from __future__ import annotations

from typing import Any

import pytest

from codegen_cli._commands.reference import command_paths
from codegen_cli._usage_errors import blank_typed_values

TOKENS = ["cg-secret-token-7f3a91", "sim-token"]
"""A token as the API issues them, and one shaped like a word (the simulator's default)."""


def assert_usage_error(result: Any, *fragments: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    for token in TOKENS:
        assert token not in result.stderr


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("name", [path for path in command_paths() if path != "wait"])
def test_extra_arguments_are_refused_without_being_shown(
    cli: Any, api: Any, name: str, token: str
) -> None:
    # Enough arguments for any command, then the token: it is always one too many.
    args = {"run": ["a prompt"], "continue": ["42", "a prompt"], "completion": ["bash"],
            "batch": ["prompts.txt"], "oauth revoke": ["linear"], "api": ["users/me"], "pr remove-codegen": ["--run", "42"],
            "pr ban-checks": ["--run", "42"], "pr unban-checks": ["--run", "42"]}  # fmt: skip
    takes_id = name in ("show", "logs", "open", "pull", "pr close", "pr reopen", "pr draft",
                        "pr ready", "repo checks", "repo edit", "repo setup-commands",
                        "user show", "sandbox analyze")  # fmt: skip
    result = cli(*name.split(), *args.get(name, ["42"] if takes_id else []), token)
    assert_usage_error(result, f"`codegen {name}` takes ", f"see `codegen {name} --help`")


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("group", ["pr", "repo", "user", "oauth", "sandbox", "slack"])
def test_a_group_refuses_an_unknown_command_without_showing_it(
    cli: Any, group: str, token: str
) -> None:
    assert_usage_error(cli(group, token), "unknown command", f"see `codegen {group} --help`")


def test_login_with_a_token_argument_says_where_a_token_goes(cli: Any) -> None:
    result = cli("login", TOKENS[0])
    assert_usage_error(
        result,
        "`codegen login` takes no arguments, and got an extra argument",
        "(not shown here, in case it is a token)",
        "a token goes on stdin with --with-token, never on the command line",
    )


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["show", "{t}"], "invalid ID: expected a whole number"),
        (["wait", "1", "{t}"], "invalid ID: expected a whole number"),
        (["list", "--org-id", "{t}"], "invalid --org-id: expected a whole number"),
        (["--org-id", "{t}", "list"], "invalid --org-id: expected a whole number"),
        (["list", "--limit", "{t}"], "invalid --limit: expected a whole number"),
        (["list", "--user-id={t}"], "invalid --user-id: expected a whole number"),
        (["list", "--status", "{t}"], "invalid --status: expected a status"),
        (["list", "--source-type", "{t}"], "invalid --source-type: expected a source type"),
        (["logs", "1", "-t", "{t}"], "invalid --type: expected a message type"),
        (["run", "x", "--agent-type", "{t}"], "invalid --agent-type: expected an agent type"),
        (["run", "x", "--repo-id", "{t}"], "invalid --repo-id: expected a whole number"),
        (["wait", "1", "--timeout", "{t}"], "invalid --timeout: expected a duration"),
        (["completion", "{t}"], "invalid SHELL: expected a shell: bash, zsh, fish"),
        (["login", "--with-token={t}"], "--with-token takes no value"),
        (["{t}"], "unknown command"),
        (["{t}", "list"], "unknown command"),
    ],
)
def test_bad_values_are_named_not_repeated(
    cli: Any, api: Any, token: str, args: list[str], fragment: str
) -> None:
    result = cli(*(arg.replace("{t}", token) for arg in args))
    assert_usage_error(result, fragment)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lst"], "error: unknown command; did you mean list?"),
        (["list", "--limt", "3"], "error: unknown option --limt; did you mean --limit?"),
        (["list", "--bogus"], "error: unknown option --bogus; see `codegen list --help`"),
        (["show"], "error: missing ID; see `codegen show --help`"),
        (["list", "--limit"], "error: --limit needs a value; see `codegen list --help`"),
        (["--bogus", "list"], "error: unknown option --bogus; see `codegen --help`"),
    ],
)
def test_usage_errors_name_the_next_step(cli: Any, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"


def test_no_arguments_shows_the_help_on_stderr(cli: Any) -> None:
    result = cli()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage: codegen COMMAND" in result.stderr


def test_unknown_messages_have_every_typed_value_blanked() -> None:
    args = ["show", "--org-id=cg-secret-token-7f3a91", "sim-token", "--json"]
    message = "Got cg-secret-token-7f3a91 and sim-token for --json in show"
    assert blank_typed_values(message, args, known={"show"}) == "Got … and … for --json in show"
