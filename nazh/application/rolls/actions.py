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
    """The block of :meth:`RollActions.counted`: what its use case call produced is counted
    when it ends (the roll, with its latency), or its failure (a bad notation or limit, or an
    unexpected error; a refusal, e.g. someone else's button, is not a failed roll).

    A class rather than a generator-made context manager: measured, a roll counted (its
    metrics and its log line included) in 34,000 instructions instead of 42,000.
    """

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
        elif isinstance(error, Exception) and not isinstance(error, NazhError):
            self._metrics.roll_failed(self._source, FailureReason.INTERNAL,
                                      time.perf_counter() - self._started)


class RollActions:
    """Rolls at a table: made (:meth:`roll`, :meth:`roll_injury`, :meth:`reroll`), found and
    shown by the visibility rule (:meth:`acted_on`, :meth:`show`, :meth:`find`), and the
    shared steps of every use case on a kept roll (:meth:`counted`, :meth:`changed`,
    :meth:`amended`); amending, revealing and a roll's steps are their own use cases
    (:mod:`~nazh.application.rolls.amending`, :mod:`~nazh.application.rolls.revealing`,
    :mod:`~nazh.application.rolls.steps`) built on this one.

    ``arrival``: how long a click waits for a fresh roll another process made, on its way to
    the roll log (:mod:`~nazh.application.rolls.arrival`); ``None`` where no other process
    keeps rolls in the same log (a roll this one does not have is not coming): never.

    ``received`` (every method): when the request arrived, as :func:`time.perf_counter` read it
    (``None``: now); the roll's duration metric runs from there to the record being kept.
    """

    def __init__(self, roll_dice: RollDice, store: RollStore,  # noqa: PLR0913 - its collaborators
                 stamps: RollStamps, metrics: RollMetrics, saved: SavedRolls,
                 settings: GuildSettings | None = None, *,
                 arrival: Arrival | None = None) -> None:
        self._settings = settings
        self._arrival = arrival
        self._roll_dice = roll_dice
        self._store = store
        self._stamps = stamps
        self._metrics = metrics
        self._saved = saved

    @property
    def dice(self) -> RollDice:
        """The dice rolls are made and amended with."""
        return self._roll_dice

    async def save(self, record: RollRecord) -> None:
        """Keep a new version of a roll (see :meth:`RollStore.save`).

        Raises:
            RollConflictError, RollNotKeptError: as the store's.
        """
        await self._store.save(record)

    async def roll(self, request: RollRequest) -> RollRecord:
        """Roll the request's notation (or the roller's saved ``@name``), keep it, count it;
        ``gm`` and ``blind`` rolls are committed (see :mod:`nazh.application.rolls.secrets`).

        Raises:
            NazhError: the notation, a limit, the DC, the Opportunity and Complication ranges
                or the saved name is invalid, or a secret roll is asked for outside a server
                (nothing is rolled).
        """
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
        """An injury roll (:mod:`nazh.domain.injury`) with ``terms``, kept and counted as a roll
        of ``request`` (its roller, label, visibility, source and server; not its notation):
        the record's notation is the dice rolled, its terms are kept with it, and its label
        is the request's or :data:`INJURY_LABEL`.

        Raises:
            NazhError: a term is out of its range, or a secret roll is asked for outside a
                server (nothing is rolled).
        """
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
        """The visibility asked for, else the server's default (``server``: its settings as
        the interaction read them, else read here).

        Raises:
            RollStateError: a secret roll outside a server.
        """
        chosen = asked or (server.default_visibility if server is not None
                           else await self.default_visibility(roller.guild_id))
        if chosen in SECRET and roller.guild_id is None:
            raise RollStateError(f"a {chosen.value} roll needs a server (its GMs see it)",
                                 hint="roll with visibility:private here")
        return chosen

    async def default_visibility(self, guild_id: int | None) -> Visibility:
        """The server's default visibility (public outside a server)."""
        if self._settings is None or guild_id is None:
            return Visibility.PUBLIC
        return (await self._settings.of(guild_id)).default_visibility

    async def show(self, roll_id: str, member: Member) -> RollRecord:
        """The roll, for a viewer who may see its result: anyone once it is public or
        revealed; a ``gm`` roll's roller and the GMs; a ``blind`` roll's GMs.

        Raises:
            RollNotFoundError, NotYourRollError (a secret the viewer may not see).
        """
        return await self.acted_on(roll_id, member, Act.VIEW)

    async def acted_on(self, roll_id: str, member: Member, act: Act, *,
                       in_channel: bool = False) -> RollRecord:
        """The roll, if ``member`` may take ``act`` on it (the rule of
        :mod:`nazh.application.rolls.access`; e.g. :attr:`Act.COPY` for the Copy form,
        :attr:`Act.PUBLISH` to show it again on a message the channel sees) and, with
        ``in_channel`` (its answer goes on a message the channel sees), if the channel may see
        all of it.

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError: as :func:`access.check`
                (:class:`~nazh.application.rolls.arrival.RollNotLoggedYetError`: a fresh roll
                not in the log yet).
        """
        record = await self._kept(roll_id)
        if record is None or not reaches(member.place, record.place):
            raise not_found()
        check(record.facts, await self.viewer(member), act)
        if act in _NOT_ON_FIXED_DICE and any(
                kind.fixed_dice and record.term(kind) is not None for kind in KINDS):
            raise RollStateError("an injury roll's dice are not changed or copied",
                                 hint="roll a new injury with /injury")
        if act in _NEW_FACES and any(
                kind.table_dice and record.term(kind) is not None for kind in KINDS):
            raise RollStateError("this roll's dice were rolled at the table: Nazh draws no "
                                 "new face for them",
                                 hint="roll that die at the table and roll again with "
                                      "physical:")
        if in_channel:
            check(record.facts, channel_of(member.guild_id), Act.PUBLISH)
        return record

    async def viewer(self, member: Member) -> Viewer:
        """``member`` as the visibility rule sees them (a GM or not, by the server's
        settings)."""
        return Viewer(member.user_id, member.guild_id,
                      is_gm(await self.settings_of(member), member))

    async def allows_reroll(self, guild_id: int | None) -> bool:
        """The server's allow-reroll (off outside a server)."""
        if self._settings is None or guild_id is None:
            return False
        return (await self._settings.of(guild_id)).allow_reroll

    async def settings_of(self, member: Member) -> ServerSettings:
        if self._settings is None:
            return DEFAULTS
        return await self._settings.of(member.guild_id)

    async def find(self, roll_id: str, viewer: Roller | None = None) -> RollRecord:
        """The kept roll; with ``viewer``, only if they may see it where they are: a roll
        belongs to its guild (or to direct messages), and a private roll to its roller alone.
        A roll the viewer may not see is answered exactly as an unknown one.

        Raises:
            RollNotFoundError: it is unknown or expired, or not the viewer's to see
                (:class:`~nazh.application.rolls.arrival.RollNotLoggedYetError`: a fresh roll
                not in the log yet).
        """
        record = await self._kept(roll_id)
        if record is None or (viewer is not None and not visible(record, viewer)):
            raise not_found()
        return record

    async def _kept(self, roll_id: str) -> RollRecord | None:
        """The kept roll, waited for briefly when a fresh one may still be on its way to the
        roll log (:mod:`~nazh.application.rolls.arrival`)."""
        return await arrived(self._store.get, roll_id, self._stamps.clock, self._arrival)

    async def reroll(self, notation: str, roller: Roller, *, original_id: str | None,
                     received: float | None = None) -> RollRecord:
        """Roll ``notation`` publicly as a new roll with the label, DC and Opportunity and
        Complication ranges of the original one (the Copy Command form), when the roller may
        see the original.

        Raises:
            NazhError: as :meth:`roll`.
        """
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
        """The original of a Copy form, when its submitter may copy it (else the form's roll
        carries nothing of it)."""
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


