"""Interactive rolls at a table: roll, keep the roll, amend it (plot die, plot face).

A front end (Discord) calls these use cases; every roll is kept behind the :class:`RollStore`
port so that buttons pressed later, after a restart or on another process, find it again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from nazh.application.errors import NotYourRollError, RollNotFoundError
from nazh.application.ports import Clock, RollStore
from nazh.application.rolls import RollDice
from nazh.domain.errors import RollStateError
from nazh.domain.results import RollResult
from nazh.domain.rolling import RandomSource

ROLL_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base 32, lower case
ROLL_ID_LENGTH = 10


@dataclass(frozen=True, slots=True)
class Roller:
    """Who rolled, and where."""

    user_id: int
    channel_id: int
    guild_id: int | None = None


@dataclass(frozen=True, slots=True)
class RollRecord:
    """A roll as kept for its buttons: ``version`` grows with each amendment."""

    roll_id: str
    roller: Roller
    notation: str
    result: RollResult
    created_at: datetime
    label: str | None = None
    private: bool = False
    version: int = 1


def new_roll_id(rng: RandomSource) -> str:
    """A short random roll id, e.g. ``k3v9x0q2md`` (50 bits)."""
    size = len(ROLL_ID_ALPHABET)
    return "".join(ROLL_ID_ALPHABET[rng.roll(size) - 1] for _ in range(ROLL_ID_LENGTH))


class TableRolls:
    """The roll use cases behind the chat front end."""

    def __init__(self, roll_dice: RollDice, store: RollStore, clock: Clock,
                 ids: RandomSource) -> None:
        self._roll_dice = roll_dice
        self._store = store
        self._clock = clock
        self._ids = ids

    async def roll(
        self,
        notation: str,
        roller: Roller,
        *,
        add_plot: bool = False,
        dc: int | None = None,
        label: str | None = None,
        private: bool = False,
    ) -> RollRecord:
        """Roll and keep the roll.

        Raises:
            NazhError: the notation, a limit or the DC is invalid (nothing is rolled).
        """
        result = self._roll_dice(notation, add_plot=add_plot, dc=dc)
        record = RollRecord(new_roll_id(self._ids), roller, notation, result,
                            self._clock.now(), label, private)
        await self._store.save(record)
        return record

    async def find(self, roll_id: str) -> RollRecord:
        """The kept roll.

        Raises:
            RollNotFoundError: it is unknown or expired.
        """
        record = await self._store.get(roll_id)
        if record is None:
            raise RollNotFoundError(
                "this roll is no longer available",
                hint="roll it again with /roll",
            )
        return record

    async def add_plot_die(self, roll_id: str, user_id: int) -> RollRecord:
        """Roll ONLY a plot die for the roll and apply its bonus (the roller only).

        Raises:
            NotYourRollError, RollNotFoundError, NazhError (already has a plot die, no room).
        """
        record = await self._owned(roll_id, user_id, "add a plot die to")
        return await self._amend(record, self._roll_dice.add_plot_die(record.result))

    async def choose_plot_face(self, roll_id: str, user_id: int, index: int) -> RollRecord:
        """Keep face ``index`` of the roll's pending plot die (the roller only).

        Raises:
            NotYourRollError, RollNotFoundError, RollStateError (nothing pending).
        """
        record = await self._owned(roll_id, user_id, "choose the plot die of")
        if not record.result.pending:
            raise RollStateError("the plot die's face was already chosen")
        return await self._amend(record, self._roll_dice.choose_plot_face(record.result, index))

    async def _owned(self, roll_id: str, user_id: int, action: str) -> RollRecord:
        record = await self.find(roll_id)
        if record.roller.user_id != user_id:
            raise NotYourRollError(
                f"only the roller can {action} this roll",
                hint="roll your own dice with /roll",
            )
        return record

    async def _amend(self, record: RollRecord, result: RollResult) -> RollRecord:
        amended = replace(record, result=result, version=record.version + 1)
        await self._store.save(amended)
        return amended
