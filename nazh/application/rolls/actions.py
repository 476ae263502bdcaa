"""Interactive rolls at a table: roll, keep, count, find and show by the visibility rule."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TypeVar

from nazh.application.log.chain import EntryKind
from nazh.application.rolls.access import SECRET, Act, Viewer, channel_of, check, not_found
from nazh.application.rolls.arrival import Arrival, arrived
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.errors import RollConflictError
from nazh.application.rolls.metrics import FailureReason, RollMetrics, RollSource
from nazh.application.rolls.model import (
    Roller,
    RollRecord,
    RollRequest,
    RollStamps,
    visible,
)
from nazh.application.rolls.ports import RollStore
from nazh.application.rolls.secrets import commit
from nazh.application.rolls.terms import KINDS
from nazh.application.rolls.terms.changes import CHANGES
from nazh.application.rolls.terms.codec import committed_payload
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import Terms
from nazh.application.rolls.terms.physical import at_table
from nazh.application.rolls.terms.secret import SECRET as SECRET_TERM
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import (
    DEFAULTS,
    AnswerFormat,
    GuildSettings,
    Member,
    ServerSettings,
    Visibility,
    is_gm,
)
from nazh.application.shared import logging_context as log_context
from nazh.application.shared.places import reaches
from nazh.domain.amend import DieChange
from nazh.domain.errors import LimitError, NazhError, NotationError, RollStateError
from nazh.domain.evolve import evolved
from nazh.domain.injury import InjuryTerms
from nazh.domain.limits import MIN_DC
from nazh.domain.ranges import DEFAULT_RANGES, ranges_for
from nazh.domain.results import RollResult

log = logging.getLogger(__name__)

T = TypeVar("T")

INJURY_LABEL = "Injury"
"""The label of an injury roll made without one."""


class Counting:
    """The block of :meth:`RollActions.counted`: counts the roll it produced, or its failure."""

    # A class, not a generator-made context manager: a counted roll took 34,000 instructions, not
    # 42,000.
    __slots__ = ("_metrics", "_source", "_started", "record")

    def __init__(self, metrics: RollMetrics, source: RollSource, started: float) -> None:
        self._metrics = metrics
        self._source = source
        self._started = started
        self.record: RollRecord | None = None

    def counted(self, record: RollRecord) -> RollRecord:
        """Count ``record`` when the block ends (and pass it on)."""
        self.record = record
        return record

    def __enter__(self) -> Counting:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if error is None:
            record = self.record
            if record is not None:
                self._metrics.rolled(self._source, record.result,
                                     time.perf_counter() - self._started)
                log_context.update(roll_id=record.roll_id)
                log.info("rolled %s (%s, v%d)", record.result.notation, self._source.value,
                         record.version)
        elif isinstance(error, NotationError | LimitError):
            self._metrics.roll_failed(self._source, FailureReason.of(error),
                                      time.perf_counter() - self._started)
        # A refusal (someone else's button) is a NazhError, not a failed roll.
        elif isinstance(error, Exception) and not isinstance(error, NazhError):
            self._metrics.roll_failed(self._source, FailureReason.INTERNAL,
                                      time.perf_counter() - self._started)


class RollActions:
    """Rolls at a table: made, found and shown by the visibility rule; the shared steps."""

    def __init__(self, roll_dice: RollDice, store: RollStore,  # noqa: PLR0913 - its collaborators
                 stamps: RollStamps, metrics: RollMetrics, saved: SavedRolls,
                 settings: GuildSettings | None = None, *,
                 arrival: Arrival | None = None) -> None:
        self._settings = settings
        # how long a click waits for a fresh roll another process made (None: no other process)
        self._arrival = arrival
        self._roll_dice = roll_dice
        self._store = store
        self._stamps = stamps
        self._metrics = metrics
        self._saved = saved

    @property
    def dice(self) -> RollDice:
        return self._roll_dice

    async def save(self, record: RollRecord) -> None:
        await self._store.save(record)

    async def roll(self, request: RollRequest) -> RollRecord:
        """Roll the request's notation (or the roller's saved ``@name``), keep it, count it."""
        # gm and blind rolls are committed to (see nazh.application.rolls.secrets)
        roller = request.roller
        with self.counted(request.source, request.received) as tally:
            ranges = ranges_for(request.opportunity, request.complication)
            chosen = await self._visibility(request.visibility, roller, request.server)
            typed = await self._saved.resolve(roller.user_id, request.notation,
                                              roller.channel_id, roller.guild_id)
            result = self._roll_dice(typed, add_plot=request.add_plot, dc=request.dc,
                                     ranges=ranges, least_dc=_least_dc(request.terms),
                                     faces=at_table(request.terms))
            record = RollRecord(self._stamps.new_id(), roller, typed, result,
                                self._stamps.clock.now(), request.label,
                                chosen is Visibility.PRIVATE,
                                terms=_committed(result, request.terms, chosen))
            await self._store.save(record)
            return tally.counted(record)

    async def roll_injury(self, terms: InjuryTerms, request: RollRequest) -> RollRecord:
        """An injury roll with ``terms``, kept and counted as ``request`` (not its notation)."""
        roller = request.roller
        with self.counted(request.source, request.received) as tally:
            terms.check()
            chosen = await self._visibility(request.visibility, roller, request.server)
            result = self._roll_dice.injury(terms)
            record = RollRecord(self._stamps.new_id(), roller, result.notation, result,
                                self._stamps.clock.now(), request.label or INJURY_LABEL,
                                chosen is Visibility.PRIVATE, terms=_committed(
                                    result, request.terms.with_term(INJURY, terms), chosen))
            await self._store.save(record)
            return tally.counted(record)

    async def _visibility(self, asked: Visibility | None, roller: Roller,
                          server: ServerSettings | None) -> Visibility:
        """The visibility asked for, else the server's default; a secret roll needs a server."""
        chosen = asked or (server.default_visibility if server is not None
                           else await self.default_visibility(roller.guild_id))
        if chosen in SECRET and roller.guild_id is None:
            raise RollStateError("a {visibility} roll needs a server (its GMs see it)",
                                 hint="roll with visibility:private here",
                                 fields={"visibility": chosen.value})
        return chosen

    async def default_visibility(self, guild_id: int | None) -> Visibility:
        """The server's default visibility (public outside a server)."""
        if self._settings is None or guild_id is None:
            return Visibility.PUBLIC
        return (await self._settings.of(guild_id)).default_visibility

    async def show(self, roll_id: str, member: Member) -> RollRecord:
        """The roll, for a viewer who may see its result."""
        return await self.acted_on(roll_id, member, Act.VIEW)

    async def acted_on(self, roll_id: str, member: Member, act: Act | Callable[[RollRecord], Act],
                       *, in_channel: bool = False) -> RollRecord:
        """The roll, if ``member`` may take ``act`` on it (``in_channel``: the channel sees all).

        ``act`` may be a function of the roll (whose choice a pending face is depends on it)."""
        record = await self._kept(roll_id)
        if record is None or not reaches(member.place, record.place):
            raise not_found()
        if not isinstance(act, Act):
            act = act(record)
        check(record.facts, await self.viewer(member), act)
        if act in _NOT_ON_FIXED_DICE and any(
                record.term(kind) is not None for kind in _FIXED_DICE):
            raise RollStateError("an injury roll's dice are not changed or copied",
                                 hint="roll a new injury with /injury")
        if act in _NEW_FACES and any(
                record.term(kind) is not None for kind in _TABLE_DICE):
            raise RollStateError("this roll's dice were rolled at the table: Nazh draws no "
                                 "new face for them",
                                 hint="roll that die at the table and roll again with "
                                      "physical:")
        if in_channel:
            check(record.facts, channel_of(member.guild_id), Act.PUBLISH)
        return record

    async def viewer(self, member: Member) -> Viewer:
        """``member`` as the visibility rule sees them (a GM or not, by the server's settings)."""
        return Viewer(member.user_id, member.guild_id,
                      is_gm(await self.settings_of(member), member))

    async def allows_reroll(self, guild_id: int | None) -> bool:
        """The server's allow-reroll (off outside a server)."""
        if self._settings is None or guild_id is None:
            return False
        return (await self._settings.of(guild_id)).allow_reroll

    async def answers_compact(self, guild_id: int | None) -> bool:
        """Whether the server's answer-format is compact (full outside a server)."""
        if self._settings is None or guild_id is None:
            return False
        return (await self._settings.of(guild_id)).answer_format is AnswerFormat.COMPACT

    async def settings_of(self, member: Member) -> ServerSettings:
        if self._settings is None:
            return DEFAULTS
        return await self._settings.of(member.guild_id)

    async def find(self, roll_id: str, viewer: Roller | None = None) -> RollRecord:
        """The kept roll; with ``viewer``, only if they may see it (else as an unknown one)."""
        record = await self._kept(roll_id)
        if record is None or (viewer is not None and not visible(record, viewer)):
            raise not_found()
        return record

    async def _kept(self, roll_id: str) -> RollRecord | None:
        """The kept roll, waited for briefly when a fresh one may still be on its way to the log."""
        return await arrived(self._store.get, roll_id, self._stamps.clock, self._arrival)

    async def reroll(self, notation: str, roller: Roller, *, original_id: str | None,
                     received: float | None = None) -> RollRecord:
        """Roll ``notation`` publicly with the original's label, DC and ranges (the Copy form)."""
        original = await self._copied(original_id, roller)
        ranges = original.result.ranges if original else DEFAULT_RANGES
        return await self.roll(RollRequest(
            notation, roller, source=RollSource.MODAL, received=received,
            dc=_test_dc(original),
            label=original.label if original else None,
            opportunity=ranges.opportunity, complication=ranges.complication))

    async def changed(self, record: RollRecord, change: EntryKind) -> RollRecord:
        changed = evolved(record, version=record.version + 1, change=change)
        await self._store.save(changed)
        return changed

    def counted(self, source: RollSource, received: float | None) -> Counting:
        """Count the roll made in the block, or its failure (see :class:`Counting`)."""
        return Counting(self._metrics, source, time.perf_counter() if received is None
                        else received)

    async def _copied(self, roll_id: str | None, roller: Roller) -> RollRecord | None:
        """The original of a Copy form, when its submitter may copy it (else ``None``)."""
        if roll_id is None:
            return None
        try:
            return await self.acted_on(roll_id, member_of(roller), Act.COPY)
        except NazhError:
            return None

    async def amended(self, record: RollRecord, result: RollResult, change: EntryKind,
                     changes: tuple[DieChange, ...] | None = None) -> RollRecord:
        amended = evolved(record.with_term(CHANGES, record.changes if changes is None
                                           else changes),
                          result=result, version=record.version + 1, change=change)
        await self._store.save(amended)
        return amended


