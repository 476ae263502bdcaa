"""Revealing a secret roll: it becomes public, and what follows it is published once."""

from __future__ import annotations

from nazh.application.log.chain import EntryKind
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions, once_more_if_stale
from nazh.application.rolls.events import Happened, RollEvent, RollHandlers
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import Rolled, RollRecord
from nazh.application.rolls.terms.secret import SECRET as SECRET_TERM
from nazh.application.settings.server import Member
from nazh.domain.evolve import evolved


class RevealRolls:
    """Reveals rolls kept by ``table``, publishing what follows them to ``handlers``."""

    def __init__(self, table: RollActions, handlers: RollHandlers) -> None:
        self._table = table
        self._handlers = handlers

    async def reveal(self, roll_id: str, member: Member, *,
                     received: float | None = None) -> Rolled:
        """Make a secret roll public (a new version: who revealed it); then what follows it."""
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
        return await self._handlers.published(RollEvent(Happened.REVEALED, Rolled(record),
                                                        member))
