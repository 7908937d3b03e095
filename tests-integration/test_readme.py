"""The README's examples work as shown: every Python block runs against the simulator, and its
first command's `codegen-sim exec -- codegen run --wait ...` completes a run."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from codegen_sim import SimServer

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
SEED_BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "spec" / "seed.md").read_text(), re.DOTALL)
OUR_BLOCKS = [block for block in PYTHON_BLOCKS if block not in SEED_BLOCKS]
BIN = Path(sys.executable).parent


def test_the_readme_shows_the_seeds_examples_as_the_seed_gives_them() -> None:
    assert len(SEED_BLOCKS) == 2
    assert PYTHON_BLOCKS[:2] == SEED_BLOCKS
    assert any("AsyncCodegenClient" in block for block in OUR_BLOCKS)


def _filled_in(block: str, sim: SimServer) -> str:
    """The seed's placeholders, and only those, filled in: the token and the organization id."""
    filled = block.replace('"your-token"', repr(sim.token))
    filled = filled.replace('"your-org-id"', repr(str(sim.org_id)))
    return re.sub(r"\b123\b", str(sim.org_id), filled)


@pytest.mark.parametrize("index", range(len(SEED_BLOCKS)), ids=["sync", "async"])
def test_the_seeds_examples_run_against_the_simulator_with_the_placeholders_filled_in(
    index: int, sim: SimServer, sim_env: dict[str, str]
) -> None:
    # A hand-made ClientConfig takes the simulator's URL from CODEGEN_API_URL; the client made
    # first and dropped must release its connections without a ResourceWarning.
    result = subprocess.run(
        [sys.executable, "-W", "always::ResourceWarning", "-c", _filled_in(SEED_BLOCKS[index], sim)],
        capture_output=True, text=True, env=sim_env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "ResourceWarning" not in result.stderr
    assert result.stderr == ""  # INFO, the default level, keeps a quiet success quiet
    assert sim.token not in result.stdout
    if index == 1:
        assert "Current user: " in result.stdout
        assert "Run completed with status: COMPLETE" in result.stdout
    assert sim.stats()["runs_created"] == 1  # in the simulator's organization: it was reached


@pytest.mark.parametrize("block", OUR_BLOCKS, ids=[f"block-{i}" for i in range(len(OUR_BLOCKS))])
def test_python_block_runs_against_the_simulator(
    block: str, sim: SimServer, sim_env: dict[str, str]
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", block], capture_output=True, text=True, env=sim_env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "COMPLETE" in result.stdout
    assert sim.token not in result.stdout + result.stderr


def test_the_first_command_runs_an_agent_on_the_simulator(tmp_path: Path) -> None:
    first = next(
        line
        for line in README.splitlines()
        if "codegen-sim exec --" in line and "pip install" in line
    )
    command = shlex.split(first.split("uv run ", 1)[1])
    assert command[:3] == ["codegen-sim", "exec", "--"]
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "CODEGEN_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    result = subprocess.run(
        [str(BIN / command[0]), command[1], "--speed", "4", *command[2:]],  # --speed: a faster clock
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "COMPLETE" in result.stdout + result.stderr
    assert "refactor" in result.stdout.lower()


def test_the_seeds_commands_run_as_written_against_the_simulator(
    sim: SimServer, sim_env: dict[str, str]
) -> None:
    """`codegen run`, `list`, `logs 12345`, `continue 12345 "..."` — the run id filled in."""
    seed = (ROOT / "spec" / "seed.md").read_text()
    block = seed.split("### Command-Line Interface", 1)[1].split("```bash\n", 1)[1].split("```")[0]
    commands = [shlex.split(line) for line in block.splitlines() if line.startswith("codegen ")]
    assert [command[1] for command in commands] == ["run", "list", "logs", "continue"]
    run_id = ""
    for command in commands:
        args = [run_id if arg == "12345" else arg for arg in command]
        result = subprocess.run(
            [str(BIN / "codegen"), *args[1:]], capture_output=True, text=True, env=sim_env,
            timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, (args, result.stderr)
        if args[1] == "run":
            run_id = result.stdout.split("\t")[0]
            assert run_id.isdigit()
        elif args[1] == "list":
            assert result.stdout.startswith(run_id + "\t")
        elif args[1] == "logs":
            assert result.stdout.strip()
        assert sim.token not in result.stdout + result.stderr
    assert sim.stats()["runs_created"] == 1


def test_every_count_of_operations_in_the_docs_is_the_tables() -> None:
    from codegen_models.api import OPERATIONS

    for readme in [ROOT / "README.md", *sorted(ROOT.glob("packages/*/README.md"))]:
        for count in re.findall(r"(\d+) operations", readme.read_text()):
            assert int(count) == len(OPERATIONS), readme
