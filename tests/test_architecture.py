"""The shape of the code: no import cycle between any two modules of ``nazh``, and nothing too
big to read (docs/architecture.md): no module over 500 lines, no class over 20 methods; no
import of a library's internal modules (``hikari.internal``, ``aiosqlite._x``), which change
without notice between its releases; comments where the code surprises rather than prose (at
most a tenth of the lines in docstrings); ``Any`` only where a value truly is anything (at most
120 uses).

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
MAX_DOCSTRING_SHARE = 0.10
MAX_ANY = 120


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


def docstring_lines(tree: ast.AST) -> int:
    """The lines of ``tree``'s docstrings: its module's, classes' and functions'."""
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return sum((node.body[0].end_lineno or node.body[0].lineno) - node.body[0].lineno + 1
               for node in ast.walk(tree)
               if isinstance(node, documented) and ast.get_docstring(node, clean=False)
               is not None)


def any_uses(tree: ast.AST) -> int:
    """How often ``tree`` names ``Any`` (``Any`` or ``typing.Any``; imports are not uses)."""
    return sum(1 for node in ast.walk(tree)
               if (isinstance(node, ast.Name) and node.id == "Any")
               or (isinstance(node, ast.Attribute) and node.attr == "Any"))


def prose_and_any(root: Path = ROOT) -> tuple[int, int, int]:
    """Under ``root``: the lines that are not blank, the docstring lines, the uses of ``Any``."""
    lines = documented = uses = 0
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        lines += sum(1 for line in text.splitlines() if line.strip())
        documented += docstring_lines(tree)
        uses += any_uses(tree)
    return lines, documented, uses


def test_the_prose_counter_counts_docstrings_and_uses_of_any() -> None:
    source = ('"""A module\nin two lines."""\nfrom typing import Any\nimport typing\n'
              'class A:\n    """One."""\n    def f(self, x: Any) -> typing.Any:\n'
              '        """Three\n\n        lines."""\n        return "not a docstring"\n'
              'def g() -> None:\n    x = 1\n    """not a docstring either"""\n')
    tree = ast.parse(source)
    assert (docstring_lines(tree), any_uses(tree)) == (6, 2)


def test_nazh_has_comments_where_the_code_surprises_and_few_anys() -> None:
    lines, documented, uses = prose_and_any()
    assert documented <= MAX_DOCSTRING_SHARE * lines, (
        f"{documented} docstring lines of {lines}: one-line docstrings on the public API, the "
        "why as a comment at the line that needs it")
    assert uses <= MAX_ANY, f"{uses} uses of Any (at most {MAX_ANY}): type what is known"
