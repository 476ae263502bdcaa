"""An injury roll as people read it (its lines and one-line summary) and as its public JSON."""

from __future__ import annotations

from nazh.domain.injury import Injury, InjuryTerms, roll_injury
from nazh.domain.results import RollResult
from nazh.presentation.injury import (
    INJURY_JSON_VERSION,
    duration_text,
    injury_lines,
    injury_summary,
    injury_to_dict,
    terms_text,
)
from nazh.presentation.rows import PlainMarkup
from tests.fakes import d, script

SHALLOW = InjuryTerms(deflect=2, injuries=1, modifier=0)


def shallow() -> tuple[Injury, RollResult]:
    """d20 14 - 3 = 11: a shallow injury of 4 days, Slowed."""
    result = roll_injury(SHALLOW, script(d(20, 14), d(6, 4), d(8, 5)))
    return Injury.of(SHALLOW, result), result


def test_the_terms_read_as_what_was_added_to_the_d20() -> None:
    assert terms_text(SHALLOW) == "deflect +2, modifier +0, 1 injury taken (-5)"
    assert terms_text(InjuryTerms(injuries=2, modifier=-1)) == (
        "deflect +0, modifier -1, 2 injuries taken (-10)")


def test_the_lines_give_the_total_the_band_with_its_days_and_the_effect() -> None:
    hurt, result = shallow()
    assert duration_text(hurt, result) == "4 days (1d6 [4])"
    assert injury_lines(hurt, result, PlainMarkup()) == [
        "Total 11: d20 [14], deflect +2, modifier +0, 1 injury taken (-5)",
        "Shallow injury: 4 days (1d6 [4])",
        "Effect: Slowed (d8 [5])"]
    assert injury_summary(hurt) == "11 · shallow injury · 4 days · Slowed"


def test_death_has_no_days_and_no_effect() -> None:
    terms = InjuryTerms(injuries=2)
    result = roll_injury(terms, script(d(20, 1)))
    hurt = Injury.of(terms, result)
    assert duration_text(hurt, result) == hurt.band.duration
    assert len(injury_lines(hurt, result, PlainMarkup())) == 2
    assert injury_summary(hurt) == "-9 · death"


def test_the_json_holds_the_terms_the_dice_and_the_outcome() -> None:
    hurt, result = shallow()
    assert injury_to_dict(hurt, result, seed=7) == {
        "version": INJURY_JSON_VERSION, "seed": 7, "notation": "1d20-3, 1d6, 1d8",
        "deflect": 2, "injuries": 1, "modifier": 0, "bonus": -3, "natural": 14, "total": 11,
        "band": "shallow", "days": 4, "days_dice": [4],
        "effect": {"natural": 5, "name": "Slowed"}}