_NOT_ON_FIXED_DICE = frozenset({Act.COPY, Act.ADD_PLOT, Act.ADD_PLOT_HOUSE, Act.CHOOSE_PLOT,
                                Act.CHOOSE_PLOT_AGAINST, Act.ADVANTAGE, Act.DISADVANTAGE,
                                Act.KEEP_DIE, Act.REROLL})
"""What a roll with the rules' dice (an injury) refuses: they are only seen, published, revealed."""
_NEW_FACES = frozenset({Act.ADD_PLOT, Act.ADD_PLOT_HOUSE, Act.ADVANTAGE, Act.DISADVANTAGE,
                        Act.REROLL})
"""What a roll of dice rolled at the table refuses: each would need a face Nazh draws."""
_FIXED_DICE = tuple(kind for kind in KINDS if kind.fixed_dice)
"""The kinds of terms whose roll has the rules' dice."""
_TABLE_DICE = tuple(kind for kind in KINDS if kind.table_dice)
"""The kinds of terms whose roll has dice rolled at the table."""


async def once_more_if_stale(change: Callable[[], Awaitable[T]]) -> T:
    """Make ``change``; when another version won, decide it once more on the newest version."""
    try:
        return await change()
    except RollConflictError:
        # the newest version refuses what no longer applies (e.g. a second plot die)
        return await change()


