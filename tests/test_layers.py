"""The package's imports point one way: each layer imports only its own and those below it.

Read from the source (``ast``), not by importing: an import inside a function counts
(a lazy import is still a dependency); one under ``if TYPE_CHECKING:`` does not (it
exists for the type checker only). See docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "bitranscript"

LAYERS: tuple[tuple[str, ...], ...] = (
    # top: the command line, and the package root (its names re-export the library API)
    ("__main__", "cli", "glossary_cli", "bitranscript"),
    ("batch", "dask"),  # many files: pools, progress, streaming
    ("pipeline",),  # the library API: process, clean, check_text
    (
        "align",
        "detect",
        "cleaning",
        "glossary",
        "checks",
        "render",
        "report",
        "tmx",
        "bitext",
    ),  # stages, checks, renderers
    (
        "features",
        "words",
        "similarity",
        "numbers",
        "sentences",
        "lexicon",
        "zhseg",
        "config",
        "read",
        "inputs",
        "output",
    ),  # evidence, I/O
    ("model", "edits", "params", "errors", "cache", "version"),  # what every layer shares
)
"""Top first. A module's layer is its top-level name's (``glossary.rules.names`` is ``glossary``'s)."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(("bitranscript", *parts))] = path
    return out


MODULES = _modules()


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of the imports under ``if TYPE_CHECKING:``."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                for inner in ast.walk(sub):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        lines.add(inner.lineno)
    return lines


def imports_of(name: str) -> set[str]:
    """The package's modules that ``name`` imports (at run time, anywhere in the module)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom) or node.lineno in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in MODULES else module for a in node.names]
        found.update(t for t in targets if t in MODULES and t != name)
    return found


def layer_of(name: str) -> int:
    parts = name.split(".")
    key = parts[1] if len(parts) > 1 else "bitranscript"
    for k, names in enumerate(LAYERS):
        if key in names:
            return k
    raise AssertionError(f"{name} is in no layer: add it to LAYERS (and docs/architecture.md)")


GRAPH = {name: imports_of(name) for name in MODULES}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_has_a_layer(name: str) -> None:
    layer_of(name)


def test_no_import_points_up() -> None:
    upward = sorted(f"{a} -> {b}" for a, deps in GRAPH.items() for b in deps if layer_of(b) < layer_of(a))
    assert upward == []


def test_no_import_cycle() -> None:
    """Tarjan's strongly connected components: any of more than one module is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_walk_sees_lazy_imports_and_skips_type_checking_ones() -> None:
    """The checker itself: a function-level import counts, a TYPE_CHECKING one does not."""
    assert "bitranscript.pipeline" in GRAPH["bitranscript.batch"]  # imported inside a method
    assert "bitranscript.model" not in GRAPH["bitranscript.edits"]  # for annotations only
