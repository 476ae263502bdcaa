"""The shape of the code: no import cycle between any two modules of ``nazh``, and nothing too
big to read (docs/architecture.md): no module over 500 lines, no class over 20 methods; and no
import of a library's internal modules (``hikari.internal``, ``aiosqlite._x``), which change
without notice between its releases.

Every import counts, at the top of a module, under ``TYPE_CHECKING`` or inside a function: a
cycle hidden in a function is still a cycle a reader has to untangle. Every method counts too,
private, static or a property: each ``def`` written directly in the class's body.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "nazh"
MAX_MODULE_LINES = 500
MAX_CLASS_METHODS = 20


def modules() -> dict[str, Path]:
    """Every module of ``nazh`` by its dotted name (a package by its ``__init__``)."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The modules of ``nazh`` that ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for dotted in targets:
            target = dotted
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_nazh_is_in_an_import_cycle() -> None:
    known = modules()
    graph = {name: set(imported(name, path, known)) for name, path in known.items()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


# -- the libraries' public modules only ---------------------------------------------------------


def internal_imports(root: Path = ROOT) -> list[str]:
    """Each import under ``root`` of another package's internal module: one a segment of whose
    dotted path is ``internal`` or starts with ``_`` (a dunder module such as ``__future__`` is
    public)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                segments = name.split(".")
                if segments[0] != root.name and any(
                        segment == "internal" or (segment.startswith("_")
                                                  and not segment.startswith("__"))
                        for segment in segments):
                    found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {name}")
    return found


def test_no_module_of_nazh_imports_a_librarys_internal_module() -> None:
    assert internal_imports() == []


def test_the_internal_import_finder_finds_one(tmp_path: Path) -> None:
    package = tmp_path / "nazh"
    package.mkdir()
    (package / "a.py").write_text("from __future__ import annotations\n"
                                  "from hikari.internal import net\nimport aiosqlite._core\n"
                                  "from hikari.impl import entity_factory\nfrom . import _own\n"
                                  "from nazh._mine import x\n")
    assert internal_imports(package) == ["nazh/a.py:2: hikari.internal",
                                         "nazh/a.py:3: aiosqlite._core"]


# -- nothing too big ----------------------------------------------------------------------------


def methods_of(tree: ast.AST) -> dict[str, int]:
    """Each class of ``tree`` (nested ones by their dotted path) and how many ``def`` its body
    holds directly (a nested function or class's methods are not its own)."""
    counted: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                name = f"{prefix}{child.name}"
                counted[name] = sum(isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                                    for item in child.body)
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return counted


def oversized(root: Path = ROOT) -> list[str]:
    """The modules under ``root`` over :data:`MAX_MODULE_LINES` lines and the classes over
    :data:`MAX_CLASS_METHODS` methods, each named with its size."""
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(root.parent)
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{where}: {lines} lines (at most {MAX_MODULE_LINES})")
        found += [f"{where}: class {name} has {count} methods (at most {MAX_CLASS_METHODS})"
                  for name, count in methods_of(ast.parse(text)).items()
                  if count > MAX_CLASS_METHODS]
    return found


def test_the_method_counter_counts_every_def_in_a_class_body_only() -> None:
    source = ("class A:\n    def a(self): pass\n    async def b(self): pass\n"
              "    @staticmethod\n    def _c(): pass\n    x = 1\n"
              "    class B:\n        def d(self): pass\n"
              "def f():\n    class C:\n        def e(self):\n            def inner(): pass\n")
    assert methods_of(ast.parse(source)) == {"A": 3, "A.B": 1, "C": 1}


def test_the_size_checker_names_a_long_module_and_a_crowded_class(tmp_path: Path) -> None:
    package = tmp_path / "nazh"
    (package / "a").mkdir(parents=True)
    (package / "a" / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    (package / "a" / "fits.py").write_text("x = 1\n" * MAX_MODULE_LINES)
    crowded = "".join(f"    def m{n}(self): pass\n" for n in range(MAX_CLASS_METHODS + 1))
    (package / "a" / "crowded.py").write_text(
        f"class Crowded:\n{crowded}\nclass Roomy:\n{crowded.replace('    def m0', '    # ')}")
    assert oversized(package) == [
        f"nazh/a/crowded.py: class Crowded has {MAX_CLASS_METHODS + 1} methods (at most "
        f"{MAX_CLASS_METHODS})",
        f"nazh/a/long.py: {MAX_MODULE_LINES + 1} lines (at most {MAX_MODULE_LINES})"]


def test_no_module_of_nazh_is_over_500_lines_and_no_class_over_20_methods() -> None:
    assert oversized() == []
