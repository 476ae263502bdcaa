"""The kinds of held effects: one row each, each read back as itself, an unreadable one refused."""

from __future__ import annotations

import pytest

from nazh.application.characters.effects import (
    KINDS,
    CountInjury,
    FollowCard,
    GainFocus,
    OneShotLeft,
    Recover,
    RefillInvestiture,
    SpendFocus,
    decode,
)
from nazh.domain.character import CharacterError, Resource
from tests.application.characters.kit import (
    CAUSES,
)


def test_every_kind_of_effect_has_a_row() -> None:
    # the card's changes a sheet follows have their table in tests/application/encounters
    assert set(CAUSES) | {FollowCard.kind, RefillInvestiture.kind} == set(KINDS)


@pytest.mark.parametrize("effect", [SpendFocus(2), GainFocus(1), CountInjury(),
                                    Recover(4, Resource.FOCUS), Recover(5, Resource.FOCUS, 2),
                                    FollowCard(-5, 1), RefillInvestiture(),
                                    OneShotLeft("Crossbow")])
def test_each_kind_reads_back_as_itself(effect: SpendFocus | GainFocus | CountInjury
                                        | Recover | FollowCard | RefillInvestiture
                                        | OneShotLeft) -> None:
    assert decode(effect.kind, effect.encode()) == effect


@pytest.mark.parametrize(("kind", "data"), [("teleport", {}), ("recover", {"points": "x"}),
                                            ("recover", {"points": 2, "first": "mana"}),
                                            ("recover", {"points": 2, "first": "investiture"})])
def test_an_unreadable_kept_effect_is_refused(kind: str, data: dict[str, int | str]) -> None:
    with pytest.raises(CharacterError):
        decode(kind, data)
