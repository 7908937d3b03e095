"""A griffe extension (mkdocs.yml, mkdocstrings' ``extensions``): the toolkit's code as its
readers call it.

- **The clients' methods.** ``CodegenClient`` and ``AsyncCodegenClient`` make each method from a
  flow of ``ClientFlows`` at import time (``get_agent_run = operation(ClientFlows._get_agent_run)``),
  so a static reading sees attributes. Each becomes the method it is at run time: the flow's
  public name, parameters and docstring, and what a call gives — the flow's result (a coroutine's,
  for the async client), a ``FlowIterator`` or an ``AsyncIterator`` of its items.
- **Private parameters** (``_shared``, a copy's internals) are left out of signatures.
- **Summaries.** A docstring's first paragraph is its summary, however many lines it wraps to
  (griffe would take its first line only, cut mid-sentence in the tables of members).
- **Docstring roles.** The docstrings name things the Sphinx way (``:class:`ImageError```); each
  role becomes a link to the public name the reference shows (``codegen.ImageError``), or code
  when the name is not shown there.
"""

from __future__ import annotations

import re
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


def _link_roles(obj: griffe.Object, collection: griffe.ModulesCollection) -> None:
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
        return f"[`{shown}`][{path}]" if path else f"`{shown}`"

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
        for obj in _walk(pkg):
            if isinstance(obj, griffe.Function):
                _hide_private_parameters(obj)
            _one_line_summary(obj)
            _link_roles(obj, loader.modules_collection)

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
