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
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TypeVar

from nazh.application.characters.effects import Effect, GainFocus, SpendFocus
from nazh.application.characters.gate import RollEffect, SheetGate
from nazh.application.log.chain import EntryKind
from nazh.application.log.format import committed_payload
from nazh.application.rolls.access import SECRET, Act, Viewer, channel_of, check, not_found
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.errors import NotYourRollError, RollConflictError
from nazh.application.rolls.metrics import FailureReason, RollMetrics, RollSource
from nazh.application.rolls.model import (
    Rolled,
    Roller,
    RollRecord,
    RollRequest,
    RollStamps,
    SheetChange,
    visible,
)
from nazh.application.rolls.ports import RollStore
from nazh.application.rolls.secrets import commit
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.changes import CHANGES
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import Terms
from nazh.application.rolls.terms.secret import SECRET as SECRET_TERM
from nazh.application.rolls.terms.spending import SPENT
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
from nazh.domain.amend import DieChange, DieRef, eligible, rerollable
from nazh.domain.attack import Step
from nazh.domain.errors import LimitError, NazhError, NotationError, RollStateError
from nazh.domain.injury import InjuryTerms
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.results import RollResult
from nazh.domain.spec import DieMode
from nazh.domain.spending import Use, spend

log = logging.getLogger(__name__)

T = TypeVar("T")

INJURY_LABEL = "Injury"
"""The label of an injury roll made without one."""


@dataclass(slots=True)
class _Tally:
    """What one use case call produced, for :meth:`RollActions._counted`."""

    record: RollRecord | None = None

    def counted(self, record: RollRecord) -> RollRecord:
        """Count ``record`` when the block ends (and pass it on)."""
        self.record = record
        return record


