"""`codegen --version`, `codegen --help` and `codegen list` load only what they need (checked in a
fresh interpreter, because this one has imported everything already; `list` against a server on
loopback). Speed itself is measured by bench/bench_cli_startup.py and bench/bench_cli_commands.py,
never asserted here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

import codegen_cli
from codegen_cli import app
from codegen_cli._coercion import TextCoercion

from .conftest import ORG, TOKEN, page, run_body

RUN_MAIN = """
from codegen_cli.__main__ import main
try:
    main({args!r})
except SystemExit as exit:
    code = exit.code
else:
    code = 0
"""
"""Runs ``codegen args...`` in the probe, leaving its exit code in ``code``."""

PROBE = (
    """
import json, sys
"""
    + RUN_MAIN
    + """
heavy = ["typer", "click", "rich", "httpx", "pydantic", "codegen", "codegen_models", "httpcore",
         "anyio", "tkinter", "fastapi"]
print(json.dumps({{"code": code, "loaded": [m for m in heavy if m in sys.modules]}}), file=sys.stderr)
"""
)


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


# -- a command that talks to the API ---------------------------------------------------------

API_PROBE = (
    """
import json, sys
# What an environment holding only codegen-cli and its dependencies lacks, but a development one may
# hold: httpx imports its own command line (click, rich) when click is installed, httpcore imports
# trio when it is installed. Unimportable here, as they are there.
sys.modules.update(click=None, trio=None)
"""
    + RUN_MAIN
    + """
from pydantic import BaseModel

def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)

built = sorted({{m.__name__ for m in subclasses(BaseModel) if m.__pydantic_complete__}})
modules = sorted(name for name, module in sys.modules.items() if module is not None)
print(json.dumps({{"code": code, "modules": modules, "built": built}}), file=sys.stderr)
"""
)
RUNS = page([run_body(1, "COMPLETE", summary="done"), run_body(2)])


class _Api(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        found = self.path.startswith(f"/v1/organizations/{ORG}/agent/runs?")
        body = json.dumps(RUNS if found else {"detail": "Not Found"}).encode()
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def api_url() -> Iterator[str]:
    """A server on loopback answering the first page of runs (the probe runs in its own
    process, out of respx's reach)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def run_probe(api_url: str, config_dir: Path, *args: str, **env: str) -> tuple[str, dict[str, Any]]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    environment.update(
        CODEGEN_API_URL=api_url,
        CODEGEN_API_TOKEN=TOKEN,
        CODEGEN_ORG_ID=str(ORG),
        CODEGEN_CONFIG_DIR=str(config_dir),
        **env,
    )
    done = subprocess.run(
        [sys.executable, "-c", API_PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    report: dict[str, Any] = json.loads(done.stderr.splitlines()[-1])
    return done.stdout, report


def test_list_loads_no_async_client_no_rich_and_builds_only_what_it_uses(
    api_url: str, environment: Path
) -> None:
    stdout, report = run_probe(api_url, environment, "list")
    assert report["code"] == 0
    assert [line.split("\t")[:2] for line in stdout.splitlines()] == [
        ["1", "COMPLETE"],
        ["2", "ACTIVE"],
    ]
    modules = set(report["modules"])
    absent = {"codegen._async_client", "rich", "tkinter", "fastapi", "trio", "typer._adapters",
              "codegen._batch", "codegen_ui", "codegen_sim"}  # fmt: skip
    assert modules & absent == set()
    # httpcore imports the anyio package (a shell that loads its parts on first use): none of
    # anyio's machinery is loaded.
    assert {m for m in modules if m.startswith("anyio")} <= {"anyio", "anyio._lazyimport"}
    # Validators are built for the arguments and the answer of this one request (and the generic
    # page, which pydantic builds to parametrize it), no other model.
    assert report["built"] == ["ListAgentRunsParams", "Page"]


def test_list_on_a_terminal_loads_rich_for_its_table(api_url: str, environment: Path) -> None:
    stdout, report = run_probe(api_url, environment, "list", CODEGEN_FORCE_TTY="1")
    assert report["code"] == 0 and "STATUS" in stdout
    assert "rich" in report["modules"] and "codegen._async_client" not in report["modules"]


def test_every_parameter_converts_text_without_typers_pydantic_validators() -> None:
    """Typer builds a pydantic validator per parameter into ``_runtime_param`` when it first
    processes it; the CLI sets its own there (``_coercion``). This pins that assumption on the
    typer in use: if typer stopped consulting it, the list probe above would load
    ``typer._adapters`` again."""
    group = get_command(app)
    command = group.get_command(None, "list")  # type: ignore[arg-type]
    assert command is not None
    params = [p for p in command.params if p.name in {"limit", "status", "org_id", "api_url"}]
    assert len(params) == 4
    assert all(isinstance(p.get_runtime_param(), TextCoercion) for p in params)  # type: ignore[attr-defined]