_NOT_ON_FIXED_DICE = frozenset({Act.COPY, Act.ADD_PLOT, Act.CHOOSE_PLOT, Act.ADVANTAGE,
                              Act.DISADVANTAGE, Act.KEEP_DIE, Act.REROLL})
"""What a roll with the rules' dice (an injury) refuses: they are only seen, published and
revealed."""
_NEW_FACES = frozenset({Act.ADD_PLOT, Act.ADVANTAGE, Act.DISADVANTAGE, Act.REROLL})
"""What a roll of dice rolled at the table refuses: each would need a face Nazh draws."""


async def once_more_if_stale(change: Callable[[], Awaitable[T]]) -> T:
    """Make ``change``; when another version won (a concurrent click, or this process held
    an older copy of the roll, now dropped), decide it once more on the newest version, which
    refuses what no longer applies (e.g. a second plot die)."""
    try:
        return await change()
    except RollConflictError:
        return await change()


def settled_first(record: RollRecord) -> None:
    if any(change.pending for change in record.changes):
        raise RollStateError("a die is waiting for a choice: keep a face first")


def _committed(result: RollResult, terms: Terms, chosen: Visibility) -> Terms:
    """A new roll's terms, with a ``gm`` or ``blind`` roll's commitment over its result and
    every other term (see :mod:`nazh.application.rolls.secrets`)."""
    if chosen not in SECRET:
        return terms
    return terms.with_term(SECRET_TERM, commit(committed_payload(result, terms), chosen))


def member_of(roller: Roller) -> Member:
    """A roller as a member with no role (enough for the acts only a roller may take)."""
    return Member(roller.user_id, roller.guild_id, channel_id=roller.channel_id)


def _least_dc(terms: Terms) -> int:
    """The lowest DC a roll with ``terms`` is judged against: a test's, unless a term of a
    kind judged otherwise says less (an attack's defense may be 0)."""
    if not terms.by_key:  # a plain roll, the most made: no kind to ask
        return MIN_DC
    return min((kind.least_dc for kind in KINDS
                if kind.least_dc is not None and terms.get(kind) is not None), default=MIN_DC)


def _test_dc(original: RollRecord | None) -> int | None:
    """The DC a copy of ``original`` keeps: its DC when a test may have it (a copy is a plain
    roll: an attack's defense of 0 is no test's DC, and the copy has none)."""
    dc = None if original is None else original.result.dc
    return dc if dc is not None and dc >= MIN_DC else None
