"""Amending a posted roll: advantage, disadvantage, a reroll, a plot die added and its face."""

from __future__ import annotations

from nazh.application.log.chain import EntryKind
from nazh.application.rolls.access import Act, Reader, Viewer
from nazh.application.rolls.actions import RollActions, once_more_if_stale
from nazh.application.rolls.errors import NotYourRollError
from nazh.application.rolls.events import Happened, RollEvent, RollHandlers
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import Rolled, RollRecord
from nazh.application.settings.server import Member, ServerSettings, is_gm
from nazh.domain.amend import DieRef, eligible, rerollable
from nazh.domain.errors import RollStateError
from nazh.domain.spec import DieMode

_ACTS = {DieMode.ADVANTAGE: Act.ADVANTAGE, DieMode.DISADVANTAGE: Act.DISADVANTAGE}


def plot_act(settings: ServerSettings, member: Member) -> Act:
    """The act of adding a plot die to a posted roll: the GM's, or a house rule's."""
    return Act.ADD_PLOT_HOUSE if raises_stakes(settings, member.guild_id) else Act.ADD_PLOT


def raises_stakes(settings: ServerSettings, guild_id: int | None) -> bool:
    """Whether a roller may add the plot die to their posted roll there (a house rule)."""
    # The stakes "can't be raised after the d20 has already been rolled" and raising them is
    # the GM's call (starter rules, Introduction); a server may let its players (a house rule),
    # and outside a server no GM is there to ask.
    return settings.players_raise_stakes or guild_id is None


def reader_of(settings: ServerSettings, member: Member) -> Reader:
    """``member`` as the one reader of a result only they see (a GM or not, the house rule)."""
    return Reader(Viewer(member.user_id, member.guild_id, is_gm(settings, member)),
                  plot_act(settings, member))


def plot_choice(record: RollRecord) -> Act:
    """Whose choice a pending plot die's face is: the roller's (advantage), else a GM's."""
    # "allow the GM to choose one of the two results you keep" (starter rules, part 1, Skills:
    # Testing With Disadvantages)
    plot = record.result.plot
    if plot is not None and plot.mode is DieMode.DISADVANTAGE:
        return Act.CHOOSE_PLOT_AGAINST
    return Act.CHOOSE_PLOT


