"""What a combatant did and suffered in an encounter, for the summary at its end."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.domain.encounter.conditions import ConditionName


@dataclass(frozen=True, slots=True)
class Tally:
    """A combatant's counts, and the conditions it suffered (each once, first taken first)."""

    damage_dealt: int = 0
    damage_taken: int = 0
    critical_hits: int = 0
    grazes: int = 0
    injuries: int = 0
    conditions: tuple[ConditionName, ...] = ()

    def dealt(self, amount: int) -> Tally:
        """This tally with ``amount`` more damage dealt."""
        return replace(self, damage_dealt=self.damage_dealt + amount)

    def taken(self, amount: int) -> Tally:
        """This tally with ``amount`` more damage taken."""
        return replace(self, damage_taken=self.damage_taken + amount)

    def critical_hit(self) -> Tally:
        """This tally with one more critical hit scored."""
        return replace(self, critical_hits=self.critical_hits + 1)

    def graze(self) -> Tally:
        """This tally with one more graze."""
        return replace(self, grazes=self.grazes + 1)

    def injury(self) -> Tally:
        """This tally with one more injury taken."""
        return replace(self, injuries=self.injuries + 1)

    def suffered(self, name: ConditionName) -> Tally:
        """This tally with ``name`` among the conditions suffered."""
        if name in self.conditions:
            return self
        return replace(self, conditions=(*self.conditions, name))
