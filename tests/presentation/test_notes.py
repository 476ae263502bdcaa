"""The notes features add under a roll's result, in the table's language: each listed template is
one the application writes (word for word), each note it writes is listed, and a note is worded
in the language spoken with its fields shown as their kinds are; English stays as written."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nazh.adapters.i18n.catalogs import GettextCatalogs
from nazh.application.carried.extras import Extras
from nazh.application.encounters.owed import said
from nazh.application.rolls.model import SheetChange
from nazh.application.rolls.notes import Note
from nazh.application.settings.language import Language
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.damage import DamageType, landed
from nazh.domain.encounter.dues import Due, Part
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.hits import Landing
from nazh.domain.encounter.injury_effects import lasts
from nazh.domain.encounter.maneuvers import BasicAction
from nazh.domain.spec import DieMode
from nazh.presentation.chat import escape
from nazh.presentation.i18n import Speaking, Voices
from nazh.presentation.notes import COUNTED, NOTES, note_text, sheet_text
from nazh.presentation.sheet_words import TERMS

_CORE = [Path(__file__).resolve().parents[2] / "nazh" / layer for layer in ("application",
                                                                          "domain")]
_TREES = [ast.parse(path.read_text(encoding="utf-8"))
          for layer in _CORE for path in layer.rglob("*.py")]
WRITTEN = frozenset(node.value for tree in _TREES for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str))
"""Every string the application and the domain write (a literal split over lines: whole)."""
WORDED = frozenset(str(node.args[0].value) for tree in _TREES for node in ast.walk(tree)
                   if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                   and node.func.id == "Note" and node.args
                   and isinstance(node.args[0], ast.Constant))
"""The templates of the notes the core words as ``Note("...", ...)``."""
COUNTED_WORDED = [tuple(str(arg.value) for arg in node.args[:2] if isinstance(arg, ast.Constant))
                  for tree in _TREES for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "counted" and isinstance(node.func.value, ast.Name)
                  and node.func.value.id == "Note"]
"""The singular and plural templates of the notes whose words follow a number."""
TITLES = frozenset(action.title for action in BasicAction)
"""The basic actions' titles, which the application words from their values."""


@pytest.mark.parametrize("listed", [n for n in NOTES if n not in TITLES])
def test_each_listed_note_is_the_applications_own_words(listed: str) -> None:
    assert listed in WRITTEN


@pytest.mark.parametrize("template", sorted(WORDED))
def test_each_note_the_application_words_is_listed(template: str) -> None:
    assert template in NOTES or template in TERMS


def test_each_counted_note_is_worded_as_the_application_writes_it() -> None:
    assert len(COUNTED_WORDED) == len(COUNTED) == 2
    for singular, plural in COUNTED_WORDED:
        words = COUNTED[singular.partition(" (")[0]]
        assert (words(1), words(2)) == (singular, plural)


def test_the_constant_fields_are_listed() -> None:
    assert set(NOTES) >= TITLES
    for name in (ConditionName.SURPRISED, ConditionName.SLOWED):
        assert lasts(Affliction(name)) in NOTES


def speaking(language: Language) -> Speaking:
    translator = GettextCatalogs().translator(language)
    return Speaking(Voices(translator, translator))


def in_(language: Language, note: str) -> str:
    with speaking(language):
        return note_text(note, escape)


def landing(after: int = 14, **done: bool) -> Landing:
    return Landing(landed(8, DamageType.KEEN, deflect=2), "Bandit", 20, after, **done)


def test_an_attacks_landing_is_worded_in_the_tables_language() -> None:
    hit = said(landing(), Due(Part.HIT, 8), True)
    assert hit == "hit: 8 keen - 2 deflect = 6 -> Bandit: 20 -> 14"  # English, as it was
    assert in_(Language.ENGLISH, hit) == hit
    assert in_(Language.SPANISH, hit) == "impacto: 8 cortante - 2 de desvío = 6 -> Bandit: 20 -> 14"
    assert in_(Language.FRENCH, said(landing(), Due(Part.GRAZE, 8), False)) == (
        "coup superficiel : 8 tranchant - 2 de déviation = 6 -> Bandit")
    felled = said(landing(0, injury=True, fell=True), Due(Part.CRITICAL, 8), True)
    assert in_(Language.BRAZILIAN_PORTUGUESE, felled) == (
        "crítico: 8 cortante - 2 de deflexão = 6 -> Bandit: 20 -> 0 · Bandit fica Inconsciente e "
        "sofre uma lesão")


def test_a_refusal_in_a_note_is_worded_as_the_refusals_are() -> None:
    refused = Note("{name}'s sheet not changed: {reason}", name="Kal_",
                   reason=EncounterError("no combatant stands for the character"))
    assert refused == "Kal_'s sheet not changed: no combatant stands for the character"
    # the name is the member's (escaped as shown), the words Nazh's
    assert in_(Language.SPANISH, refused).startswith("ficha de Kal\\_ sin cambios: ")
    assert "no combatant" not in in_(Language.SPANISH, refused)


def test_a_note_within_a_note_and_a_condition_are_worded_too() -> None:
    refused = Note("{act}: {reason}", act=Note("Dodge not spent"),
                   reason=Note("there is no encounter in this channel"))
    assert in_(Language.FRENCH, refused) == (
        "Esquiver non dépensé : il n'y a pas de rencontre dans ce salon")
    effect = Note("the injury's effect: {name} is {condition} on the card ({lasts})", name="Kal",
                  condition=Condition(ConditionName.SLOWED),
                  lasts=Note(lasts(Affliction(ConditionName.SLOWED))))
    assert in_(Language.LATIN_AMERICAN_SPANISH, effect) == (
        "efecto de la herida: Kal está Ralentizado en la tarjeta (mientras dure la herida: un DJ "
        "lo quita cuando se cure)")


def test_the_extra_advantages_follow_their_number_and_name_their_sources() -> None:
    one = Extras(DieMode.ADVANTAGE, 1, ("target Prone", "Aided by Kal")).note
    two = Extras(DieMode.ADVANTAGE, 2, ("target Prone", "Aided by Kal")).note
    assert one.startswith("1 more advantage than the d20 takes (target Prone; Aided by Kal): ")
    assert in_(Language.BRAZILIAN_PORTUGUESE, one).startswith(
        "1 vantagem a mais do que o d20 aceita (alvo Prostrado; Auxiliado por Kal): ")
    assert in_(Language.BRAZILIAN_PORTUGUESE, two).startswith("2 vantagens a mais")


def test_a_sheets_change_on_a_result_is_worded_in_the_tables_language() -> None:
    moved = SheetChange("Veyla", (("focus", "3", "2"),))
    assert moved.text == "Veyla: focus 3 → 2"
    with speaking(Language.SPANISH):
        assert sheet_text(moved, escape) == "Veyla: concentración 3 → 2"
        assert sheet_text(SheetChange("Veyla", ())) == "Veyla: nada ha cambiado"
    with speaking(Language.LATIN_AMERICAN_SPANISH):
        assert sheet_text(SheetChange("Veyla", ())) == "Veyla: nada cambió"


def test_a_note_not_listed_or_plain_text_is_shown_as_written() -> None:
    assert in_(Language.FRENCH, Note("{name} did something new", name="Kal")) == (
        "Kal did something new")
    # an adapter's note, already in the table's words
    assert in_(Language.FRENCH, "Kal récupère 3") == "Kal récupère 3"