class AmendRolls:
    """The amendments of rolls kept by ``table``."""

    # in_channel (every method): the answer goes on a message the channel sees, so the channel
    # must see all of the roll too, checked with the member's act in one check

    def __init__(self, table: RollActions, handlers: RollHandlers) -> None:
        self._table = table
        self._handlers = handlers

    async def dice_for(self, roll_id: str, member: Member, mode: DieMode, *,
                       in_channel: bool = False) -> tuple[RollRecord, list[DieRef]]:
        """The dice of a posted roll that may take ``mode`` from this member."""
        record = await self._table.acted_on(roll_id, member, _ACTS[mode],
                                            in_channel=in_channel)
        dice = eligible(record.result, record.changes, mode)
        if not dice:
            raise RollStateError("no die of this roll can take it now",
                                 hint="each die holds at most one advantage or disadvantage "
                                      "(the opposite one cancels it), and a pending choice "
                                      "comes first")
        return record, dice

    async def apply_mode(self, roll_id: str, member: Member, mode: DieMode,  # noqa: PLR0913 - the die, and where the answer goes
                         pool: int, die: int, *, received: float | None = None,
                         in_channel: bool = False) -> Rolled:
        """Advantage or disadvantage on one die, rolled again; on its opposite, the two cancel."""
        with self._table.counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self._table.acted_on(roll_id, member, _ACTS[mode],
                                                    in_channel=in_channel)
                result, changes = self._table.dice.apply_mode(record.result, record.changes, pool,
                                                             die, mode, member.user_id)
                kind = (EntryKind.DIE_CANCELLED if changes[-1].cancellation
                        else EntryKind.DIE_REROLLED)
                return await self._table.amended(record, result, kind, changes)
            record = tally.counted(await once_more_if_stale(change))
        return await self._changed(member, record)

    async def keep_die_face(self, roll_id: str, member: Member, index: int, *,
                            received: float | None = None,
                            in_channel: bool = False) -> Rolled:
        """Keep face ``index`` of the rerolled die (only who applied the change chooses)."""
        with self._table.counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self._table.acted_on(roll_id, member, Act.KEEP_DIE,
                                                    in_channel=in_channel)
                pending = next((c for c in record.changes if c.pending), None)
                if pending is None:
                    raise RollStateError("no die is waiting for a choice")
                if pending.by != member.user_id:
                    raise NotYourRollError("<@{by}> chooses which result to keep",
                                           hint="the one who applied advantage or disadvantage",
                                           fields={"by": pending.by})
                result, changes = self._table.dice.keep_die_face(record.result, record.changes,
                                                                index)
                return (await self._table.amended(record, result, EntryKind.DIE_KEPT, changes))
            record = tally.counted(await once_more_if_stale(change))
        return await self._changed(member, record)

    async def rerollable(self, roll_id: str, member: Member, *,
                         in_channel: bool = False) -> tuple[RollRecord, list[DieRef]]:
        """The dice the roller may reroll, where the server allows rerolls."""
        record = await self._rerolled(roll_id, member, in_channel)
        dice = rerollable(record.result, record.changes)
        if not dice:
            raise RollStateError("no die of this roll can be rerolled now",
                                 hint="each die is rerolled at most once")
        return record, dice

    async def reroll_die(self, roll_id: str, member: Member, pool: int,
                         die: int, *, received: float | None = None,
                         in_channel: bool = False) -> Rolled:
        """Reroll one die (the roller, where the server allows it); the new face replaces it."""
        with self._table.counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self._rerolled(roll_id, member, in_channel)
                result, changes = self._table.dice.reroll_die(record.result, record.changes, pool,
                                                             die, member.user_id)
                return (await self._table.amended(record, result, EntryKind.REROLLED, changes))
            record = tally.counted(await once_more_if_stale(change))
        return await self._changed(member, record)

    async def _rerolled(self, roll_id: str, member: Member, in_channel: bool) -> RollRecord:
        record = await self._table.acted_on(roll_id, member, Act.REROLL, in_channel=in_channel)
        if not (await self._table.settings_of(member)).allow_reroll:
            raise RollStateError("this server does not allow rerolls",
                                 hint="a server admin can turn on allow-reroll with /settings")
        return record

    async def add_plot_die(self, roll_id: str, member: Member, *,
                           received: float | None = None,
                           in_channel: bool = False) -> Rolled:
        """Roll ONLY a plot die for the roll and apply its bonus (a GM: see :func:`plot_act`)."""
        act = plot_act(await self._table.settings_of(member), member)
        with self._table.counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                try:
                    record = await self._table.acted_on(roll_id, member, act,
                                                        in_channel=in_channel)
                except NotYourRollError as refused:
                    if act is not Act.ADD_PLOT:
                        raise
                    # the rule of the game refuses it, to the roller too: not a matter of whose
                    raise RollStateError(refused.template, hint=refused.hint_template,
                                         fields=refused.fields) from None
                return (await self._table.amended(record,
                                                    self._table.dice.add_plot_die(record.result),
                                                    EntryKind.PLOT_ADDED))
            record = tally.counted(await once_more_if_stale(change))
        return await self._changed(member, record)

    async def choose_plot_face(self, roll_id: str, member: Member, index: int, *,
                               received: float | None = None,
                               in_channel: bool = False) -> Rolled:
        """Keep face ``index`` of the pending plot die (advantage: the roller; else a GM)."""
        with self._table.counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self._table.acted_on(roll_id, member, plot_choice,
                                                    in_channel=in_channel)
                if not record.result.pending:
                    raise RollStateError("the plot die's face was already chosen")
                chosen = self._table.dice.choose_plot_face(record.result, index)
                return (await self._table.amended(record, chosen, EntryKind.PLOT_CHOSEN))
            record = tally.counted(await once_more_if_stale(change))
        return await self._changed(member, record)

    async def _changed(self, member: Member, record: RollRecord) -> Rolled:
        # an attack that waited for a choice, or that a change made a hit, lands its damage now
        # (each part once)
        return await self._handlers.published(RollEvent(Happened.CHANGED, Rolled(record),
                                                        member))
