"""The test suite keeps its own standards (docs/testing.md, "How the tests are written").

- No assertion only runs when an ``if`` allows it: an ``assert`` nested under an ``if``/``else``
  inside a test function checks nothing on the runs where the branch is not taken (with random
  dice, most runs). Script the dice, split the test or parametrize it instead.
- The tests mirror the tree: most modules ``nazh/a/b/c.py`` have ``tests/a/b/test_c.py``.
- No test module imports another: shared arrange code lives in kits and fixtures.
- Tests wait for what they need, not for a fixed time.

Each rule walks the files under ``tests/`` like the project's review hook.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def conditional_asserts(tree: ast.AST) -> list[int]:
    """Line numbers of the asserts under an ``if`` inside ``test*`` functions of ``tree``."""
    found: list[int] = []

    def visit(node: ast.AST, under_if: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
                          | ast.ClassDef):
                continue
            if isinstance(child, ast.Assert) and under_if:
                found.append(child.lineno)
            visit(child, under_if or isinstance(child, ast.If))

    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) \
                and function.name.startswith("test"):
            visit(function, False)
    return found


def test_the_checker_finds_an_assert_under_an_if() -> None:
    tree = ast.parse("def test_x(a):\n    if a:\n        assert a\n    else:\n        assert 1\n")
    assert conditional_asserts(tree) == [3, 5]


def test_the_checker_ignores_unconditional_asserts_and_helpers() -> None:
    source = ("def test_x(a):\n    assert a\n    def helper():\n        if a:\n"
              "            assert a\n\ndef helper(a):\n    if a:\n        assert a\n")
    assert conditional_asserts(ast.parse(source)) == []


def test_no_test_asserts_only_when_an_if_allows_it() -> None:
    offenders = [f"{path.relative_to(TESTS.parent)}:{line}"
                 for path in sorted(TESTS.rglob("test_*.py"))
                 for line in conditional_asserts(ast.parse(path.read_text(encoding="utf-8")))]
    assert offenders == []


# -- the tree is mirrored ---------------------------------------------------------------------

PACKAGE = TESTS.parent / "nazh"
MIRRORED_AT_LEAST = 0.75
"""The share of production modules (40 lines or more) that have their test module."""
MIN_MODULE_LINES = 40


def mirror_of(module: Path, package: Path = PACKAGE, tests: Path = TESTS) -> Path:
    """Where a module's tests live: ``nazh/a/b/c.py`` -> ``tests/a/b/test_c.py``."""
    relative = module.relative_to(package)
    return tests / relative.parent / f"test_{relative.name}"


def production_modules(package: Path = PACKAGE) -> list[Path]:
    """The modules of ``package`` that count: 40 lines or more, not an ``__init__.py``."""
    return [path for path in sorted(package.rglob("*.py")) if path.name != "__init__.py"
            and len(path.read_text(encoding="utf-8").splitlines()) >= MIN_MODULE_LINES]


def test_the_mirror_of_a_module_is_its_test_module_at_the_same_path(tmp_path: Path) -> None:
    package, tests = tmp_path / "nazh", tmp_path / "tests"
    (package / "a").mkdir(parents=True)
    (package / "a" / "__init__.py").write_text("\n" * 50)
    (package / "a" / "big.py").write_text("\n" * 40)
    (package / "a" / "small.py").write_text("\n" * 39)
    assert production_modules(package) == [package / "a" / "big.py"]
    assert mirror_of(package / "a" / "big.py", package, tests) == tests / "a" / "test_big.py"


def test_most_modules_have_their_tests_at_the_mirrored_path() -> None:
    modules = production_modules()
    missing = [str(path.relative_to(TESTS.parent)) for path in modules
               if not mirror_of(path).exists()]
    share = 1 - len(missing) / len(modules)
    assert share >= MIRRORED_AT_LEAST, (
        f"{share:.0%} of {len(modules)} modules have their test module; these have none:\n"
        + "\n".join(missing))


# -- no test module imports another -----------------------------------------------------------

def imported_test_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """The ``test_*`` modules ``tree`` imports (line, module): shared arrange code belongs in a
    kit or a fixture, not in another test module."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            found += [(node.lineno, name) for name in names if _is_test_module(name)][:1]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if _is_test_module(alias.name)]
    return found


def _is_test_module(name: str) -> bool:
    return name.rsplit(".", 1)[-1].startswith("test_")


def test_the_checker_finds_an_import_of_a_test_module() -> None:
    source = ("from tests.a.test_b import helper\nimport tests.test_c\nfrom tests import test_d\n"
              "from tests.a.kit import helper\nfrom tests.waiting import until\n")
    assert imported_test_modules(ast.parse(source)) == [
        (1, "tests.a.test_b"), (2, "tests.test_c"), (3, "tests.test_d")]


def test_no_test_module_imports_another() -> None:
    offenders = [f"{path.relative_to(TESTS.parent)}:{line} imports {module}"
                 for path in sorted(TESTS.rglob("test_*.py"))
                 for line, module in imported_test_modules(
                     ast.parse(path.read_text(encoding="utf-8")))]
    assert offenders == []


# -- waiting, not sleeping --------------------------------------------------------------------

FIXED_SLEEPS_AT_MOST = 3
"""Sleeps of a fixed time left in the suite: each a deliberate wait that no event can replace
(a window in which nothing must happen, a time the code under test measures itself)."""


def fixed_sleeps(tree: ast.AST) -> list[int]:
    """Lines of ``asyncio.sleep(c)`` / ``time.sleep(c)`` with a constant ``c`` other than 0
    (``asyncio.sleep(0)`` only yields to the loop)."""
    return sorted(node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "sleep" and isinstance(node.func.value, ast.Name)
            and node.func.value.id in {"asyncio", "time"} and node.args
            and isinstance(node.args[0], ast.Constant) and node.args[0].value != 0)


def test_the_checker_counts_fixed_sleeps_but_not_yielding_or_polling() -> None:
    source = ("async def f():\n    await asyncio.sleep(0.5)\n    await asyncio.sleep(0)\n"
              "    await asyncio.sleep(POLL)\n    time.sleep(2)\n")
    assert fixed_sleeps(ast.parse(source)) == [2, 5]


def test_the_tests_wait_for_what_they_need_rather_than_sleep() -> None:
    found = [f"{path.relative_to(TESTS.parent)}:{line}" for path in sorted(TESTS.rglob("*.py"))
             for line in fixed_sleeps(ast.parse(path.read_text(encoding="utf-8")))]
    assert len(found) <= FIXED_SLEEPS_AT_MOST, (
        "wait for the condition instead (tests/waiting.py, FakeDiscord.wait_for_*): "
        + ", ".join(found))
