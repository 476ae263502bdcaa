"""The documentation holds together: every local link resolves (file and heading), every page
in ``docs/`` is linked from the README, the README and the benchmarks' page stay short, and the
encounter walkthrough shows the cards the code renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.encounter_walkthrough_kit import PAGE, page_cards, walkthrough_cards, with_cards

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
BENCHMARKS = REPO / "benchmarks" / "README.md"
PAGES = sorted([README, REPO / "CHANGELOG.md", BENCHMARKS, *(REPO / "docs").glob("*.md")])
README_MAX_BYTES = 12_500
# a reference (each benchmark, its target, its latest figures), not a diary: the runs' history is
# in git (issue "What follows a roll is a table of handlers": at most about 25 KB)
BENCHMARKS_MAX_BYTES = 25_600

FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
TARGET = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.MULTILINE)
EXTERNAL = ("http://", "https://", "mailto:")


def prose(path: Path) -> str:
    """The page without its fenced code blocks."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def links(path: Path) -> list[str]:
    """The targets of the page's links and images, outside code."""
    return TARGET.findall(CODE_SPAN.sub("", prose(path)))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a page (a repeated heading gets ``-1``, ``-2``...)."""
    found: set[str] = set()
    for heading in HEADING.findall(prose(path)):
        anchor = base = slug(heading)
        repeat = 0
        while anchor in found:
            repeat += 1
            anchor = f"{base}-{repeat}"
        found.add(anchor)
    return found


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in links(path):
        if target.startswith(EXTERNAL):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no such heading in {linked.name}")
    return broken


def test_the_slug_is_githubs() -> None:
    assert slug("`engine.py`: Nazh's dice engine against avrae's `d20`") \
        == "enginepy-nazhs-dice-engine-against-avraes-d20"
    assert slug("Secret rolls (`gm`, `blind`), fairly") == "secret-rolls-gm-blind-fairly"


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n[ok](#title) [gone](missing.md) [nowhere](#nope)\n"
                    "```\n[in code](ignored.md)\n```\n")
    assert broken_links(page) == ["missing.md: no such file",
                                  "#nope: no such heading in page.md"]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(REPO)))
def test_every_local_link_resolves(page: Path) -> None:
    assert broken_links(page) == []


def test_the_readme_links_every_docs_page() -> None:
    linked = {(README.parent / target.partition("#")[0]).resolve() for target in links(README)}
    assert [page.name for page in sorted((REPO / "docs").glob("*.md"))
            if page.resolve() not in linked] == []


def test_the_readme_stays_short() -> None:
    assert README.stat().st_size <= README_MAX_BYTES


def test_the_benchmarks_page_stays_a_reference() -> None:
    assert BENCHMARKS.stat().st_size <= BENCHMARKS_MAX_BYTES


def test_the_encounter_walkthrough_shows_the_cards_the_code_renders() -> None:
    rendered = walkthrough_cards()
    shown = page_cards(PAGE.read_text(encoding="utf-8"))
    assert list(shown.items()) == list(rendered.items()), (
        "docs/encounters.md's cards differ from the card Nazh renders: write them again with "
        "`python -m tests.encounter_walkthrough_kit --write`, then read the prose around them")


def test_the_walkthrough_rewrites_a_pages_cards_and_nothing_else() -> None:
    page = ("# Page\n\n<!-- card: a -->\n```text\nold\nlines\n```\nprose\n\n"
            "<!-- card: b -->\n```text\n```\n\n```text\nnot a card\n```\n")
    assert page_cards(page) == {"a": "old\nlines", "b": ""}
    written = with_cards(page, {"a": "**A**", "b": "B\n\nb"})
    assert written == ("# Page\n\n<!-- card: a -->\n```text\n**A**\n```\nprose\n\n"
                       "<!-- card: b -->\n```text\nB\n\nb\n```\n\n```text\nnot a card\n```\n")
    assert page_cards(written) == {"a": "**A**", "b": "B\n\nb"}
