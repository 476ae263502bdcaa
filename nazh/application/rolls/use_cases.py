"""The roll use cases together, as the chat front end takes them, sharing one table of handlers."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.amending import AmendRolls
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.revealing import RevealRolls
from nazh.application.rolls.steps import RollSteps


@dataclass(frozen=True, slots=True)
class RollUseCases:
    """One use case per act on a roll, sharing one table and one table of handlers."""

    table: RollActions
    amend: AmendRolls
    reveal: RevealRolls
    steps: RollSteps

    @classmethod
    def of(cls, table: RollActions, handlers: RollHandlers) -> RollUseCases:
        return cls(table, AmendRolls(table, handlers), RevealRolls(table, handlers),
                   RollSteps(table, handlers))
