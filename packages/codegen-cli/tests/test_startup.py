"""`codegen --version` and `codegen --help` load only what they need (checked in a fresh
interpreter, because this one has imported everything already). Speed itself is measured by
bench/bench_cli_startup.py, never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import codegen_cli

PROBE = """
import json, sys
from codegen_cli.__main__ import main
try:
    main({args!r})
except SystemExit as exit:
    code = exit.code
else:
    code = 0
heavy = ["typer", "click", "rich", "httpx", "pydantic", "codegen", "codegen_models"]
print(json.dumps({{"code": code, "loaded": [m for m in heavy if m in sys.modules]}}), file=sys.stderr)
"""


RUN_PROBE = """
import sys
from codegen_cli.__main__ import main
try:
    main(["show", "--help"])
except SystemExit:
    pass
print(" ".join(m for m in sys.modules if m.startswith("codegen_cli")))
"""


def probe(*args: str) -> tuple[str, dict[str, object]]:
    """stdout and stderr of ``main(args)`` in a fresh interpreter (stderr under ``"stderr"`` in the
    report), the exit code and which heavy modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        check=True,
    )
    *stderr, last = done.stderr.splitlines()
    report: dict[str, object] = {**json.loads(last), "stderr": "\n".join(stderr)}
    return done.stdout, report


def test_version_loads_nothing_heavy() -> None:
    stdout, report = probe("--version")
    assert stdout == f"codegen {codegen_cli.__version__}\n"
    assert report == {"code": 0, "loaded": [], "stderr": ""}


@pytest.mark.parametrize(
    "args",
    [["--help"], ["run", "--help"], ["logs", "-h"], ["--debug", "list", "--help"],
     ["pr", "--help"], ["pr", "close", "-h"], ["--org-id", "5", "repo", "edit", "--help"],
     ["oauth", "revoke", "-h"], ["rules", "-h"], ["api", "--help"]],
)  # fmt: skip
def test_help_loads_typer_but_not_pydantic_the_client_or_rich(args: list[str]) -> None:
    stdout, report = probe(*args)
    assert "\n\nUsage: codegen" in stdout
    assert report["code"] == 0
    assert report["loaded"] == ["typer"]


def test_no_arguments_is_usage_help_on_stderr() -> None:
    stdout, report = probe()
    assert stdout == ""
    assert report["code"] == 2
    assert "\n\nUsage: codegen COMMAND" in str(report["stderr"])
    assert report["loaded"] == ["typer"]


def test_the_version_option_also_works_after_other_options() -> None:
    stdout, report = probe("--debug", "--version")
    assert stdout == f"codegen {codegen_cli.__version__}\n"
    assert report["code"] == 0


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "codegen_cli", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout == f"codegen {codegen_cli.__version__}\n"


def test_every_command_is_listed_in_help(cli: object) -> None:
    stdout, _ = probe("--help")
    commands = ["run", "continue", "list", "show", "logs", "wait", "open", "pull", "login",
                "logout", "whoami", "orgs", "repos", "users", "integrations", "completion",
                "batch", "rules", "api", "pr", "repo", "user", "oauth", "sandbox", "slack"]  # fmt: skip
    listed = stdout.split("Commands:")[1].split()
    assert all(command in listed for command in commands)


def test_a_command_loads_only_its_own_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", RUN_PROBE], capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    assert "codegen_cli._commands.runs" in loaded
    others = ("auth", "logs", "org", "pull", "rules", "api", "pr", "repo", "user", "oauth",
              "sandbox", "slack")  # fmt: skip
    assert not loaded & {f"codegen_cli._commands.{m}" for m in others}
