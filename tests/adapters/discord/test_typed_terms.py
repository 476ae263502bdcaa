"""Words typed by a player in the table's language: an encounter's immunities read in Spanish,
Brazilian Portuguese or French as in English (the glossary's words, any case or accents)."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.encounters.commands import immunities_of
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType, Immunities
from nazh.domain.encounter.errors import EncounterError

PRONE_AND_KEEN = Immunities(frozenset({ConditionName.PRONE}), frozenset({DamageType.KEEN}))


@pytest.mark.parametrize("typed", ["prone, keen", "derribado, cortante", "Prostrado,Cortante",
                                   "à terre, tranchant", "A TERRE , Tranchant"])
def test_immunities_are_read_in_every_language(typed: str) -> None:
    assert immunities_of(typed) == PRONE_AND_KEEN


def test_an_unknown_word_is_still_refused_by_name() -> None:
    with pytest.raises(EncounterError, match='"mareado" is no damage type nor condition'):
        immunities_of("derribado, mareado")
