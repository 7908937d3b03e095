"""A griffe extension (mkdocs.yml, mkdocstrings' ``extensions``): the toolkit's code as its
readers call it.

- **The clients' methods.** ``CodegenClient`` and ``AsyncCodegenClient`` make each method from a
  flow of ``ClientFlows`` at import time (``get_agent_run = operation(ClientFlows._get_agent_run)``),
  so a static reading sees attributes. Each becomes the method it is at run time: the flow's
  public name, parameters and docstring, and what a call gives — the flow's result (a coroutine's,
  for the async client), a ``FlowIterator`` or an ``AsyncIterator`` of its items.
- **Private parameters** (``_shared``, a copy's internals) are left out of signatures.
- **Private bases.** What a class inherits from a private base (``AgentRun`` from ``_RunFields``)
  is shown as its own, and the base's bases stand in for it.
- **Fields.** The fields of a model, dataclass or enumeration (and the undocumented constants of
  a module) are one table in its docstring — name, type, default or value, what it is — rather
  than a heading each, most of which would say nothing more.
- **Summaries.** A docstring's first paragraph is its summary, however many lines it wraps to
  (griffe would take its first line only, cut mid-sentence in the tables of members).
- **Examples.** An indented block after a blank line (reST's literal block, which the
  docstrings use for examples) is Python code, highlighted as such.
- **Docstring roles.** The docstrings name things the Sphinx way (``:class:`ImageError```); each
  role becomes a link to the public name the reference shows (``codegen.ImageError``), or code
  when the name is not shown there.
"""

from __future__ import annotations

import html
import re
import textwrap
from typing import Any

import griffe

WRAPPERS = {"operation", "iterator"}
"""The functions of ``_client`` / ``_async_client`` that turn a flow into a client method."""
ITERATOR_TYPES = {"codegen._client": "FlowIterator", "codegen._async_client": "AsyncIterator"}
"""What an iterator method returns, per client module (a name that module can resolve)."""
PUBLIC_ROOTS = ("codegen", "codegen_models", "codegen_cli", "codegen_ui", "codegen_sim")
PUBLIC_MODULES = ("codegen_models.api", "codegen_models.spec")
ROLE = re.compile(r":(?:class|meth|func|mod|attr|exc|data|obj|const):`~?(?P<name>[^`]+)`")


def _flow_of(attribute: griffe.Attribute) -> tuple[str, str] | None:
    """``("operation", "ClientFlows._get_agent_run")`` for a method made from a flow."""
    value = attribute.value
    if not isinstance(value, griffe.ExprCall) or len(value.arguments) != 1:
        return None
    wrapper = str(value.function)
    if wrapper not in WRAPPERS:
        return None
    return wrapper, str(value.arguments[0])


def _result(flow: griffe.Function) -> str | griffe.Expr | None:
    """``T`` of the flow's ``Flow[T]`` (or ``ItemFlow[T]``)."""
    returns = flow.returns
    if isinstance(returns, griffe.ExprSubscript):
        return returns.slice
    return returns


def _method(
    name: str, wrapper: str, flow: griffe.Function, cls: griffe.Class, lineno: int | None
) -> griffe.Function:
    parameters = griffe.Parameters(
        *(
            griffe.Parameter(
                p.name, annotation=p.annotation, kind=p.kind, default=p.default, docstring=None
            )
            for p in list(flow.parameters)[1:]  # without self
        )
    )
    returns = _result(flow)
    module = cls.module.path
    if wrapper == "iterator" and returns is not None:
        returns = griffe.ExprSubscript(griffe.ExprName(ITERATOR_TYPES[module], parent=cls), returns)
    method = griffe.Function(
        name, lineno=lineno, endlineno=lineno, parameters=parameters, returns=returns
    )
    if wrapper == "operation" and module == "codegen._async_client":
        method.labels.add("async")
    if flow.docstring is not None:
        method.docstring = griffe.Docstring(
            flow.docstring.value, lineno=flow.docstring.lineno, parent=method
        )
    return method


