"""The test suite keeps its own standards: no assertion only runs when an ``if`` allows it.

An ``assert`` nested under an ``if``/``else`` inside a test function checks nothing on the runs
where the branch is not taken (with random dice, most runs). Script the dice, split the test or
parametrize it instead. This walks every ``tests/**/test_*.py`` like the project's review hook.
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
