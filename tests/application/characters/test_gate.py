"""The sheet gate: every kind of effect a roll has on a sheet, at every visibility.

The table :data:`CAUSES` has a row per kind of effect (a test fails when a kind of
:data:`~nazh.application.characters.effects.KINDS` has none): the roll that causes it and the
step after it (a graze, an Opportunity spent), with the field it moves. Each row is played at
each visibility through the real use cases: public and private rolls change the sheet at once;
while a ``gm`` or ``blind`` roll is hidden nothing anyone else can see changes (resources,
counts, audit); at its reveal the effect is applied once, with the roll's id in the audit.
"""

from __future__ import annotations

import pytest

from nazh.application.characters.effects import (
    Recover,
)
from nazh.application.characters.gate import HELD, RollEffect
from nazh.application.rolls.errors import RollNotFoundError
from nazh.application.settings.server import Visibility
from nazh.domain.character import Resource
from nazh.domain.errors import RollStateError
from tests.application.characters.kit import (
    CAUSES,
    Cause,
)
from tests.fakes import d, script
from tests.roll_sheets_kit import GM, ID_FACES, PLAYER, PLAYER_ID, VEYLA_ID, Table, request, table

SEEN = (Visibility.PUBLIC, Visibility.PRIVATE)
SECRET = (Visibility.GM, Visibility.BLIND)


def _seen(t: Table, cause: Cause) -> tuple[int, int]:
    """The moved field and the number of audit entries: what a member who sees the sheet
    sees change."""
    return cause.field(t.sheet()), len(t.characters_store.entries)


async def _caused(t: Table, cause: Cause, visibility: Visibility) -> str:
    roll_id = await cause.roll(t, visibility)
    if cause.step is not None:
        await cause.step(t, roll_id)
    return roll_id


def _applied_once(t: Table, cause: Cause, roll_id: str, audited: int) -> None:
    entries = t.characters_store.entries
    assert cause.field(t.sheet()) == cause.after
    assert roll_id in str(entries[-1].reason)
    assert entries[-1].user_id == cause.by
    assert len(entries) > audited
    assert len(t.characters_store.onces) == cause.onces


@pytest.mark.parametrize(("kind", "visibility"), [
    (kind, visibility) for kind in sorted(CAUSES) for visibility in SEEN
    # a GM's step on a roll only its roller sees: no GM to take it (the test above)
    if not (visibility is Visibility.PRIVATE and CAUSES[kind].by != PLAYER_ID
            and CAUSES[kind].step is not None)])
async def test_a_roll_the_table_may_see_changes_the_sheet_at_once(
        kind: str, visibility: Visibility) -> None:
    cause = CAUSES[kind]
    t = table(cause.dice(), focus=cause.focus)
    before = _seen(t, cause)
    roll_id = await _caused(t, cause, visibility)
    assert before[0] == cause.before
    _applied_once(t, cause, roll_id, before[1])
    assert t.held.effects == {}


GM_STEPPED = sorted(kind for kind, cause in CAUSES.items()
                    if cause.by != PLAYER_ID and cause.step is not None)
"""Kinds a GM's step causes (a Complication spent)."""


@pytest.mark.parametrize("kind", GM_STEPPED)
async def test_a_gm_cannot_step_on_a_roll_only_its_roller_sees(kind: str) -> None:
    cause = CAUSES[kind]
    assert cause.step is not None
    t = table(cause.dice(), focus=cause.focus)
    roll_id = await cause.roll(t, Visibility.PRIVATE)
    rolled = _seen(t, cause)  # what the roll changed of itself (a Loaded weapon's shot)
    with pytest.raises(RollNotFoundError):
        await cause.step(t, roll_id)
    assert _seen(t, cause) == rolled


