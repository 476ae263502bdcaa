"""The game's words: every term named in each language with its source, none read two ways,
a skill, a condition or a damage type typed in any language Nazh speaks read as the rules'
English, and the players' glossaries current with the table."""

from __future__ import annotations

import pytest

from nazh.application.settings.language import Language
from nazh.domain.character import STANDARD_SKILLS
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.presentation.glossary import (
    KINDS,
    LANGUAGES,
    SOURCES,
    TERMS,
    folded,
    in_english,
    word_in,
)
from tests.i18n_catalogs import glossary_page, glossary_path


def test_every_term_has_a_word_and_a_known_source_in_each_language() -> None:
    for term in TERMS:
        assert term.kind in KINDS
        for language in LANGUAGES:
            word, source = term.in_language(language)
            assert word.strip() == word != "", (term, language)
            assert source in SOURCES, (term, language)


def test_the_rules_terms_nazh_reads_are_all_in_the_glossary() -> None:
    named = {(term.kind, term.english.casefold()) for term in TERMS}
    assert {("skill", info.name.casefold()) for info in STANDARD_SKILLS} <= named
    assert {("condition", name.value) for name in ConditionName} <= named
    assert {("damage type", kind.value) for kind in DamageType} <= named


@pytest.mark.parametrize("kinds", [("skill",), ("condition", "damage type")])
def test_no_word_names_two_terms_of_what_is_read_together(kinds: tuple[str, ...]) -> None:
    meanings: dict[str, set[str]] = {}
    for term in TERMS:
        if term.kind in kinds:
            for word in (term.english, term.es[0], term.pt[0], term.fr[0]):
                meanings.setdefault(folded(word), set()).add(term.english)
    assert {word: found for word, found in meanings.items() if len(found) > 1} == {}


@pytest.mark.parametrize(("typed", "english"), [
    ("perspicacia", "Insight"), ("Intuição", "Insight"), ("perspicacite", "Insight"),
    ("ARMAS LEVES", "Light Weaponry"), ("armamento-ligero", "Light Weaponry"),
    ("Insight", "Insight"), ("a surge of my own", "a surge of my own")])
def test_a_skill_is_read_in_any_language(typed: str, english: str) -> None:
    assert in_english(["skill"], typed) == english


def test_conditions_and_damage_types_are_read_in_any_language() -> None:
    kinds = ["condition", "damage type"]
    assert [in_english(kinds, word) for word in ("à terre", "Atordoado", "aturdido",
                                                 "tranchant", "Espíritu", "vital")] == [
        "Prone", "Stunned", "Stunned", "Keen", "Spirit", "Vital"]
    assert in_english(["skill"], "à terre") == "à terre"  # not a skill


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_players_glossaries_are_current(language: str) -> None:
    """``scripts/extract_messages`` writes them from the table."""
    assert glossary_path(language).read_text(encoding="utf-8") == glossary_page(language)


def test_a_term_is_written_in_the_readers_language() -> None:
    assert word_in(Language.FRENCH, "skill", "Insight") == "Perspicacité"
    assert word_in(Language.LATIN_AMERICAN_SPANISH, "skill", "light weaponry") == (
        "Armamento ligero")
    assert word_in(Language.ENGLISH, "skill", "Insight") == "Insight"
    assert word_in(None, "skill", "Insight") == "Insight"
    assert word_in(Language.FRENCH, "skill", "Surgebinding") == "Surgebinding"  # not a term
