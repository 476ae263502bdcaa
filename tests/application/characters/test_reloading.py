"""``/character reload`` and the action it costs in a fight (the starter rules, part 6, Weapon
Traits, Loaded [X]: "As ▶, you can reload this weapon to full ammunition")."""

from __future__ import annotations

import pytest

from nazh.application.characters.ports import ActionSpent
from nazh.application.characters.reloading import IN_A_FIGHT, Reloading
from nazh.application.encounters.sheet_actions import SheetActions
from nazh.application.settings.server import Member
from nazh.domain.encounter.events import EventKind
from nazh.domain.errors import NazhError
from tests.fakes import FakeRng
from tests.roll_sheets_kit import GM, PLAYER, ROLLER, VEYLA_ID, Table, fight, table, veyla_in_fight

CHANNEL = ROLLER.channel_id


def reloading(t: Table) -> Reloading:
    return Reloading(t.characters, SheetActions(t.encounter_changes, t.encounters))


async def emptied(t: Table) -> None:
    await t.characters.change(PLAYER, VEYLA_ID, lambda sheet: sheet.storing("Crossbow", 0))


def stored(t: Table) -> int | None:
    return t.sheet().weapon("Crossbow").stored


async def test_outside_a_fight_a_reload_spends_nothing() -> None:
    t = table(FakeRng())
    await emptied(t)
    reloaded = await reloading(t).reload(PLAYER, None, "Crossbow", channel_id=CHANNEL, once="1")
    assert reloaded.spent is None
    assert reloaded.changed.changes == (("ammunition Crossbow", "0", "3"),)
    assert stored(t) is None  # full


async def test_in_its_turn_a_reload_spends_one_action_once_per_interaction() -> None:
    t = table(FakeRng())
    await fight(t)
    await emptied(t)
    reload = reloading(t)
    first = await reload.reload(PLAYER, None, "Crossbow", channel_id=CHANNEL, once="7")
    assert first.spent == ActionSpent("Veyla Tarn", 1)
    # the same interaction again (a retry): nothing more is spent or changed
    again = await reload.reload(PLAYER, None, "Crossbow", channel_id=CHANNEL, once="7")
    assert again.changed.changes == ()
    assert (await veyla_in_fight(t)).turn.actions == 1
    record = await t.encounter_changes.current(CHANNEL)
    log = [entry.kind for entry in await t.encounter_store.log(record.encounter_id, 100)]
    assert log.count(EventKind.ACTION_SPENT.value) == 1


async def test_out_of_its_turn_the_reload_is_refused_with_what_it_costs() -> None:
    t = table(FakeRng())
    await fight(t, turn=False)
    await emptied(t)
    with pytest.raises(NazhError) as refused:
        await reloading(t).reload(PLAYER, None, "Crossbow", channel_id=CHANNEL, once="1")
    assert refused.value.reason == ("Veyla Tarn is not taking a turn now: actions are spent "
                                    "during its own turn")
    assert refused.value.hint == IN_A_FIGHT
    assert stored(t) == 0


async def test_with_no_action_left_the_reload_is_refused() -> None:
    t = table(FakeRng())
    await fight(t)
    await emptied(t)
    reload = reloading(t)
    await reload.reload(PLAYER, None, "Crossbow", channel_id=CHANNEL, once="1")
    await emptied(t)
    await reload.reload(PLAYER, None, "Crossbow", channel_id=CHANNEL, once="2")
    await emptied(t)
    with pytest.raises(NazhError, match="Veyla Tarn has no action left this turn"):
        await reload.reload(PLAYER, None, "Crossbow", channel_id=CHANNEL, once="3")
    assert stored(t) == 0


async def test_a_full_weapon_or_one_without_loaded_costs_no_action() -> None:
    t = table(FakeRng())
    await fight(t)
    reload = reloading(t)
    full = await reload.reload(PLAYER, None, "Crossbow", channel_id=CHANNEL, once="1")
    assert (full.changed.changes, full.spent) == ((), None)
    with pytest.raises(NazhError, match="Spear stores no ammunition"):
        await reload.reload(PLAYER, None, "Spear", channel_id=CHANNEL, once="2")
    assert (await veyla_in_fight(t)).turn.actions == 2


async def test_a_gm_reloads_for_the_player_in_its_turn_and_another_player_may_not() -> None:
    t = table(FakeRng())
    await fight(t)
    await emptied(t)
    with pytest.raises(NazhError):
        await reloading(t).reload(Member(999, PLAYER.guild_id), "Veyla Tarn", "Crossbow",
                                  channel_id=CHANNEL, once="1")
    reloaded = await reloading(t).reload(GM, "Veyla Tarn", "Crossbow", channel_id=CHANNEL,
                                         once="2")
    assert reloaded.spent == ActionSpent("Veyla Tarn", 1)