STEPPED = sorted(kind for kind, cause in CAUSES.items() if cause.step is not None)
"""Kinds a step after the roll causes (a graze, an Opportunity spent)."""
ROLLED = sorted(kind for kind, cause in CAUSES.items() if cause.step is None)
"""Kinds the roll itself causes (an injury counted, a short rest's recovery)."""


async def _step(t: Table, cause: Cause, roll_id: str) -> object:
    assert cause.step is not None
    return await cause.step(t, roll_id)


@pytest.mark.parametrize("kind", ROLLED)
@pytest.mark.parametrize("visibility", SECRET, ids=lambda v: v.value)
async def test_a_hidden_roll_s_effect_is_held_until_its_reveal_then_applied_once(
        kind: str, visibility: Visibility) -> None:
    cause = CAUSES[kind]
    t = table(cause.dice(), focus=cause.focus)
    before = _seen(t, cause)
    roll_id = await cause.roll(t, visibility)
    assert _seen(t, cause) == before
    assert t.characters_store.onces == {}
    assert [held.roll_id for held in t.held.effects.values()] == [roll_id]
    revealed = await t.reveals.reveal(roll_id, GM)
    assert revealed.sheet is not None
    assert revealed.sheet.changes != ()
    _applied_once(t, cause, roll_id, before[1])
    assert t.held.effects == {}
    with pytest.raises(RollStateError, match="already public"):
        await t.reveals.reveal(roll_id, GM)
    _applied_once(t, cause, roll_id, before[1])


@pytest.mark.parametrize("kind", STEPPED)
@pytest.mark.parametrize("visibility", SECRET, ids=lambda v: v.value)
async def test_a_hidden_roll_s_step_waits_for_its_reveal_then_applies_once(
        kind: str, visibility: Visibility) -> None:
    cause = CAUSES[kind]
    t = table(cause.dice(), focus=cause.focus)
    before = _seen(t, cause)
    roll_id = await cause.roll(t, visibility)
    with pytest.raises(RollStateError, match="must be revealed"):
        await _step(t, cause, roll_id)
    assert _seen(t, cause) == before
    revealed = await t.reveals.reveal(roll_id, GM)
    # the roll's own change (a Loaded weapon's shot) was held until now; the step's waits
    assert (revealed.sheet is None) is (cause.between is None)
    assert _seen(t, cause)[0] == (cause.before if cause.between is None else cause.between)
    await _step(t, cause, roll_id)
    _applied_once(t, cause, roll_id, before[1])
    assert t.held.effects == {}


async def test_a_held_effect_is_said_held_to_whoever_reads_the_secret_result() -> None:
    t = table(script(d(6, 2), ID_FACES), focus=1)
    rolled = await t.rolls.short_rest(PLAYER, request(visibility=Visibility.GM))
    assert rolled.sheet is not None
    assert rolled.sheet.text == f"Veyla Tarn: {HELD}"
    assert [held.kind for held in t.held.effects.values()] == ["recover"]


async def test_an_effect_whose_character_is_gone_at_the_reveal_is_dropped_and_said() -> None:
    t = table(script(d(6, 2), ID_FACES), focus=1)
    rolled = await t.rolls.short_rest(PLAYER, request(visibility=Visibility.BLIND))
    await t.characters_store.delete(VEYLA_ID)
    revealed = await t.reveals.reveal(rolled.record.roll_id, GM)
    assert revealed.sheet is not None
    assert revealed.sheet.text.startswith("The roll's character: not changed: ")
    assert t.held.effects == {}


async def test_a_held_effect_is_held_once_however_often_it_is_asked() -> None:
    t = table(script(d(6, 2), ID_FACES), focus=1)
    rolled = await t.rolls.short_rest(PLAYER, request(visibility=Visibility.GM))
    effect = RollEffect(rolled.record.roll_id, VEYLA_ID, Recover(2, Resource.FOCUS),
                        f"rest:{rolled.record.roll_id}", "short rest")
    await t.sheets.apply(PLAYER, effect, hidden=True)
    assert len(t.held.effects) == 1


