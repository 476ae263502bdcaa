"""Migration 0016 (carried dice): the table comes and goes, and a die carried after it is
waiting, taken once (by one test, again by the same one), and known as carried."""

from __future__ import annotations

from nazh.adapters.storage.carried_dice import SqlCarriedDice
from nazh.application.carried.model import CarriedDie
from nazh.domain.spec import DieMode
from tests.adapters.storage.migrations.kit import added_by, newest, up_to
from tests.app_fakes import FakeClock


async def test_the_table_goes_down_and_up_and_keeps_a_die_taken_once(database_url: str) -> None:
    async with newest(database_url) as engine:
        assert await added_by(engine, "0016", before="0015") == {"carried_dice"}
        await up_to(engine)
        dice = SqlCarriedDice(engine, FakeClock())
        die = CarriedDie("hinder:0:k3v9x0q2md", "veyla00001", "Veyla", DieMode.DISADVANTAGE,
                         "a Complication (roll k3v9x0q2md)", 42)
        assert await dice.carry(die)
        assert not await dice.carry(die)
        assert await dice.waiting("veyla00001") == [die]
        assert await dice.carried(die.once)
        assert await dice.take(die.once, "first00001")
        assert await dice.take(die.once, "first00001")  # the same test, reported again
        assert not await dice.take(die.once, "other00001")
        assert await dice.waiting("veyla00001") == []
        assert not await dice.carried("ally:0:k3v9x0q2md")
