"""My turn's reloads: the presser's fighting sheets' Loaded weapons short of ammunition, each
reloaded for an action (the starter rules, part 6, Weapon Traits, Loaded [X]: "As ▶, you can
reload this weapon to full ammunition")."""

from __future__ import annotations

import pytest

from nazh.application.characters.ports import ActionSpent
from nazh.application.characters.reloading import Reloading
from nazh.application.encounters.reloads import PanelReloads, Reloadable
from nazh.application.encounters.sheet_actions import SheetActions
from nazh.application.settings.server import Member
from nazh.domain.errors import NazhError
from tests.fakes import FakeRng
from tests.roll_sheets_kit import GM, OTHER, PLAYER, ROLLER, VEYLA_ID, Table, fight, table

CHANNEL = ROLLER.channel_id


def reloads(t: Table) -> PanelReloads:
    return PanelReloads(t.characters, Reloading(
        t.characters, SheetActions(t.encounter_changes, t.encounters)))


async def offered(t: Table, member: Member = PLAYER) -> tuple[Reloadable, ...]:
    record = await t.encounter_changes.current(CHANNEL)
    return await reloads(t).of(member, record)


async def emptied(t: Table, stored: int = 0) -> None:
    await t.characters.change(PLAYER, VEYLA_ID, lambda sheet: sheet.storing("Crossbow", stored))


async def test_a_weapon_short_of_ammunition_is_offered_while_its_turn_has_an_action() -> None:
    t = table(FakeRng())
    await fight(t)
    assert await offered(t) == ()  # full: nothing to reload
    await emptied(t, 1)
    index = t.sheet().weapons.index(t.sheet().weapon("Crossbow"))
    assert await offered(t) == (Reloadable("Veyla Tarn", VEYLA_ID, index, "Crossbow", 1, 3,
                                           able=True),)
    # another member (the GM included) is offered none of the player's reloads
    assert await offered(t, GM) == ()
    assert await offered(t, OTHER) == ()


async def test_out_of_its_turn_the_reload_is_offered_but_not_able() -> None:
    t = table(FakeRng())
    await fight(t, turn=False)
    await emptied(t)
    [reload] = await offered(t)
    assert not reload.able


async def test_the_reload_spends_an_action_and_fills_the_weapon() -> None:
    t = table(FakeRng())
    await fight(t)
    await emptied(t)
    [reload] = await offered(t)
    done = await reloads(t).reload(PLAYER, CHANNEL, VEYLA_ID, reload.index, once="5")
    assert done.spent == ActionSpent("Veyla Tarn", 1)
    assert t.sheet().weapon("Crossbow").stored is None  # full
    assert await offered(t) == ()


async def test_a_weapon_removed_since_the_panel_was_drawn_is_said() -> None:
    t = table(FakeRng())
    await fight(t)
    with pytest.raises(NazhError, match="Veyla Tarn no longer has that weapon"):
        await reloads(t).reload(PLAYER, CHANNEL, VEYLA_ID, 40, once="5")


async def test_another_members_press_changes_nothing() -> None:
    t = table(FakeRng())
    await fight(t)
    await emptied(t)
    [reload] = await offered(t)
    with pytest.raises(NazhError):
        await reloads(t).reload(OTHER, CHANNEL, VEYLA_ID, reload.index, once="5")
    assert t.sheet().weapon("Crossbow").stored == 0
