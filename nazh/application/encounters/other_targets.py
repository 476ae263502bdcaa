"""An attack's other targets in the channel's encounter: found with their defense before the
roll, and the damage each is dealt landing on it once (the starter rules, part 3, "Attacking":
Attacks With Multiple Targets)."""

from __future__ import annotations

from collections.abc import Callable

from nazh.application.encounters.changes import EncounterChanges, NoEncounterError
from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.owed import Done, Owed, land_key, not_applied, said
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.target import TARGET
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.domain.encounter.combatant import Side
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.dues import Due, dues
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.hits import hit
from nazh.domain.targets import OtherTarget, against, check_names


async def other_targets(changes: EncounterChanges, channel_id: int, first: str,
                        names: tuple[str, ...], defense: str) -> tuple[OtherTarget, ...]:
    """The combatants ``names`` of the channel's encounter as targets besides ``first``."""
    check_names(first, names, None)
    try:
        record = await changes.current(channel_id)
    except NoEncounterError:
        raise EncounterError("target2: there is no encounter in this channel") from None
    found = []
    for name in names:
        combatant = record.encounter.find(name)
        if combatant.defeated:
            raise EncounterError("{name} is defeated", combatant=combatant.name,
                                 fields={"name": combatant.name})
        found.append(OtherTarget(combatant.name, getattr(combatant.defenses, defense)))
    return tuple(found)


def other_landings(record: RollRecord) -> list[Owed]:
    """The damage each other target of ``record``'s attack is dealt, each part once."""
    others, target, attack = (record.term(OTHER_TARGETS), record.term(TARGET),
                              record.attack_view)
    if not others or target is None or attack is None or record.result.pending:
        return []
    kind = None if target.damage_type is None else DamageType.named(target.damage_type)
    term = record.term(ENCOUNTER)
    acts = []
    for index, other in enumerate(others, start=2):

        def landed(due: Due, name: str = other.combatant) -> Callable[[EncounterRecord], Done]:
            def act(current: EncounterRecord) -> Done:
                encounter = current.encounter
                dealer = None if term is None else next(
                    (c.name for c in encounter.combatants
                     if c.key == term.combatant.casefold()), None)
                outcome, landing = hit(encounter, name, due.amount, kind, pierce=target.pierce,
                                       dealer=dealer, roll_id=record.roll_id,
                                       already=due.already, part=due.part.value)
                struck = encounter.find(name)
                return outcome, said(landing, due, struck.side is not Side.ENEMY
                                     or current.show_health)
            return act
        acts += [Owed(f"{land_key(due.part.value, record.roll_id)}:{index}", landed(due),
                      Note("{name}: {refused}", name=other.combatant,
                           refused=not_applied(due.part)))
                 for due in dues(against(attack, other))]
    return acts