def _public_path(canonical: str, collection: griffe.ModulesCollection) -> str | None:
    """The path under which the reference shows the object at ``canonical``, if it does."""
    for root in (*PUBLIC_MODULES, *PUBLIC_ROOTS):
        if canonical == root or canonical.startswith(root + "."):
            rest = canonical[len(root) + 1 :]
            if not rest or not any(part.startswith("_") for part in rest.split(".")):
                return canonical
    for root in (*PUBLIC_ROOTS, *PUBLIC_MODULES):
        if root not in collection:
            continue
        module = collection[root]
        for member in module.members.values():
            if not member.is_alias or not member.is_exported:
                continue
            target = member.target_path
            if canonical == target or canonical.startswith(target + "."):
                return f"{root}.{member.name}{canonical[len(target) :]}"
    return None


def _exists(path: str, collection: griffe.ModulesCollection) -> bool:
    try:
        collection.get_member(path)
    except (KeyError, ValueError):
        return False
    return True


def _link_roles(
    obj: griffe.Object, collection: griffe.ModulesCollection, tabulated: set[str]
) -> None:
    if obj.docstring is None:
        return

    def link(match: re.Match[str]) -> str:
        name = match["name"]
        head, _, tail = name.partition(".")
        try:
            canonical = obj.resolve(head) + (f".{tail}" if tail else "")
        except griffe.NameResolutionError:
            canonical = name
        shown = name.rsplit(".", 1)[-1] if match[0].find("~") >= 0 else name
        path = _public_path(canonical, collection)
        if path and canonical not in tabulated and _exists(path, collection):
            return f"[`{shown}`][{path}]"
        return f"`{shown}`"

    obj.docstring.value = ROLE.sub(link, obj.docstring.value)


def _hide_private_parameters(function: griffe.Function) -> None:
    private = [p for p in function.parameters if p.name.startswith("_")]
    if private:
        function.parameters = griffe.Parameters(
            *(p for p in function.parameters if not p.name.startswith("_"))
        )


def _one_line_summary(obj: griffe.Object) -> None:
    if obj.docstring is None:
        return
    first, blank, rest = obj.docstring.value.partition("\n\n")
    if not first.startswith((" ", "\t")):
        obj.docstring.value = " ".join(first.split()) + blank + rest


def _adopt_private_bases(cls: griffe.Class) -> None:
    bases: list[str | griffe.Expr] = []
    for expression, base in zip(cls.bases, _resolved_bases(cls), strict=True):
        if base is None or not base.name.startswith("_"):
            bases.append(expression)
            continue
        _adopt_private_bases(base)
        bases += base.bases
        inherited = [n for n in base.members if not n.startswith("_") and n not in cls.members]
        for name in inherited:
            cls.set_member(name, griffe.Alias(name, base.members[name], parent=cls, inherited=True))
        # The base's fields come first, as they do in the class itself.
        order = inherited + [name for name in cls.members if name not in inherited]
        members = {name: cls.members[name] for name in order}
        cls.members.clear()
        cls.members.update(members)
    cls.bases = bases


def _resolved_bases(cls: griffe.Class) -> list[griffe.Class | None]:
    found: list[griffe.Class | None] = []
    for expression in cls.bases:
        try:
            target = cls.modules_collection.get_member(
                expression.canonical_path if isinstance(expression, griffe.Expr) else expression
            )
        except (KeyError, AttributeError, ValueError):
            target = None
        found.append(target if isinstance(target, griffe.Class) else None)
    return found


def _documented(obj: griffe.Object | griffe.Alias) -> bool:
    target = obj.final_target if isinstance(obj, griffe.Alias) else obj
    return bool(target.docstring and target.docstring.value.strip())


def _fields(obj: griffe.Class | griffe.Module) -> list[str]:
    """What goes into ``obj``'s table: every field of a class (a public attribute that is not a
    property, and that no "Attributes:" section of its docstring describes already), the
    undocumented constants of a module."""
    described: set[str] = set()
    if obj.docstring is not None:
        for names in re.findall(r"^ {4}([\w, ]+):", obj.docstring.value, re.MULTILINE):
            described.update(name.strip() for name in names.split(","))
    found = []
    for name, member in obj.members.items():
        if name.startswith("_") or name in described:
            continue
        if isinstance(obj, griffe.Module) and (member.is_alias or _documented(member)):
            continue  # an import; a documented constant keeps its own entry
        target = member.final_target if isinstance(member, griffe.Alias) else member
        if isinstance(target, griffe.Attribute) and "property" not in target.labels:
            found.append(name)
    return found


