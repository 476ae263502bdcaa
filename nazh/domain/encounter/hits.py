"""Damage landing on a combatant's health, and health recovered: the GM's by hand, and (with
"Attacks land") an attack's.

A hit's damage passes the target's defences (:func:`~.damage.landed`: deflect, Pierce,
immunities), then lowers its health, never below 0: at 0 a minion is defeated, anyone else
falls Unconscious (:func:`~.health.take_damage`, as Afflicted's damage does). Healing raises
health up to its maximum; it does not wake an Unconscious combatant (a GM removes the
condition, as the rules have a character wake).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.domain.encounter.damage import MAX_DAMAGE, DamageType, Landed, landed
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.summary import record_damage


@dataclass(frozen=True, slots=True)
class Landing:
    """What a hit did: its arithmetic, and the target's health before and after."""

    landed: Landed
    target: str
    before: int
    after: int

    @property
    def said(self) -> str:
        """``12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1``."""
        return f"{self.landed.arithmetic} -> {self.target}: {self.before} -> {self.after}"


def hit(encounter: Encounter, target: str, amount: int, damage_type: DamageType | None, *,
        pierce: bool = False, dealer: str | None = None) -> tuple[Outcome, Landing]:
    """``amount`` damage of ``damage_type`` landing on ``target`` (dealt by ``dealer`` when a
    combatant dealt it), and what it did."""
    struck = encounter.find(target)
    if struck.defeated:
        raise EncounterError(f"{struck.name} is defeated", combatant=struck.name)
    what = landed(amount, damage_type, deflect=struck.deflect, pierce=pierce,
                  immunities=struck.damage_immunities)
    outcome = record_damage(encounter, struck.name, what.taken, dealer=dealer)
    after = outcome.encounter.find(struck.name)
    return outcome, Landing(what, struck.name, struck.health, after.health)


def heal(encounter: Encounter, name: str, amount: int) -> Outcome:
    """``name`` recovers ``amount`` health (up to its maximum)."""
    if not 1 <= amount <= MAX_DAMAGE:
        raise EncounterError(f"healing from 1 to {MAX_DAMAGE} (got {amount})", combatant=name)
    healed = encounter.find(name)
    gained = min(amount, healed.health_max - healed.health)
    after = replace(healed, health=healed.health + gained)
    return Outcome(changed(encounter, after),
                   (encounter.event(EventKind.HEALED, after.name, amount=gained),))
