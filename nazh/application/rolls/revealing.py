"""Revealing a secret roll: it becomes public, and what it does to its character's sheet, held
until now by the sheet gate, is applied once; so is what a secret attack's damage owes its
target (:class:`~nazh.application.rolls.landing.Landings`)."""

from __future__ import annotations

from nazh.application.characters.gate import SheetGate
from nazh.application.characters.model import SheetChange
from nazh.application.log.chain import EntryKind
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions, once_more_if_stale
from nazh.application.rolls.counting import RunningEndeavors, offers_with_count, with_count
from nazh.application.rolls.landing import Landings
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import Rolled, RollRecord
from nazh.application.rolls.terms.secret import SECRET as SECRET_TERM
from nazh.application.settings.server import Member
from nazh.domain.evolve import evolved


class RevealRolls:
    """Reveals rolls kept by ``table``; ``sheets``: the gate holding their effects (without it,
    no sheet changes)."""

    def __init__(self, table: RollActions, sheets: SheetGate | None = None,
                 landings: Landings | None = None,
                 endeavors: RunningEndeavors | None = None) -> None:
        self._table = table
        self._sheets = sheets
        self._landings = landings
        self._endeavors = endeavors

    async def reveal(self, roll_id: str, member: Member, *,
                     received: float | None = None) -> Rolled:
        """Make a secret roll public (a ``gm`` roll's roller or a GM; a ``blind`` roll's GMs):
        a new record, the same result, and who revealed it; then what the roll does to its
        character's sheet, held until now, is applied (once, whoever reveals).

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError (not secret, or revealed).
        """
        with self._table.counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self._table.acted_on(roll_id, member, Act.REVEAL)
                assert record.secret is not None  # the rule reveals only a hidden secret
                revealed = evolved(record.with_term(
                    SECRET_TERM, record.secret.revealed_now(member.user_id)),
                    version=record.version + 1, change=EntryKind.REVEALED)
                await self._table.save(revealed)
                return revealed
            record = tally.counted(await once_more_if_stale(change))
        released = [] if self._sheets is None else await self._sheets.release(roll_id, member)
        if self._landings is None:
            return await with_count(self._endeavors, Rolled(record, _together(released)))
        landed = await self._landings.land(member, record)
        offers = await offers_with_count(self._endeavors, record,
                                         await self._landings.offers(record))
        return Rolled(record, _together(released), landed.lines, landed.injured, offers)


def _together(changes: list[SheetChange]) -> SheetChange | None:
    """The sheet changes a reveal made, as one (``None``: none was held)."""
    if len(changes) <= 1:
        return changes[0] if changes else None
    moved = tuple(change for sheet in changes for change in sheet.changes)
    return SheetChange(changes[0].name, moved, "; ".join(sheet.unchanged for sheet in changes))
