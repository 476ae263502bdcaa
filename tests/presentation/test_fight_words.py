"""The fight's words in each language are the glossary's: every condition, damage type, defense
and attribute the catalogs hold is the glossary's word for it, and a Spanish table's encounter
card reads them (its conditions, speeds, health and sides in Spanish)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from nazh.adapters.i18n.catalogs import GettextCatalogs
from nazh.application.settings.language import Language
from nazh.domain.attributes import Attribute
from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage_types import DamageType
from nazh.presentation.encounter_card import card_view
from nazh.presentation.encounter_roll import reason_text
from nazh.presentation.encounter_text import (
    condition_shown,
    followed_shown,
    purpose_shown,
    reaction_shown,
    recovered_shown,
)
from nazh.presentation.fight_words import (
    ATTRIBUTES,
    CONDITIONS,
    DAMAGE_TYPES,
    DEFENSES,
    condition_word,
)
from nazh.presentation.glossary import word_in
from nazh.presentation.i18n import Speaking, Voices
from tests.presentation.encounter_kit import T0, Scene, enemy, player, record_of

SPOKEN = (Language.SPANISH, Language.LATIN_AMERICAN_SPANISH, Language.BRAZILIAN_PORTUGUESE,
          Language.FRENCH)
TABLES: tuple[tuple[str, Mapping[str, str]], ...] = (
    ("condition", {name.title: word for name, word in CONDITIONS.items()}),
    ("damage type", dict(DAMAGE_TYPES)),
    ("defense", dict(DEFENSES)),
    ("attribute", {attribute.title: word for attribute, word in ATTRIBUTES.items()}),
)


def test_the_tables_name_every_term_of_the_domain() -> None:
    assert set(CONDITIONS) == set(ConditionName)
    assert set(DAMAGE_TYPES) == {kind.value for kind in DamageType}
    assert set(ATTRIBUTES) == set(Attribute)
    for kind, table in TABLES:
        for english, word in table.items():  # the message is the term's English
            assert word.casefold() == english.casefold(), (kind, english)


@pytest.mark.parametrize("language", SPOKEN)
def test_each_catalog_says_the_glossarys_word(language: Language) -> None:
    translator = GettextCatalogs().translator(language)
    for kind, table in TABLES:
        for english, message in table.items():
            assert translator.gettext(message).casefold() == word_in(
                language, kind, english).casefold(), (kind, english)


def test_a_spanish_tables_card_reads_the_glossarys_words() -> None:
    scene = Scene().add(player("Kaladin"), enemy("Bandit"))
    scene.act(lambda e: give_condition(e, "Kaladin", Affliction(ConditionName.EXHAUSTED, 2)))
    scene.act(lambda e: give_condition(e, "Bandit", Affliction(ConditionName.PRONE)))
    spanish = GettextCatalogs().translator(Language.SPANISH)
    with Speaking(Voices(spanish, spanish)):
        card = card_view(record_of(scene.encounter), T0)
        reason = reason_text("target Prone: advantage")
        prone = condition_word(ConditionName.PRONE)
    text = "\n".join(card.texts)
    assert "**Ambush** — Ronda 1 · Jugadores rápidos" in text
    assert "**Jugadores**" in text
    assert "**Enemigos**" in text
    assert "Agotado -2" in text.replace("\u00a0", " ")  # the glossary's Exhausted
    assert "Derribado" in text  # the glossary's Prone
    assert "lento" in text
    assert "Salud 15/15" in text.replace("\u00a0", " ")
    assert prone == word_in(Language.SPANISH, "condition", "Prone") == "Derribado"
    assert reason == "objetivo Derribado: ventaja"
    assert [button.label for button in card.buttons] == ["My turn", "GM"]  # shown translated
    assert "Exhausted" not in text


def test_the_logs_details_are_read_in_the_tables_words() -> None:
    """What the log keeps in the domain's English (a focus spent's purpose, a Recover's split,
    a sheet's focus followed, a condition's label) is shown in the language spoken."""
    french = GettextCatalogs().translator(Language.FRENCH)
    with Speaking(Voices(french, french)):
        assert purpose_shown("reactive strike") == "attaque en réaction"
        assert purpose_shown("end stunned") == "mettre fin à Étourdi"
        assert reaction_shown("dodge, Focused: no focus") == (
            "esquiver, Concentré : sans concentration")
        assert recovered_shown("4: health +3, focus +1") == (
            "4 : santé +3, concentration +1")
        assert recovered_shown("4") == "4"  # a hidden one
        assert followed_shown("graze: 3 -> 2") == "coup superficiel: 3 -> 2"
        assert condition_shown("Afflicted 3 keen (fire)") == "Affligé 3 tranchant (fire)"
        assert condition_shown("Enhanced +1 Strength") == "Amélioré +1 Force"
    assert purpose_shown("reactive strike") == "reactive strike"
