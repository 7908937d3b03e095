"""The documentation site's examples work as shown (``docs/``, built by ``nox -s docs``).

- Every ```` ```python ```` block of every page runs, as it is, as ``python example.py`` in an
  empty folder, pointed at a simulator by the environment (``CODEGEN_API_URL``,
  ``CODEGEN_API_TOKEN``, ``CODEGEN_ORG_ID``), as ``codegen-sim exec -- python example.py`` runs it. The seed's block, reused as the seed
  gives it, gets its placeholders filled in as the README's test fills them.
- Every ```` ```console ```` block runs as one shell script: its ``$ `` lines are the commands
  (the other lines are output shown to the reader), against the simulator, in an empty folder,
  each command stopping the block if it fails. A block that should not run (``codegen login``
  at a prompt, ``codegen pull`` outside a repository, installs) is written as ```` ```bash ````.
- The pages that repeat the README repeat it exactly: the two commands of "Try it" and the seed's
  example.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from codegen_sim import SimServer

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
FENCE = re.compile(r"^```(?P<lang>\w+)[^\n]*\n(?P<body>.*?)^```", re.DOTALL | re.MULTILINE)
SEED_BLOCKS = FENCE.findall((ROOT / "spec" / "seed.md").read_text())


def blocks(lang: str) -> list[tuple[str, str]]:
    """``(page:line, body)`` of every block of ``lang`` in the docs."""
    found = []
    for page in PAGES:
        text = page.read_text()
        for match in FENCE.finditer(text):
            if match["lang"] == lang:
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{page.relative_to(DOCS)}:{line}", match["body"]))
    return found


PYTHON = blocks("python")
CONSOLE = blocks("console")


def _filled_in(block: str, sim: SimServer) -> str:
    """The seed's placeholders, and only those, filled in: the token and the organization id."""
    if '"your-token"' not in block:
        return block
    filled = block.replace('"your-token"', repr(sim.token))
    filled = filled.replace('"your-org-id"', repr(str(sim.org_id)))
    return re.sub(r"\b123\b", str(sim.org_id), filled)


def test_there_are_examples_of_both_kinds() -> None:
    assert len(PYTHON) >= 20
    assert len(CONSOLE) >= 5


@pytest.mark.parametrize(("where", "block"), PYTHON, ids=[where for where, _ in PYTHON])
def test_python_example_runs_against_the_simulator(
    where: str, block: str, sim: SimServer, sim_env: dict[str, str], tmp_path: Path
) -> None:
    example = tmp_path / "example.py"
    example.write_text(_filled_in(block, sim))
    result = subprocess.run(
        [sys.executable, example.name], capture_output=True, text=True, env=sim_env, cwd=tmp_path,
        timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, f"{where}:\n{result.stderr}"
    assert sim.token not in result.stdout + result.stderr


@pytest.mark.parametrize(("where", "block"), CONSOLE, ids=[where for where, _ in CONSOLE])
def test_console_example_runs_against_the_simulator(
    where: str, block: str, sim: SimServer, sim_env: dict[str, str], tmp_path: Path
) -> None:
    commands = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    assert commands, f"{where}: a console block without a $ command"
    script = "set -euo pipefail\n" + "\n".join(commands) + "\n"
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=sim_env, cwd=tmp_path,
        stdin=subprocess.DEVNULL, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, f"{where}:\n{result.stdout}\n{result.stderr}"
    assert sim.token not in result.stdout + result.stderr


def test_the_pages_repeat_the_readme_exactly() -> None:
    readme = (ROOT / "README.md").read_text()
    started = (DOCS / "getting-started.md").read_text()
    first = next(line for line in readme.splitlines() if "codegen-sim exec --" in line)
    assert f"```bash\n{first}\n```" in started
    assert "```bash\nuv run nox\n```" in readme and "```bash\nuv run nox\n```" in started
    seed_python = [body for lang, body in SEED_BLOCKS if lang == "python"]
    assert seed_python[0] in [body for _, body in PYTHON]


def test_the_errors_page_draws_the_exception_hierarchy_as_it_is() -> None:
    """The tree of docs/python/errors.md: each class under its base, every error of codegen."""
    import codegen

    text = (DOCS / "python" / "errors.md").read_text()
    tree = text.split("```text\nCodegenError\n", 1)[1].split("```", 1)[0]
    parents = ["CodegenError"]
    drawn = {"CodegenError"}
    for line in tree.splitlines():
        name = re.search(r"[├└]── (\w+)", line)
        assert name, line
        depth = (name.start() // 4) + 1
        del parents[depth:]
        cls = getattr(codegen, name[1])
        assert getattr(codegen, parents[-1]) in cls.__bases__, f"{name[1]} under {parents[-1]}"
        parents.append(name[1])
        drawn.add(name[1])
    errors = {n for n in codegen.__all__ if isinstance(getattr(codegen, n), type)
              and issubclass(getattr(codegen, n), codegen.CodegenError)}  # fmt: skip
    assert errors == drawn


def test_the_reliability_table_names_tests_that_exist() -> None:
    """Each test docs/performance.md cites is a test of the file it links to."""
    text = (DOCS / "performance.md").read_text()
    cited = re.findall(r"\[`(test_\w+)`\]\[(\w+)\]", text)
    assert len(cited) >= 5
    for name, label in cited:
        url = re.search(rf"^\[{label}\]: \S+/blob/main/(\S+)$", text, re.MULTILINE)
        assert url, label
        assert f"def {name}(" in (ROOT / url[1]).read_text(), f"{name} is not in {url[1]}"


def test_the_table_of_operations_names_every_method_of_the_clients() -> None:
    """docs/python/index.md's table: every method it names exists, and it names every one."""
    from codegen import CodegenClient

    text = (DOCS / "python" / "index.md").read_text()
    table = text.split("## Every operation", 1)[1].split("\n\n", 2)[1]
    named = set()
    for row in table.splitlines()[2:]:
        first = row.split(" | ", 1)[0]
        named.update(re.findall(r"(?:`|, |/ )`?([a-z_]+)[(`]", first))
    methods = {name for name in dir(CodegenClient) if not name.startswith("_")}
    methods = {name for name in methods if callable(getattr(CodegenClient, name))}
    assert named <= methods, named - methods
    assert methods - named == {"close", "with_options"}
