"""The API reference of a package's public names (its ``__all__``), written at every build.

Each name goes under the title of the module that defines it (``_exceptions`` → Errors), in the
order that module defines them, so a name added to ``__all__`` appears in the reference with no
edit of the docs; a module with no title here puts its names under "Other names". Names a
package re-exports from another package are listed with a link to where they are documented.
The modules are read with ``ast``, not imported.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "codegen": ROOT / "packages/codegen-core/src/codegen",
    "codegen_models": ROOT / "packages/codegen-models/src/codegen_models",
    "codegen_cli": ROOT / "packages/codegen-cli/src/codegen_cli",
    "codegen_ui": ROOT / "packages/codegen-ui/src/codegen_ui",
    "codegen_sim": ROOT / "packages/codegen-sim/src/codegen_sim",
}
OTHER = "Other names"
SECTIONS: Mapping[str, Mapping[str, str]] = {
    # package → {defining module (relative, or another package's) → section title}, in page order
    "codegen": {
        "._client": "Clients",
        "._async_client": "Clients",
        "._responses": "Clients",
        "._config": "Configuration and profiles",
        "._profiles": "Configuration and profiles",
        "._sign_in": "Configuration and profiles",
        "._exceptions": "Errors",
        "._effects": "Retries and rate limits",
        "._watch": "Retries and rate limits",
        "codegen_models.api": "Retries and rate limits",
        "._batch": "Batches",
        "._images": "Images",
        "._secrets": "Secrets",
        "._version": "Version",
    },
    "codegen_models": {
        "._runs": "Runs, logs and pull requests",
        "._pages": "Pages",
        "._enums": "Statuses and other enumerations",
        "._users": "Users and organizations",
        "._organizations": "Users and organizations",
        "._repositories": "Repositories and what acts on them",
        "._connections": "OAuth and Slack",
        "._requests": "Requests",
        "._errors": "Error bodies",
        "._base": "The base model and timestamps",
        "._timestamps": "The base model and timestamps",
    },
}
FIRST = {"codegen": ("CodegenClient", "AsyncCodegenClient")}
"""Names that open their section, whatever their module's order."""
MOVED = {"codegen": {"DEFAULT_API_URL": "Configuration and profiles"}}
"""Names shown in another section than their module's."""
OPTIONS = {
    # The clients' own methods are few (close, the context manager); the operations and
    # with_options come from their bases.
    # Their base, ClientFlows, is private: what it gives them is shown as theirs.
    "codegen.CodegenClient": ["inherited_members: true", "show_bases: false"],
    "codegen.AsyncCodegenClient": ["inherited_members: true", "show_bases: false"],
}
"""mkdocstrings options of single names."""
DOCUMENTED_ELSEWHERE = {"codegen_models": "codegen_models.md"}
"""Packages whose names another package re-exports: listed with a link, not documented twice."""


@dataclass(frozen=True)
class Name:
    name: str
    module: str
    """The module it is imported from, as written (``._exceptions``, ``codegen_models``)."""
    line: int
    """Where its module defines it (0 when unknown), for the order within a section."""


def _defined_lines(path: Path) -> dict[str, int]:
    lines: dict[str, int] = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            lines[node.name] = node.lineno
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    lines[target.id] = node.lineno
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            lines[node.target.id] = node.lineno
    return lines


def _module_file(package: str, module: str) -> Path | None:
    if module.startswith("."):
        base = SOURCES[package] / module[1:].replace(".", "/")
    else:
        top, _, rest = module.partition(".")
        if top not in SOURCES:
            return None
        base = SOURCES[top] / rest.replace(".", "/") if rest else SOURCES[top]
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def public_names(package: str) -> list[Name]:
    """The names of ``package.__all__``, each with the module it comes from."""
    init = SOURCES[package] / "__init__.py"
    tree = ast.parse(init.read_text())
    exported: list[str] = []
    imported: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            exported = list(ast.literal_eval(node.value))
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                imported[alias.asname or alias.name] = module
    names = []
    for name in exported:
        module = imported.get(name, ".")
        path = _module_file(package, module) if module != "." else init
        line = _defined_lines(path).get(name, 0) if path else 0
        names.append(Name(name, module, line))
    return names


def sections(package: str) -> str:
    """The Markdown of ``package``'s public names, by section, each rendered by mkdocstrings."""
    titles = SECTIONS.get(package, {})
    order = list(dict.fromkeys([*titles.values(), OTHER]))
    grouped: dict[str, list[Name]] = {title: [] for title in order}
    elsewhere: dict[str, list[str]] = {}
    for name in public_names(package):
        if name.module in DOCUMENTED_ELSEWHERE:
            elsewhere.setdefault(name.module, []).append(name.name)
            continue
        title = MOVED.get(package, {}).get(name.name) or titles.get(name.module, OTHER)
        grouped[title].append(name)
    lines: list[str] = []
    for title in order:
        if not grouped[title]:
            continue
        lines += [f"## {title}", ""]
        first, modules = FIRST.get(package, ()), list(titles)
        for name in sorted(
            grouped[title],
            key=lambda n: (
                first.index(n.name) if n.name in first else len(first),
                modules.index(n.module) if n.module in modules else len(modules),
                n.line,
            ),
        ):
            path = f"{package}.{name.name}"
            options = OPTIONS.get(path, [])
            lines += [f"::: {path}", *(["    options:"] if options else [])]
            lines += [*(f"      {option}" for option in options), ""]
    for module, names in elsewhere.items():
        page = DOCUMENTED_ELSEWHERE[module]
        links = ", ".join(f"[`{n}`][{module}.{n}]" for n in names)
        lines += [f"## From `{module}`", "", f"Re-exported from [`{module}`]({page}): {links}.", ""]
    return "\n".join(lines)
