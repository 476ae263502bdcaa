"""Shared arrange code of the roll use cases' tests: the rollers, the scripted roll ids, the table
of actions in memory."""

from __future__ import annotations

from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.model import (
    Roller,
    RollStamps,
)
from nazh.application.rolls.ports import RollStore
from nazh.application.saved.shelves import SavedRoll, SavedRolls
from nazh.application.settings.server import Member
from nazh.application.shared.ids import ROLL_ID_ALPHABET
from tests.app_fakes import FakeClock, FakeRollMetrics, FakeSavedRollStore
from tests.fakes import FakeRng, d

ROLLER = Roller(user_id=111, channel_id=222, guild_id=333)
ID_FACES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)  # -> "0123456789"
ROLL_ID = "0123456789"


def ids(*faces: int) -> list[tuple[int, int]]:
    """Script lines for the 10 draws of a roll id."""
    return d(len(ROLL_ID_ALPHABET), *faces)


def table(rng: FakeRng, store: RollStore | None = None, clock: FakeClock | None = None,
          metrics: FakeRollMetrics | None = None,
          *saved_rolls: SavedRoll) -> tuple[RollActions, RollStore]:
    """A RollActions whose dice and ids share one scripted source."""
    kept = store if store is not None else InMemoryRollStore(clock or FakeClock())
    return RollActions(RollDice(rng), kept, RollStamps(clock or FakeClock(), rng),
                      metrics or FakeRollMetrics(),
                      SavedRolls(FakeSavedRollStore(*saved_rolls))), kept


OTHER_USER = 999


def gm_at(roller: Roller) -> Member:
    """``roller`` as a GM of their server (no gm-role set: a Manage Server holder)."""
    return Member(roller.user_id, roller.guild_id, manages_guild=True,
                  channel_id=roller.channel_id)


OTHER = Roller(user_id=OTHER_USER, channel_id=222, guild_id=333)
