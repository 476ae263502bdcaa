"""The endeavors' part in what follows a roll: a test shown where an endeavor runs offers Count."""

from __future__ import annotations

from nazh.application.endeavors.use_cases import Endeavors
from nazh.application.rolls.events import RollEvent
from nazh.application.rolls.model import Offers, Rolled, RollRecord
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.character import CHARACTER
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.request import REQUEST
from nazh.domain.spec import SKILL_DIE_SIDES

COUNT = "count"


def is_test(record: RollRecord) -> bool:
    """Whether a GM may count the roll for an endeavor: a /check's test or a request's roll."""
    if record.term(ATTACK) is not None or record.term(INJURY) is not None:
        return False
    if record.term(REQUEST) is not None:
        return True
    pools = record.result.spec.pools
    return (record.term(CHARACTER) is not None and len(pools) == 1
            and pools[0].count == 1 and pools[0].sides == SKILL_DIE_SIDES)


class EndeavorRolls:
    """Count offered on the tests made where an endeavor runs."""

    def __init__(self, endeavors: Endeavors) -> None:
        self._endeavors = endeavors

    async def check(self, event: RollEvent) -> None:
        """Nothing to refuse: a count follows no change."""

    async def handle(self, event: RollEvent) -> Rolled:
        rolled = event.rolled
        return rolled.offering(await self.offers(rolled.record, rolled.offers))

    async def offers(self, record: RollRecord, offers: Offers) -> Offers:
        """``offers`` with Count for a test shown to the channel where an endeavor runs."""
        # where endeavors run is answered from memory (Endeavors.running_here): a roll pays no read.
        # A request's roll is counted from its card (its result is the roller's alone).
        if not is_test(record) or record.private or record.term(REQUEST) is not None \
                or not await self._endeavors.running_here(record.roller.channel_id):
            return offers
        return offers.grant(COUNT)
