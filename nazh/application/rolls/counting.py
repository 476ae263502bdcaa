"""Whether a roll's result offers Count: a test (a /check, a request's roll) shown to the
channel, made where an endeavor runs. The endeavors answer where one runs
(:class:`RunningEndeavors`, from memory: a roll pays no read of the database for it); this
module says which rolls are tests."""

from __future__ import annotations

from typing import Protocol

from nazh.application.rolls.model import Offers, Rolled, RollRecord
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.character import CHARACTER
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.request import REQUEST
from nazh.domain.evolve import evolved
from nazh.domain.spec import SKILL_DIE_SIDES


class RunningEndeavors(Protocol):
    """Where endeavors run."""

    async def running_here(self, channel_id: int) -> bool:
        """Whether an endeavor runs in the channel (as lately read: a few seconds late at
        most for one started on another replica)."""
        ...


def is_test(record: RollRecord) -> bool:
    """Whether the roll is a test a GM may count for an endeavor: a character's test (a
    /check: one d20 and a modifier) or a request's roll, not an attack or an injury."""
    if record.term(ATTACK) is not None or record.term(INJURY) is not None:
        return False
    if record.term(REQUEST) is not None:
        return True
    pools = record.result.spec.pools
    return (record.term(CHARACTER) is not None and len(pools) == 1
            and pools[0].count == 1 and pools[0].sides == SKILL_DIE_SIDES)


async def count_offered(endeavors: RunningEndeavors | None, record: RollRecord) -> bool:
    """Whether the result of ``record`` offers Count: a test shown to the channel (not a
    secret one before its reveal, not a private one), made where an endeavor runs."""
    if endeavors is None or not is_test(record) or record.hidden or record.private:
        return False
    return await endeavors.running_here(record.roller.channel_id)


async def with_count(endeavors: RunningEndeavors | None, rolled: Rolled) -> Rolled:
    """``rolled`` offering Count when :func:`count_offered` says so."""
    if not await count_offered(endeavors, rolled.record):
        return rolled
    return evolved(rolled, offers=evolved(rolled.offers, count=True))


async def offers_with_count(endeavors: RunningEndeavors | None, record: RollRecord,
                            offers: Offers) -> Offers:
    """``offers`` with Count when :func:`count_offered` says so."""
    return evolved(offers, count=True) if await count_offered(endeavors, record) else offers