def _cell(value: str | griffe.Expr | None) -> str:
    """Code in a table cell: HTML, since Markdown would show the backslash of an escaped ``|``."""
    if not value:
        return ""
    text = html.escape(" ".join(str(value).split())).replace("|", "&#124;")
    return f"<code>{text}</code>"


def _description(obj: griffe.Object | griffe.Alias) -> str:
    target = obj.final_target if isinstance(obj, griffe.Alias) else obj
    if target.docstring is None:
        return ""
    first = target.docstring.value.strip().split("\n\n", 1)[0]
    return " ".join(first.split()).replace("|", "&#124;")


def _tabulate_fields(obj: griffe.Class | griffe.Module) -> None:
    """``obj``'s fields (:func:`_fields`) as one table in its docstring, instead of members."""
    names = _fields(obj)
    if not names:
        return
    enum = isinstance(obj, griffe.Class) and any("Enum" in str(base) for base in obj.bases)
    if enum:
        title, header = "Members", "| name | value | |\n|---|---|---|"
    elif isinstance(obj, griffe.Class):
        title, header = "Fields", "| name | type | default | |\n|---|---|---|---|"
    else:
        title, header = "Constants", "| name | type | value |\n|---|---|---|"
    rows = []
    for name in names:
        member = obj.members[name]
        target = member.final_target if isinstance(member, griffe.Alias) else member
        assert isinstance(target, griffe.Attribute)
        cells = [f"`{name}`"]
        if not enum:
            cells.append(_cell(target.annotation))
        cells.append(_cell(target.value))
        if isinstance(obj, griffe.Class):
            cells.append(_description(member))
        rows.append("| " + " | ".join(cells) + " |")
        obj.del_member(name)
    table = f"**{title}**\n\n{header}\n" + "\n".join(rows)
    if obj.docstring is None:
        obj.docstring = griffe.Docstring(table, parent=obj)
    else:
        obj.docstring.value = obj.docstring.value.rstrip() + "\n\n" + table


def _fence_code(obj: griffe.Object) -> None:
    if obj.docstring is None:
        return
    blocks = obj.docstring.value.split("\n\n")
    for index, block in enumerate(blocks):
        lines = block.splitlines()
        if index and lines and all(line.startswith("    ") for line in lines):
            blocks[index] = "```python\n" + textwrap.dedent(block) + "\n```"
    # Blank lines inside one example split it above: its pieces are joined again.
    obj.docstring.value = re.sub(r"\n```\n\n```python\n", "\n\n", "\n\n".join(blocks))


def _walk(obj: griffe.Object) -> list[griffe.Object]:
    found = [obj]
    for member in obj.members.values():
        if not member.is_alias:
            found += _walk(member)  # type: ignore[arg-type]
    return found


class ToolkitExtension(griffe.Extension):
    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        for obj in _walk(pkg):
            if isinstance(obj, griffe.Class):
                self._methods_from_flows(obj)
                _adopt_private_bases(obj)
        tables = [obj for obj in _walk(pkg) if isinstance(obj, griffe.Class | griffe.Module)]
        tabulated = {f"{obj.path}.{name}" for obj in tables for name in _fields(obj)}
        for obj in _walk(pkg):
            if isinstance(obj, griffe.Function):
                _hide_private_parameters(obj)
            _one_line_summary(obj)
            _fence_code(obj)
            _link_roles(obj, loader.modules_collection, tabulated)
        for obj in tables:
            _tabulate_fields(obj)

    @staticmethod
    def _methods_from_flows(cls: griffe.Class) -> None:
        for name, member in list(cls.members.items()):
            if member.is_alias or not isinstance(member, griffe.Attribute):
                continue
            found = _flow_of(member)
            if found is None:
                continue
            wrapper, flow_name = found
            owner, _, attribute = flow_name.partition(".")
            flow = cls.modules_collection[cls.resolve(owner)].members[attribute]
            assert isinstance(flow, griffe.Function), flow_name
            cls.set_member(name, _method(name, wrapper, flow, cls, member.lineno))
