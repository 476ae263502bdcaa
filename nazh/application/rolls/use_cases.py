"""The roll use cases together, as the chat front end takes them: made and found
(:class:`RollActions`), amended (:class:`AmendRolls`), revealed (:class:`RevealRolls`), and the
steps taken on a roll (:class:`RollSteps`)."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.characters.gate import SheetGate
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.amending import AmendRolls
from nazh.application.rolls.counting import RunningEndeavors
from nazh.application.rolls.landing import Landings
from nazh.application.rolls.revealing import RevealRolls
from nazh.application.rolls.steps import EncounterTallies, RollSteps


@dataclass(frozen=True, slots=True)
class RollUseCases:
    """One use case per act on a roll, sharing one table."""

    table: RollActions
    amend: AmendRolls
    reveal: RevealRolls
    steps: RollSteps

    @classmethod
    def of(cls, table: RollActions, sheets: SheetGate | None = None,
           encounters: EncounterTallies | None = None,
           landings: Landings | None = None,
           endeavors: RunningEndeavors | None = None) -> RollUseCases:
        """The use cases on ``table``; ``sheets``: the gate a roll's effects on a character's
        sheet pass (without it, rolls change no sheet); ``encounters``: where an attack made
        in an encounter counts its graze or critical hit; ``landings``: where an attack's
        damage lands on its target; ``endeavors``: where they run (a test's result there
        offers Count)."""
        return cls(table, AmendRolls(table, landings),
                   RevealRolls(table, sheets, landings, endeavors),
                   RollSteps(table, sheets, encounters, landings, endeavors))