class RollActions:
    """The roll use cases behind the chat front end.

    ``received`` (every method): when the request arrived, as :func:`time.perf_counter` read it
    (``None``: now); the roll's duration metric runs from there to the record being kept.

    ``sheets``: the gate through which a roll made with a character spends and recovers its
    focus (a graze, an Opportunity spent on recovering focus), and through which a revealed
    secret roll's held effects are applied; without it, rolls change no sheet.
    """

    def __init__(self, roll_dice: RollDice, store: RollStore,  # noqa: PLR0913
                 stamps: RollStamps, metrics: RollMetrics, saved: SavedRolls,
                 settings: GuildSettings | None = None,
                 sheets: SheetGate | None = None) -> None:
        self._settings = settings
        self._sheets = sheets
        self._roll_dice = roll_dice
        self._store = store
        self._stamps = stamps
        self._metrics = metrics
        self._saved = saved

    async def roll(self, request: RollRequest) -> RollRecord:
        """Roll the request's notation (or the roller's saved ``@name``), keep it, count it;
        ``gm`` and ``blind`` rolls are committed (see :mod:`nazh.application.rolls.secrets`).

        Raises:
            NazhError: the notation, a limit, the DC, the Opportunity and Complication ranges
                or the saved name is invalid, or a secret roll is asked for outside a server
                (nothing is rolled).
        """
        roller = request.roller
        with self._counted(request.source, request.received) as tally:
            ranges = Ranges(request.opportunity, request.complication)
            chosen = await self._visibility(request.visibility, roller, request.server)
            typed = await self._saved.resolve(roller.user_id, request.notation,
                                              roller.channel_id, roller.guild_id)
            result = self._roll_dice(typed, add_plot=request.add_plot, dc=request.dc,
                                     ranges=ranges)
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
        with self._counted(request.source, request.received) as tally:
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
            RollNotFoundError, NotYourRollError, RollStateError: as :func:`access.check`.
        """
        record = await self._store.get(roll_id)
        if record is None:
            raise not_found()
        check(record.facts, await self.viewer(member), act)
        if record.injury is not None and act in _NOT_ON_INJURIES:
            raise RollStateError("an injury roll's dice are not changed or copied",
                                 hint="roll a new injury with /injury")
        if in_channel:
            check(record.facts, channel_of(member.guild_id), Act.PUBLISH)
        return record

    async def viewer(self, member: Member) -> Viewer:
        """``member`` as the visibility rule sees them (a GM or not, by the server's
        settings)."""
        return Viewer(member.user_id, member.guild_id,
                      is_gm(await self._settings_of(member), member))

    async def reveal(self, roll_id: str, member: Member, *,
                     received: float | None = None) -> Rolled:
        """Make a secret roll public (a ``gm`` roll's roller or a GM; a ``blind`` roll's GMs):
        a new record, the same result, and who revealed it; then what the roll does to its
        character's sheet, held until now, is applied (once, whoever reveals).

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError (not secret, or revealed).
        """
        with self._counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self.acted_on(roll_id, member, Act.REVEAL)
                assert record.secret is not None  # the rule reveals only a hidden secret
                revealed = replace(record.with_term(
                    SECRET_TERM, record.secret.revealed_now(member.user_id)),
                    version=record.version + 1, change=EntryKind.REVEALED)
                await self._store.save(revealed)
                return revealed
            record = tally.counted(await _once_more_if_stale(change))
        released = [] if self._sheets is None else await self._sheets.release(roll_id, member)
        return Rolled(record, _together(released))

    async def dice_for(self, roll_id: str, member: Member,
                       mode: DieMode) -> tuple[RollRecord, list[DieRef]]:
        """The dice of a posted roll that may take ``mode`` from this member: advantage is the
        roller's to give, disadvantage a GM's to impose.

        Raises:
            RollNotFoundError, NotYourRollError (the wrong person), RollStateError (no die can
                take it now, or a secret not revealed).
        """
        record = await self.acted_on(roll_id, member, _ACTS[mode])
        dice = eligible(record.result, record.changes, mode)
        if not dice:
            raise RollStateError("no die of this roll can take it now",
                                 hint="each die holds at most one advantage or disadvantage "
                                      "(the opposite one cancels it), and a pending choice "
                                      "comes first")
        return record, dice

    async def apply_mode(self, roll_id: str, member: Member, mode: DieMode,
                         pool: int, die: int, *, received: float | None = None) -> RollRecord:
        """Advantage (the roller) or disadvantage (a GM) on one die: it is rolled again and
        waits for the same person's choice; or, on a die holding the opposite (typed or applied
        after posting), the two cancel (see :mod:`nazh.domain.amend`).

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError, RollConflictError (a
                concurrent change won).
        """
        with self._counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self.acted_on(roll_id, member, _ACTS[mode])
                result, changes = self._roll_dice.apply_mode(record.result, record.changes, pool,
                                                             die, mode, member.user_id)
                kind = (EntryKind.DIE_CANCELLED if changes[-1].cancellation
                        else EntryKind.DIE_REROLLED)
                return await self._amend(record, result, kind, changes)
            return tally.counted(await _once_more_if_stale(change))

    async def keep_die_face(self, roll_id: str, member: Member, index: int, *,
                            received: float | None = None) -> RollRecord:
        """Keep face ``index`` of the rerolled die (only who applied the change chooses).

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError, RollConflictError.
        """
        with self._counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self.acted_on(roll_id, member, Act.KEEP_DIE)
                pending = next((c for c in record.changes if c.pending), None)
                if pending is None:
                    raise RollStateError("no die is waiting for a choice")
                if pending.by != member.user_id:
                    raise NotYourRollError(f"<@{pending.by}> chooses which result to keep",
                                           hint="the one who applied advantage or disadvantage")
                result, changes = self._roll_dice.keep_die_face(record.result, record.changes,
                                                                index)
                return (await self._amend(record, result, EntryKind.DIE_KEPT, changes))
            return tally.counted(await _once_more_if_stale(change))

    async def rerollable(self, roll_id: str, member: Member) -> tuple[RollRecord, list[DieRef]]:
        """The dice the roller may reroll, where the server allows rerolls.

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError (not allowed here, or none).
        """
        record = await self._rerolled(roll_id, member)
        dice = rerollable(record.result, record.changes)
        if not dice:
            raise RollStateError("no die of this roll can be rerolled now",
                                 hint="each die is rerolled at most once")
        return record, dice

    async def reroll_die(self, roll_id: str, member: Member, pool: int,
                         die: int, *, received: float | None = None) -> RollRecord:
        """Reroll one die (the roller, where the server's allow-reroll is on); the new face
        replaces the old, shown and logged.

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError, RollConflictError.
        """
        with self._counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self._rerolled(roll_id, member)
                result, changes = self._roll_dice.reroll_die(record.result, record.changes, pool,
                                                             die, member.user_id)
                return (await self._amend(record, result, EntryKind.REROLLED, changes))
            return tally.counted(await _once_more_if_stale(change))

    async def allows_reroll(self, guild_id: int | None) -> bool:
        """The server's allow-reroll (off outside a server)."""
        if self._settings is None or guild_id is None:
            return False
        return (await self._settings.of(guild_id)).allow_reroll

    async def _rerolled(self, roll_id: str, member: Member) -> RollRecord:
        record = await self.acted_on(roll_id, member, Act.REROLL)
        if not (await self._settings_of(member)).allow_reroll:
            raise RollStateError("this server does not allow rerolls",
                                 hint="a server admin can turn on allow-reroll with /settings")
        return record

    async def _settings_of(self, member: Member) -> ServerSettings:
        if self._settings is None:
            return DEFAULTS
        return await self._settings.of(member.guild_id)

    async def find(self, roll_id: str, viewer: Roller | None = None) -> RollRecord:
        """The kept roll; with ``viewer``, only if they may see it where they are: a roll
        belongs to its guild (or to direct messages), and a private roll to its roller alone.
        A roll the viewer may not see is answered exactly as an unknown one.

        Raises:
            RollNotFoundError: it is unknown or expired, or not the viewer's to see.
        """
        record = await self._store.get(roll_id)
        if record is None or (viewer is not None and not visible(record, viewer)):
            raise not_found()
        return record

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
            dc=original.result.dc if original else None,
            label=original.label if original else None,
            opportunity=ranges.opportunity, complication=ranges.complication))

    async def add_plot_die(self, roll_id: str, viewer: Roller, *,
                           received: float | None = None) -> RollRecord:
        """Roll ONLY a plot die for the roll and apply its bonus (the roller only).

        Raises:
            NotYourRollError, RollNotFoundError, NazhError (already has a plot die, no room).
        """
        with self._counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self.acted_on(roll_id, _member(viewer), Act.ADD_PLOT)
                return (await self._amend(record,
                                                    self._roll_dice.add_plot_die(record.result),
                                                    EntryKind.PLOT_ADDED))
            return tally.counted(await _once_more_if_stale(change))

    async def choose_plot_face(self, roll_id: str, viewer: Roller, index: int, *,
                               received: float | None = None) -> RollRecord:
        """Keep face ``index`` of the roll's pending plot die (the roller only).

        Raises:
            NotYourRollError, RollNotFoundError, RollStateError (nothing pending).
        """
        with self._counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self.acted_on(roll_id, _member(viewer), Act.CHOOSE_PLOT)
                if not record.result.pending:
                    raise RollStateError("the plot die's face was already chosen")
                chosen = self._roll_dice.choose_plot_face(record.result, index)
                return (await self._amend(record, chosen, EntryKind.PLOT_CHOSEN))
            return tally.counted(await _once_more_if_stale(change))

    async def record_attack(self, roll_id: str, member: Member, step: Step, *,
                            received: float | None = None) -> Rolled:
        """The attacker records a graze (a miss, 1 focus: the damage dice alone) or, when no
        defense was given, a hit. A graze of an attack made with a character spends 1 of its
        focus, once whoever clicks again: the step is checked first (a graze refused spends
        nothing), then the focus is spent, then the step recorded.

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError (not an attack, or the step
                does not apply: said why), RollConflictError.
            NoFocusError: the character has no focus left (nothing is spent or recorded).
            CharacterNotFoundError, NotYourCharacterError: the character is gone, or no longer
                the attacker's to roll.
        """
        with self._counted(RollSource.BUTTON, received) as tally:
            async def change() -> Rolled:
                record = await self.acted_on(roll_id, member, Act.RECORD_ATTACK)
                attack = record.attack_view
                if attack is None:
                    raise RollStateError("this roll is not an attack")
                _settled_first(record)
                terms = attack.record(step)
                sheet = (await self._graze_focus(record, member) if step is Step.GRAZE
                         else None)
                recorded = await self._changed(record.with_term(ATTACK, terms),
                                               EntryKind.ATTACK_RECORDED)
                return Rolled(recorded, sheet)
            rolled = await _once_more_if_stale(change)
            tally.counted(rolled.record)
            return rolled

    async def spend(self, roll_id: str, member: Member, use: Use, *,
                    received: float | None = None) -> Rolled:
        """Spend one of the roll's Opportunities (the roller) or Complications (a GM) on
        ``use``; a critical hit only on an attack that hit. Recovering 1 focus on a roll made
        with a character gives it 1 focus (never above its maximum) once the spending is
        recorded, once per Opportunity spent (the character is checked first).

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError (none left, or the use does
                not apply), RollConflictError.
            CharacterNotFoundError, NotYourCharacterError: the character is gone, or no longer
                the roller's to roll (nothing is spent).
        """
        act = Act.SPEND_OPPORTUNITY if use.opportunity else Act.SPEND_COMPLICATION
        with self._counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self.acted_on(roll_id, member, act)
                _settled_first(record)
                spent = spend(record.result, record.spent, use, member.user_id,
                              critical=record.critical_possible)
                if use is Use.FOCUS and record.character is not None and self._sheets:
                    await self._sheets.check(member, record.character.character_id)
                return await self._changed(record.with_term(SPENT, spent), EntryKind.SPENT)
            record = tally.counted(await _once_more_if_stale(change))
            sheet = await self._recovered_focus(record, member) if use is Use.FOCUS else None
            return Rolled(record, sheet)

    async def _graze_focus(self, record: RollRecord, member: Member) -> SheetChange | None:
        """A graze's focus, spent from the roll's character once per roll (``None``: a raw
        roll, or no sheets here).

        Raises:
            NoFocusError, CharacterNotFoundError, NotYourCharacterError,
                CharacterConflictError.
        """
        return await self._effect(record, member, SpendFocus(), f"graze:{record.roll_id}",
                                  f"graze on roll {record.roll_id}")

    async def _recovered_focus(self, record: RollRecord, member: Member) -> SheetChange | None:
        """1 focus recovered by the roll's character for its latest spending, once per
        spending (``None``: a raw roll, or no sheets here).

        Raises:
            CharacterNotFoundError, NotYourCharacterError, CharacterConflictError.
        """
        return await self._effect(record, member, GainFocus(),
                                  f"focus:{len(record.spent) - 1}:{record.roll_id}",
                                  f"Opportunity spent on roll {record.roll_id}")

    async def _effect(self, record: RollRecord, member: Member, effect: Effect, once: str,
                      reason: str) -> SheetChange | None:
        character = record.character
        if character is None or self._sheets is None:
            return None
        return await self._sheets.apply(
            member, RollEffect(record.roll_id, character.character_id, effect, once, reason),
            hidden=record.hidden)

    async def _changed(self, record: RollRecord, change: EntryKind) -> RollRecord:
        changed = replace(record, version=record.version + 1, change=change)
        await self._store.save(changed)
        return changed

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

    async def _copied(self, roll_id: str | None, roller: Roller) -> RollRecord | None:
        """The original of a Copy form, when its submitter may copy it (else the form's roll
        carries nothing of it)."""
        if roll_id is None:
            return None
        try:
            return await self.acted_on(roll_id, _member(roller), Act.COPY)
        except NazhError:
            return None

    async def _amend(self, record: RollRecord, result: RollResult, change: EntryKind,
                     changes: tuple[DieChange, ...] | None = None) -> RollRecord:
        amended = replace(record.with_term(CHANGES, record.changes if changes is None
                                           else changes),
                          result=result, version=record.version + 1, change=change)
        await self._store.save(amended)
        return amended


