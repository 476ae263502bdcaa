"""The steps on a posted roll: a hit or graze recorded, an Opportunity or Complication spent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from nazh.application.log.chain import EntryKind
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions, once_more_if_stale, settled_first
from nazh.application.rolls.events import Happened, RollEvent, RollHandlers
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import CRITICAL, Offers, Rolled, RollRecord
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.application.settings.server import Member
from nazh.domain.attack import Step
from nazh.domain.errors import RollStateError
from nazh.domain.evolve import evolved
from nazh.domain.spending import Use
from nazh.domain.targets import graze


class RollSteps:
    """Steps on rolls kept by ``table``, followed by ``handlers``."""

    def __init__(self, table: RollActions, handlers: RollHandlers) -> None:
        self._table = table
        self._handlers = handlers

    async def record_attack(self, roll_id: str, member: Member, step: Step, *,
                            received: float | None = None, in_channel: bool = False) -> Rolled:
        """Record a graze (a miss, 1 focus: the damage dice alone) or, undefended, a hit."""
        async def stepped(record: RollRecord) -> RollRecord:
            attack = record.attack_view
            if attack is None:
                raise RollStateError("this roll is not an attack")
            settled_first(record)
            return record.with_term(ATTACK, attack.record(step))
        return await self._step(roll_id, member, Act.RECORD_ATTACK, EntryKind.ATTACK_RECORDED,
                                stepped, received=received, in_channel=in_channel)

    async def graze_other(self, roll_id: str, member: Member, index: int, *,
                          received: float | None = None, in_channel: bool = False) -> Rolled:
        """Record a graze on the attack's ``index``-th other target (1 focus, as a graze)."""
        async def stepped(record: RollRecord) -> RollRecord:
            attack, others = record.attack_view, record.term(OTHER_TARGETS)
            if attack is None or not others:
                raise RollStateError("this attack has no other target")
            settled_first(record)
            return record.with_term(OTHER_TARGETS, graze(others, attack, index,
                                                         record.version + 1))
        return await self._step(roll_id, member, Act.RECORD_ATTACK, EntryKind.ATTACK_RECORDED,
                                stepped, received=received, in_channel=in_channel)

    async def spend(self, roll_id: str, member: Member, use: Use, *,
                    received: float | None = None, in_channel: bool = False) -> Rolled:
        """Spend an Opportunity (the roller) or a Complication (a GM) of the roll on ``use``."""
        async def stepped(record: RollRecord) -> RollRecord:
            settled_first(record)
            if use is Use.CRITICAL:
                refused = (await self._handlers.offers(record)).why_not(CRITICAL)
                if refused is not None:
                    raise RollStateError(refused)
            return record.with_term(SPENT, record.spending(use, member.user_id))
        act = Act.SPEND_OPPORTUNITY if use.opportunity else Act.SPEND_COMPLICATION
        return await self._step(roll_id, member, act, EntryKind.SPENT, stepped,
                                received=received, in_channel=in_channel)

    async def use_determined(self, roll_id: str, member: Member, *,
                             received: float | None = None, in_channel: bool = False) -> Rolled:
        """Determined used on the roll's failed test (its roller): it gains an Opportunity."""
        # rule (Conditions, Determined): "when you fail a test, you can add an Opportunity to
        # the result"; the encounter's handler ends the condition
        async def stepped(record: RollRecord) -> RollRecord:
            settled_first(record)
            term = record.term(ENCOUNTER)
            if term is None or not term.may_use_determined:
                raise RollStateError("this roll's combatant was not Determined")
            if term.determined:
                raise RollStateError("Determined is used on this roll already")
            test = record.result.pools[0] if record.result.pools else None
            if record.result.dc is None or test is None or test.success is not False:
                raise RollStateError("Determined adds an Opportunity to a failed test only")
            return record.with_term(ENCOUNTER, replace(term, determined=True))
        return await self._step(roll_id, member, Act.SPEND_OPPORTUNITY, EntryKind.SPENT,
                                stepped, received=received, in_channel=in_channel)

    async def offers(self, record: RollRecord) -> Offers:
        """What the result of ``record`` offers as the places it was made in stand."""
        return await self._handlers.offers(record)

    async def _step(self, roll_id: str, member: Member, act: Act, kind: EntryKind,  # noqa: PLR0913 - the step and where its answer goes
                    stepped: Stepped, *, received: float | None, in_channel: bool) -> Rolled:
        """The step kept as the roll's next version: checked by the handlers, kept, published."""
        with self._table.counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self._table.acted_on(roll_id, member, act,
                                                    in_channel=in_channel)
                after = evolved(await stepped(record), version=record.version + 1,
                                change=kind)
                # refused before anything is kept (a graze its character cannot pay for)
                await self._handlers.checked(RollEvent(Happened.CHANGED, Rolled(after),
                                                       member))
                await self._table.save(after)
                return after
            record = tally.counted(await once_more_if_stale(change))
        return await self._handlers.published(RollEvent(Happened.CHANGED, Rolled(record),
                                                        member))


Stepped = Callable[[RollRecord], Awaitable[RollRecord]]
"""A step made of the newest version of a roll (raising to refuse)."""
