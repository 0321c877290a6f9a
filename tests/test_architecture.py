"""The package's shape: no import cycles (counting imports inside functions too), thin faces over the core.

An import inside a function hides a cycle from Python but not from this test: every ``import`` of a
``mirna_kg`` module anywhere in a module's source is an edge (imports under ``if TYPE_CHECKING:`` are left out,
since they never run). A cycle is reported with its modules in order, so the fix is visible.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mirna_kg"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package modules that ``path`` imports at run time (anywhere in the file)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.startswith("mirna_kg"))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module or ""
                if not target.startswith("mirna_kg"):
                    continue
                for alias in child.names:  # `from . import api` names a module
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if candidate in modules else target)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    resolved = set()
    for target in found:
        while target and target not in modules:  # `from .stores.base import X` -> mirna_kg.stores.base
            target = target.rpartition(".")[0]
        if target and target != name:
            resolved.add(target)
    return resolved


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_import_cycles() -> None:
    graph = import_graph()
    # a package's __init__ re-exporting its own modules is not a cycle of meaning: drop parent -> child edges
    pruned = {m: {t for t in targets if not t.startswith(m + ".")} for m, targets in graph.items()}
    assert not cycles(pruned), "import cycles (break them by moving the shared piece down a layer): " + "; ".join(
        " <-> ".join(c) for c in cycles(pruned)
    )


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


FACES = ("mirna_kg.cli",)


@pytest.mark.parametrize("face", FACES)
def test_faces_call_the_core(face: str) -> None:
    """The command line reaches the use cases through ``mirna_kg.api`` only, plus what renders for a terminal
    and the other faces it starts (``serve``, ``site``)."""
    allowed = {
        "mirna_kg",
        "mirna_kg.api",
        "mirna_kg.errors",
        "mirna_kg.results",
        "mirna_kg.progress",
        "mirna_kg.terminal",
        "mirna_kg.stats",
        "mirna_kg.describing",
        "mirna_kg.web",
        "mirna_kg.web.site",
    }
    graph = import_graph()
    modules = [m for m in graph if m == face or m.startswith(face + ".")]  # a package's own modules count too
    assert face in modules
    extra = sorted(
        {f"{m} -> {t}" for m in modules for t in graph[m] if t not in allowed and not t.startswith(face + ".")}
    )
    assert not extra, f"{face} imports beyond the core's surface: {extra}"
