"""The chat views of a roll's terms: one row per kind of :data:`KINDS`, in the order their
lines show; what each shows above, below and at the end of the rows, its headline, and its
labels in /history."""

from __future__ import annotations

from datetime import UTC, datetime

from nazh.application.log.chain import EntryKind
from nazh.application.log.format import decode_entry
from nazh.application.rolls.logged_store import record_of
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms import KINDS
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.character import CHARACTER, RollCharacter
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import terms_of
from nazh.application.rolls.terms.physical import PHYSICAL, TableFaces
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.rolls.terms.wielded import WIELDED
from nazh.application.settings.server import Visibility
from nazh.domain.attack import Attack, Step, prepare
from nazh.domain.injury import InjuryTerms
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from nazh.domain.spending import Spent, Use
from nazh.domain.weapon_traits import Wielded
from nazh.presentation.term_views import (
    VIEWS,
    above_lines,
    after_outcome,
    below_lines,
    closing_lines,
    headline_of,
    held_views,
    outcome_of,
    standing_alone,
    step_of,
    verdict_of,
    who_of,
)
from tests.application.log.kit import CASES
from tests.fakes import FakeRng, d, script

AT = datetime(2026, 11, 24, tzinfo=UTC)
VEYLA = RollCharacter("veyla00001", "Veyla *Tarn*", "Insight", (("Awareness", 3), ("ranks", 2)))


def rolled(notation: str, rng: FakeRng, *pairs: tuple[object, object]) -> RollRecord:
    result = roll(parse_roll(notation), rng)
    return RollRecord("r1", Roller(1, 2, 3), notation, result, AT,
                      terms=terms_of(*pairs))  # type: ignore[arg-type]


def test_every_kind_has_one_view() -> None:
    assert len({view.kind.key for view in VIEWS}) == len(VIEWS)
    assert {view.kind.key for view in VIEWS} == {kind.key for kind in KINDS}


def test_a_plain_roll_shows_nothing_of_any_kind() -> None:
    record = rolled("1d20+5", script(d(20, 12)))
    assert (above_lines(record), below_lines(record), closing_lines(record)) == ([], [], [])
    assert (headline_of(record), standing_alone(record), who_of(record)) == (None, None, None)
    assert step_of(record, EntryKind.ROLL) is None
    assert (outcome_of(record), after_outcome(record)) == (None, "")


def test_a_character_shows_above_the_rows_escaped_and_names_the_roll_in_history() -> None:
    record = rolled("1d20+5", script(d(20, 12)), (CHARACTER, VEYLA))
    assert above_lines(record) == [
        "📜 **Veyla \\*Tarn\\*** — Insight +5: Awareness 3 + 2 ranks"]
    assert step_of(record, EntryKind.ROLL) == "rolled with Veyla \\*Tarn\\*"
    assert step_of(record, EntryKind.SPENT) is None
    assert who_of(record) == "Veyla \\*Tarn\\*"


def test_an_encounter_shows_above_the_rows_after_the_character_escaped() -> None:
    term = InEncounter("e1", "*Ambush*", 2, "fast-players", "Kaladin", ("Exhausted: -2",),
                       (("Exhausted", -2),), action=True)
    record = rolled("1d20+3", script(d(20, 12)), (CHARACTER, VEYLA), (ENCOUNTER, term))
    assert above_lines(record)[1] == ("⚔️ \\*Ambush\\* · round 2 · Kaladin — Exhausted: -2 · "
                                      "1 action spent")
    assert headline_of(record) is None


def test_an_attack_leads_its_message_and_says_its_outcome_and_steps() -> None:
    notation, terms = prepare("1d20+4", "1d6", 12)
    record = rolled(notation, script(d(20, 15), d(6, 3)), (ATTACK, terms))
    head = headline_of(record)
    assert head is not None
    assert (head.icon, head.word, head.color, head.footer) == ("⚔️", "Attack", None, None)
    assert verdict_of(record) == "Hit, 7 damage"
    # the arithmetic follows in small text
    assert below_lines(record)[0].startswith("-# 🎯 **Hit** (vs defense 12): **7** damage")
    grazed = rolled(notation, script(d(20, 2), d(6, 3)),
                    (ATTACK, Attack(12, 4, (Step.GRAZE,))))
    assert step_of(grazed, EntryKind.ATTACK_RECORDED) == "graze recorded"


def test_what_was_spent_shows_below_and_names_the_step() -> None:
    record = rolled("1d20", script(d(20, 20)), (SPENT, (Spent(Use.FOCUS, 7),)))
    assert below_lines(record)[0] == "🌟 Opportunity spent: Recover 1 focus (<@7>)"
    assert step_of(record, EntryKind.SPENT) == "Opportunity spent: Recover 1 focus"


def test_an_injury_stands_alone_with_its_band_s_look_and_outcome() -> None:
    record = rolled("1d20-3, 1d6, 1d8", script(d(20, 12), d(6, 4), d(8, 3)),
                    (INJURY, InjuryTerms(2, 1, 0)), (SPENT, (Spent(Use.FOCUS, 7),)))
    alone = standing_alone(record)
    assert alone is not None
    assert alone.kind is INJURY
    head = headline_of(record)
    assert head is not None
    assert (head.icon, head.word, head.color) == ("🩸", "Injury", "gold")
    assert below_lines(record)[0].startswith("**Total 9**: d20 [12]")
    assert not any("spent" in line for line in below_lines(record))
    assert outcome_of(record) == "injury 9 · shallow injury · 4 days · Exhausted -2"


