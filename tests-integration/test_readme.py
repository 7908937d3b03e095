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
BIN = Path(sys.executable).parent


def test_the_readme_has_the_seed_examples() -> None:
    assert len(PYTHON_BLOCKS) >= 2
    assert any("AsyncCodegenClient" in block for block in PYTHON_BLOCKS)
    assert any("CodegenClient()" in block for block in PYTHON_BLOCKS)


@pytest.mark.parametrize(
    "block", PYTHON_BLOCKS, ids=[f"block-{i}" for i in range(len(PYTHON_BLOCKS))]
)
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
