"""Interactive rolls at a table: roll, keep the roll, amend it (plot die, plot face).

Each use case owns its whole transaction: it resolves a saved roll, rolls, keeps the record
behind the :class:`RollStore` port (which also logs it, so buttons pressed later, after a
restart or on another process, find it again) and counts the roll (or its failure) behind the
:class:`RollMetrics` port. The front end only reads options, calls one use case and renders
the record it returns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from nazh.application import log_context
from nazh.application.errors import NotYourRollError, RollNotFoundError
from nazh.application.metrics import FailureReason, RollSource
from nazh.application.ports import Clock, RollMetrics, RollStore
from nazh.application.rolls import RollDice
from nazh.application.saved_rolls import SavedRolls
from nazh.domain.errors import LimitError, NazhError, NotationError, RollStateError
from nazh.domain.results import RollResult
from nazh.domain.rolling import RandomSource

log = logging.getLogger(__name__)

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


@dataclass(slots=True)
class _Tally:
    """What one use case call produced, for :meth:`TableRolls._counted`."""

    record: RollRecord | None = None

    def done(self, record: RollRecord) -> RollRecord:
        self.record = record
        return record


def visible(record: RollRecord, viewer: Roller) -> bool:
    """Whether ``viewer`` may see ``record`` where they are: in the roll's own guild (or, for
    a roll made outside any guild, outside any guild), and a private roll only its roller."""
    if record.roller.guild_id != viewer.guild_id:
        return False
    return not record.private or record.roller.user_id == viewer.user_id


class TableRolls:
    """The roll use cases behind the chat front end.

    ``received`` (every method): when the request arrived, as :func:`time.perf_counter` read it
    (``None``: now); the roll's duration metric runs from there to the record being kept.
    """

    def __init__(self, roll_dice: RollDice, store: RollStore, clock: Clock,
                 ids: RandomSource, metrics: RollMetrics, saved: SavedRolls) -> None:
        self._roll_dice = roll_dice
        self._store = store
        self._clock = clock
        self._ids = ids
        self._metrics = metrics
        self._saved = saved

    async def roll(
        self,
        notation: str,
        roller: Roller,
        *,
        add_plot: bool = False,
        dc: int | None = None,
        label: str | None = None,
        private: bool = False,
        source: RollSource = RollSource.SLASH,
        received: float | None = None,
    ) -> RollRecord:
        """Roll ``notation`` (or the roller's saved ``@name``), keep it, count it.

        Raises:
            NazhError: the notation, a limit, the DC or the saved name is invalid (nothing is
                rolled).
        """
        with self._counted(source, received) as tally:
            typed = await self._saved.resolve(roller.user_id, notation)
            result = self._roll_dice(typed, add_plot=add_plot, dc=dc)
            record = RollRecord(new_roll_id(self._ids), roller, typed, result,
                                self._clock.now(), label, private)
            await self._store.save(record)
            return tally.done(record)

    async def find(self, roll_id: str, viewer: Roller | None = None) -> RollRecord:
        """The kept roll; with ``viewer``, only if they may see it where they are: a roll
        belongs to its guild (or to direct messages), and a private roll to its roller alone.
        A roll the viewer may not see is answered exactly as an unknown one.

        Raises:
            RollNotFoundError: it is unknown or expired, or not the viewer's to see.
        """
        record = await self._store.get(roll_id)
        if record is None or (viewer is not None and not visible(record, viewer)):
            raise RollNotFoundError(
                "this roll is no longer available",
                hint="roll it again with /roll",
            )
        return record

    async def reroll(self, notation: str, roller: Roller, *, original_id: str | None,
                     received: float | None = None) -> RollRecord:
        """Roll ``notation`` publicly as a new roll with the label and DC of the original one
        (the Copy Command form), when the roller may see the original.

        Raises:
            NazhError: as :meth:`roll`.
        """
        original = await self._visible(original_id, roller)
        return await self.roll(notation, roller, source=RollSource.MODAL, received=received,
                               dc=original.result.dc if original else None,
                               label=original.label if original else None)

    async def add_plot_die(self, roll_id: str, viewer: Roller, *,
                           received: float | None = None) -> RollRecord:
        """Roll ONLY a plot die for the roll and apply its bonus (the roller only).

        Raises:
            NotYourRollError, RollNotFoundError, NazhError (already has a plot die, no room).
        """
        with self._counted(RollSource.BUTTON, received) as tally:
            record = await self._owned(roll_id, viewer, "add a plot die to")
            return tally.done(await self._amend(record,
                                                self._roll_dice.add_plot_die(record.result)))

    async def choose_plot_face(self, roll_id: str, viewer: Roller, index: int, *,
                               received: float | None = None) -> RollRecord:
        """Keep face ``index`` of the roll's pending plot die (the roller only).

        Raises:
            NotYourRollError, RollNotFoundError, RollStateError (nothing pending).
        """
        with self._counted(RollSource.BUTTON, received) as tally:
            record = await self._owned(roll_id, viewer, "choose the plot die of")
            if not record.result.pending:
                raise RollStateError("the plot die's face was already chosen")
            chosen = self._roll_dice.choose_plot_face(record.result, index)
            return tally.done(await self._amend(record, chosen))

    @contextmanager
    def _counted(self, source: RollSource, received: float | None) -> Iterator[_Tally]:
        """Count the roll made in the block, or its failure: a bad notation or limit, or an
        unexpected error (a refusal, e.g. someone else's button, is not a failed roll)."""
        started = time.perf_counter() if received is None else received
        tally = _Tally()
        try:
            yield tally
        except (NotationError, LimitError) as error:
            self._metrics.roll_failed(source, FailureReason.of(error),
                                      time.perf_counter() - started)
            raise
        except NazhError:
            raise
        except Exception:
            self._metrics.roll_failed(source, FailureReason.INTERNAL,
                                      time.perf_counter() - started)
            raise
        if tally.record is not None:
            record = tally.record
            self._metrics.rolled(source, record.result, time.perf_counter() - started)
            log_context.update(roll_id=record.roll_id)
            log.info("rolled %s (%s, v%d)", record.result.notation, source.value, record.version)

    async def _visible(self, roll_id: str | None, viewer: Roller) -> RollRecord | None:
        if roll_id is None:
            return None
        try:
            return await self.find(roll_id, viewer)
        except RollNotFoundError:
            return None

    async def _owned(self, roll_id: str, viewer: Roller, action: str) -> RollRecord:
        record = await self.find(roll_id, viewer)
        if record.roller.user_id != viewer.user_id:
            raise NotYourRollError(
                f"only the roller can {action} this roll",
                hint="roll your own dice with /roll",
            )
        return record

    async def _amend(self, record: RollRecord, result: RollResult) -> RollRecord:
        amended = replace(record, result=result, version=record.version + 1)
        await self._store.save(amended)
        return amended