def test_a_revealed_secret_closes_the_message_and_a_hidden_one_does_not() -> None:
    revealed = rolled("1d20", script(d(20, 5)),
                      (SECRET, Secret(Visibility.GM, "n" * 32, "c" * 64, 9)))
    assert closing_lines(revealed) == ["🔓 revealed by <@9> · commitment `cccccccccccc`"]
    hidden = rolled("1d20", script(d(20, 5)), (SECRET, Secret(Visibility.GM, "n", "c" * 64)))
    assert closing_lines(hidden) == []


def kept_records() -> list[RollRecord]:
    """Every kept record of every kind (the golden ones), and each without each of its
    kinds."""
    records = [record_of(decode_entry(case["entry"])) for case in CASES]
    return records + [record.with_term(kind, None) for record in records for kind in KINDS
                      if record.term(kind) is not None]


def test_a_view_answers_nothing_for_a_kind_the_record_does_not_hold() -> None:
    """What lets the result, the controls and /history ask only the views of the kinds a
    record holds (``held_views``)."""
    asked = 0
    for record in kept_records():
        assert [view.kind for view in held_views(record)] == [
            view.kind for view in VIEWS if view.unheld or record.term(view.kind) is not None]
        for view in VIEWS:
            if view.unheld or record.term(view.kind) is not None:
                continue
            asked += 1
            assert (view.above(record), view.below(record), view.closing(record),
                    view.after(record)) == ([], [], [], [])
            assert (view.headline(record), view.who(record), view.outcome(record)) == (
                None, None, None)
            assert all(view.step(record, kind) is None for kind in EntryKind)
    assert asked > 100
    assert [view.kind for view in VIEWS if view.unheld] == [SPENT]


def test_a_roll_at_the_table_says_so_above_its_rows_in_history_and_in_verify() -> None:
    record = rolled("1d20+5", script(d(20, 17)), (PHYSICAL, TableFaces((17,))),
                    (CHARACTER, VEYLA))
    assert above_lines(record)[0] == "🎲 Physical dice, rolled at the table: 17"
    assert after_outcome(record) == " · 🎲 physical"
    assert step_of(record, EntryKind.ROLL) == "rolled at the table (physical dice)"
    assert step_of(record, EntryKind.SPENT) is None
    many = rolled("1d20+5", script(d(20, 17)), (PHYSICAL, TableFaces((3,) * 40)))
    assert above_lines(many)[0].endswith("3, 3 and 10 more")


def test_a_weapon_s_traits_show_the_disadvantage_above_and_what_is_left_to_spend_below() -> None:
    """Part 6, Weapon Traits: Cumbersome's disadvantage said above the dice; a Complication
    left says Dangerous's graze of an ally and Fragile's break, an Opportunity left on a hit
    Deadly's injury; a spent Complication says them no more."""
    traits = Wielded("Pole*axe*", (4, 3), dangerous=True, deadly=True, fragile=True)
    notation, terms = prepare("d1d20+3", "1d10", 14)
    missed = rolled(notation, script(d(20, 1, 12), d(10, 4)), (ATTACK, terms), (WIELDED, traits))
    assert above_lines(missed) == [
        "🗡️ Cumbersome [4], Strength 3: disadvantage, and Slowed while wielding it"]
    below = below_lines(missed)
    # one line: the GM's choices are in their Complication select
    assert ("⚠️ A Complication lets the GM use the Pole\\*axe\\*'s Dangerous (**4** damage to an "
            "ally) and Fragile (it breaks)") in below
    assert not any("Deadly" in line for line in below)  # a miss: no injury
    spent = missed.with_term(SPENT, (Spent(Use.DRAWBACK, 9),))
    assert not any("A Complication lets" in line for line in below_lines(spent))
    hit = rolled(notation + ", p", script(d(20, 18, 19), d(10, 4), d(6, 6)),
                 (ATTACK, terms), (WIELDED, Wielded("Club", deadly=True)))
    assert "💀 Deadly: spend an Opportunity and the target suffers an injury at once" in \
        below_lines(hit)


def test_a_loaded_weapon_says_the_ammunition_it_has_left_below_the_dice() -> None:
    """Loaded [X] (part 6): each attack spends 1 stored ammunition; "As ▶, you can reload";
    the GM's Complication leaves "only one shot remaining"."""
    notation, terms = prepare("1d20+3", "1d8", 14)
    fired = rolled(notation + ", p", script(d(20, 15), d(8, 4), d(6, 2)), (ATTACK, terms),
                   (WIELDED, Wielded("Cross*bow*", loaded=(2, 3))))
    assert below_lines(fired)[1:3] == [  # after the attack's outcome
        "🏹 Cross\\*bow\\*: 2 of 3 ammunition left",
        "⚠️ A Complication lets the GM use the Cross\\*bow\\*'s Loaded (one shot left)"]
    emptied = rolled(notation, script(d(20, 15), d(8, 4)), (ATTACK, terms),
                     (WIELDED, Wielded("Crossbow", loaded=(0, 1))))
    assert below_lines(emptied)[1:] == [
        "🏹 Crossbow: no ammunition left, reload it (1 action) with /character reload"]
    # in a fight, its fighter's My turn panel holds the button that reloads it
    fighting = InEncounter("e1", "Ambush", 1, "fast-players", "Veyla Tarn", (), (), action=True)
    in_a_fight = rolled(notation, script(d(20, 15), d(8, 4)), (ATTACK, terms),
                        (WIELDED, Wielded("Crossbow", loaded=(0, 1))), (ENCOUNTER, fighting))
    assert below_lines(in_a_fight)[-1] == (
        "🏹 Crossbow: no ammunition left, reload it (1 action) with 🔄 Reload on My turn")
