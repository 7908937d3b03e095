"""Shell completion: the scripts, and what TAB completes (commands, flags, status and log-type
values, recent run ids), through the same protocol the scripts use; and a real bash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from codegen_cli.__main__ import main


def complete(monkeypatch: pytest.MonkeyPatch, capsys: Any, shell: str, line: str) -> str:
    """What ``codegen`` answers when ``shell`` asks it to complete ``line`` (cursor at the end)."""
    monkeypatch.setenv("_CODEGEN_COMPLETE", f"complete_{shell}")
    if shell == "bash":
        words = line.split(" ")
        monkeypatch.setenv("COMP_WORDS", line)
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    else:
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
        monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    with pytest.raises(SystemExit) as exit:
        main([])
    assert exit.value.code == 0
    out: str = capsys.readouterr().out
    return out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_command_prints_the_script(cli: Any, shell: str) -> None:
    result = cli("completion", shell)
    assert result.exit_code == 0
    assert "_CODEGEN_COMPLETE=complete_" + shell in result.stdout
    assert "codegen" in result.stdout


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("codegen li", ["list"]),
        ("codegen lo", ["logs", "login", "logout"]),
        ("codegen list --st", ["--status"]),
        ("codegen run --fo", ["--follow"]),
        ("codegen --org-id 5 list --li", ["--limit"]),
        ("codegen list --status ac", ["active"]),
        ("codegen list -s PA", ["PAUSED"]),
        ("codegen logs 5 --type FI", ["FINAL_ANSWER", "FIX_PR_ERRORS"]),
        ("codegen run x --agent-type c", ["codegen", "claude_code"]),
        ("codegen completion ", ["bash", "zsh", "fish"]),
    ],
)
def test_bash_completes_commands_flags_and_values(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, line: str, expected: list[str]
) -> None:
    assert complete(monkeypatch, capsys, "bash", line).split() == expected


def test_run_ids_are_the_newest_runs_with_status_and_summary(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, api: Any, bodies: Any
) -> None:
    route = api.get(f"{bodies.runs}/runs").respond(
        200,
        json=bodies.page([
            bodies.run(42, "ACTIVE", summary="Add type hints"),
            bodies.run(43, "PAUSED", summary="Ask [red]first[/red]"),
            bodies.run(51, "COMPLETE"),
        ]),
    )  # fmt: skip
    assert complete(monkeypatch, capsys, "bash", "codegen show 4").split() == ["42", "43"]
    assert route.calls[0].request.url.params["limit"] == "30"
    fish = complete(monkeypatch, capsys, "fish", "codegen wait 1 4").splitlines()
    assert fish == ["42\tACTIVE Add type hints", "43\tPAUSED Ask [red]first[/red]"]
    zsh = complete(monkeypatch, capsys, "zsh", "codegen logs 5")
    assert '"51":"COMPLETE"' in zsh


def test_run_ids_complete_to_nothing_when_the_api_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, api: Any, bodies: Any
) -> None:
    api.get(f"{bodies.runs}/runs").respond(500, json={"message": "down"})
    answer = complete(monkeypatch, capsys, "bash", "codegen show ")
    assert answer.strip() == ""
    assert capsys.readouterr().err == ""


def test_run_ids_complete_to_nothing_without_a_token(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.delenv("CODEGEN_API_TOKEN")
    assert complete(monkeypatch, capsys, "bash", "codegen show ").strip() == ""


def test_completing_flags_loads_no_client(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom codegen_cli.__main__ import main\n"
        "try:\n    main([])\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('httpx', 'codegen', 'rich') if m in sys.modules], file=sys.stderr)"
    )
    env = {**os.environ, "_CODEGEN_COMPLETE": "complete_bash", "COMP_CWORD": "2",
           "COMP_WORDS": "codegen list --"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert "--status" in done.stdout.split()
    assert json.loads(done.stderr.strip().replace("'", '"')) == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_real_bash_completes_with_the_script(tmp_path: Path) -> None:
    codegen = Path(sys.executable).parent / "codegen"
    script = subprocess.run(
        [codegen, "completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    program = (
        f"{script}\n"
        "COMP_WORDS=(codegen list --sta); COMP_CWORD=2; _codegen_completion codegen\n"
        'echo "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(codegen wa); COMP_CWORD=1; _codegen_completion codegen\n"
        'echo "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{codegen.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program], env=env, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    assert done.stdout.splitlines() == ["--status", "wait"]