def settled_first(record: RollRecord) -> None:
    if any(change.pending for change in record.changes):
        raise RollStateError("a die is waiting for a choice: keep a face first")


def _committed(result: RollResult, terms: Terms, chosen: Visibility) -> Terms:
    """A new roll's terms, with a ``gm`` or ``blind`` roll's commitment over result and terms."""
    if chosen not in SECRET:
        return terms
    return terms.with_term(SECRET_TERM, commit(committed_payload(result, terms), chosen))


def member_of(roller: Roller) -> Member:
    """A roller as a member with no role (enough for the acts only a roller may take)."""
    return Member(roller.user_id, roller.guild_id, channel_id=roller.channel_id)


def _least_dc(terms: Terms) -> int:
    """The lowest DC a roll with ``terms`` is judged against (an attack's defense may be 0)."""
    if not terms.by_key:  # a plain roll, the most made: no kind to ask
        return MIN_DC
    return min((kind.least_dc for kind in KINDS
                if kind.least_dc is not None and terms.get(kind) is not None), default=MIN_DC)


def _test_dc(original: RollRecord | None) -> int | None:
    """The DC a copy of ``original`` keeps: a test's (an attack's defense of 0 is no DC)."""
    dc = None if original is None else original.result.dc
    return dc if dc is not None and dc >= MIN_DC else None