_ACTS = {DieMode.ADVANTAGE: Act.ADVANTAGE, DieMode.DISADVANTAGE: Act.DISADVANTAGE}
_NOT_ON_INJURIES = frozenset({Act.COPY, Act.ADD_PLOT, Act.CHOOSE_PLOT, Act.ADVANTAGE,
                              Act.DISADVANTAGE, Act.KEEP_DIE, Act.REROLL})
"""What an injury roll refuses: its dice are the rules' (only seen, published, revealed)."""


async def _once_more_if_stale(change: Callable[[], Awaitable[T]]) -> T:
    """Make ``change``; when another version won (a concurrent click, or this process held
    an older copy of the roll, now dropped), decide it once more on the newest version, which
    refuses what no longer applies (e.g. a second plot die)."""
    try:
        return await change()
    except RollConflictError:
        return await change()


def _settled_first(record: RollRecord) -> None:
    if any(change.pending for change in record.changes):
        raise RollStateError("a die is waiting for a choice: keep a face first")


def _together(changes: list[SheetChange]) -> SheetChange | None:
    """The sheet changes a reveal made, as one (``None``: none was held)."""
    if len(changes) <= 1:
        return changes[0] if changes else None
    moved = tuple(change for sheet in changes for change in sheet.changes)
    return SheetChange(changes[0].name, moved, "; ".join(sheet.unchanged for sheet in changes))


def _committed(result: RollResult, terms: Terms, chosen: Visibility) -> Terms:
    """A new roll's terms, with a ``gm`` or ``blind`` roll's commitment over its result and
    every other term (see :mod:`nazh.application.rolls.secrets`)."""
    if chosen not in SECRET:
        return terms
    return terms.with_term(SECRET_TERM, commit(committed_payload(result, terms), chosen))


def _member(roller: Roller) -> Member:
    """A roller as a member with no role (enough for the acts only a roller may take)."""
    return Member(roller.user_id, roller.guild_id)


