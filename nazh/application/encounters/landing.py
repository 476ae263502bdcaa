"""Attacks landing on their target (``/attack target:``): the one path an attack's damage takes
to the target's health.

:meth:`AttackLandings.land` reads what the roll's record says is due (:func:`~nazh.domain.
encounter.dues.dues`: a hit's damage once the roll is kept, a graze's once it is recorded, a
critical hit's difference once it is spent) and applies each part not applied yet, once under
a key holding the roll's id, whichever replica or click asks. It is called after the roll,
after a graze, after a critical hit and after a reveal: a secret roll (gm, blind) lands
nothing until its reveal, so nothing anyone else can see changes before. A part the encounter
refuses by then (the target defeated, the encounter ended) is a note, not an error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from nazh.application.encounters.access import anyone, owner_or_gm
from nazh.application.encounters.changes import EncounterChanges, NoEncounterError, Step
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.application.encounters.sheets import NOT_FOLLOWED
from nazh.application.rolls.landing import DEFENSES, InjuryDue, Landed
from nazh.application.rolls.model import Offers, RollRecord
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.target import TARGET, Target
from nazh.application.settings.server import Member
from nazh.domain.encounter.combatant import Role, Side
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.dues import Due, dues
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.hits import Landing, hit
from nazh.domain.encounter.summary import record_injury
from nazh.domain.errors import NazhError


def injury_roll_key(roll_id: str) -> str:
    """The once key of the injury an attack's Injury button rolls."""
    return f"injury-roll:{roll_id}"


def land_key(part: str, roll_id: str) -> str:
    """The once key of a part of an attack's damage landing."""
    return f"land:{part}:{roll_id}"


Tell = Callable[[int, Changed], Awaitable[None]]
"""Told of each change kept (the card's edit)."""


class AttackLandings:
    """Attacks' damage landing on their targets (see the module's text)."""

    def __init__(self, changes: EncounterChanges, tell: Tell) -> None:
        self._changes = changes
        self._tell = tell

    async def defense(self, channel_id: int, target: str, against: str) -> tuple[str, int]:
        """The target's name and its defense ``against`` (physical, cognitive, spiritual).

        Raises:
            EncounterError: no encounter here, no such combatant, or no such defense.
        """
        kind = against.strip().lower()
        if kind not in DEFENSES:
            raise EncounterError(f'against: no defense "{against}"; the defenses are '
                                 f"{', '.join(DEFENSES)}")
        try:
            record = await self._changes.current(channel_id)
        except NoEncounterError:
            raise EncounterError("target: there is no encounter in this channel") from None
        struck = record.encounter.find(target)
        value: int = getattr(struck.defenses, kind)
        return struck.name, value

    async def critical_refused(self, record: RollRecord) -> str | None:
        """Why the attack ``record`` cannot be made critical: its attacker is a minion of the
        channel's encounter (``None``: it may)."""
        current = await self._made_in(record)
        return None if current is None else _minion_said(current, record)

    async def offers(self, record: RollRecord) -> Offers:
        """What the result of the attack ``record`` offers as the channel's encounter stands:
        a critical hit unless its attacker is a minion there; the Injury button while its
        target is at 0 health (not defeated), the attack called for its injury (see
        :func:`_called_injury`) and that injury is not rolled yet. A roll made outside the
        encounter, or in one that has ended, offers what any roll does."""
        current = await self._made_in(record)
        if current is None:
            return Offers()
        injury = (_called_injury(current, record)
                  and not await self._changes.done(injury_roll_key(record.roll_id)))
        return Offers(critical=_minion_said(current, record) is None, injury=injury,
                      landed=_landed_stays(current, record))

    async def _made_in(self, record: RollRecord) -> EncounterRecord | None:
        """The channel's encounter, when the roll ``record`` was made in it."""
        term = record.term(ENCOUNTER)
        if term is None:
            return None
        try:
            current = await self._changes.current(record.roller.channel_id)
        except NoEncounterError:
            return None
        return current if current.encounter_id == term.encounter_id else None

    async def land(self, member: Member, record: RollRecord) -> Landed:
        """What the attack ``record`` owes its target applied, each part once (see the
        module's text); nothing for a roll without a target, or a secret not revealed."""
        target, term, attack = record.term(TARGET), record.term(ENCOUNTER), record.attack_view
        if target is None or term is None or attack is None or record.hidden \
                or record.result.pending:
            return Landed()
        lines: list[str] = []
        injured: str | None = None
        for due in dues(attack):
            key = land_key(due.part.value, record.roll_id)
            if await self._changes.done(key):
                continue
            try:
                landing, shown, unfollowed = await self._landed(member, record, target, term,
                                                                due, key)
            except NazhError as error:
                lines.append(f"{due.part.value} damage not applied: {error.summary}")
                continue
            if landing is None:
                continue
            lines.append(_said(landing, due, shown))
            lines.extend(unfollowed)
            if landing.injury:
                injured = landing.target
        return Landed(tuple(lines), injured)

    async def injury_due(self, member: Member, record: RollRecord, *,
                         claim: bool = True) -> InjuryDue:
        """The target the attack ``record`` brought to 0 health, whose injury its owner or a
        GM rolls (the Injury button): ``claim``, claimed once per attack, whoever clicks again
        (else only checked).

        Raises:
            EncounterError: not an attack on a combatant, the encounter has ended, the target
                is not at 0 health (or is defeated), or its injury from this attack was
                rolled already.
            NotAllowedError: neither its owner nor a GM.
        """
        target, term = record.term(TARGET), record.term(ENCOUNTER)
        if target is None or term is None:
            raise EncounterError(f"roll {record.roll_id} is no attack on a combatant")
        found: list[InjuryDue] = []
        allowed = owner_or_gm(target.combatant, "roll {name}'s injury")

        def change(current: EncounterRecord, gm: bool) -> Step:
            if current.encounter_id != term.encounter_id:
                raise EncounterError("the encounter the attack was made in has ended")
            struck = current.encounter.find(target.combatant)
            allowed(current, member.user_id, gm)
            if struck.defeated or struck.health:
                raise EncounterError(f"{struck.name} is not at 0 health: no injury is due",
                                     combatant=struck.name)
            if not _called_injury(current, record):
                raise EncounterError(f"this attack called for no injury of {struck.name}",
                                     combatant=struck.name,
                                     hint="the Injury button is on the attack that brought "
                                          "it to 0 health (or hit it there)")
            found[:] = [InjuryDue(current.channel_id, current.encounter_id, struck.name,
                                  struck.character_id, struck.deflect, struck.tally.injuries)]
            return Step(current)
        key = injury_roll_key(record.roll_id)
        if not claim:
            if await self._changes.done(key):
                raise EncounterError(f"{target.combatant}'s injury from this attack is rolled "
                                     "already", combatant=target.combatant)
            current = await self._changes.current(record.roller.channel_id)
            change(current, await self._changes.is_gm(member))
            return found[0]
        changed = await self._changes.change(member, record.roller.channel_id, change,
                                             once=key)
        if changed.repeated or not found:
            raise EncounterError(f"{target.combatant}'s injury from this attack is rolled "
                                 "already", combatant=target.combatant)
        return found[0]

    async def count_injury(self, member: Member, due: InjuryDue, roll_id: str) -> None:
        """The injury roll ``roll_id`` of a quick combatant counted in the encounter's tally
        once (a minion's first defeats it)."""
        def change(current: EncounterRecord, gm: bool) -> Step:
            if current.encounter_id != due.encounter_id:
                raise EncounterError("the encounter the attack was made in has ended")
            anyone(current, member.user_id, gm)
            outcome = record_injury(current.encounter, due.combatant)
            return Step(replace(current, encounter=outcome.encounter), outcome.events)
        changed = await self._changes.change(member, due.channel_id, change,
                                             once=f"injury:{roll_id}")
        await self._tell(due.channel_id, changed)

    async def _landed(self, member: Member, roll: RollRecord, target: Target,
                      term: InEncounter, due: Due, key: str
                      ) -> tuple[Landing | None, bool, tuple[str, ...]]:
        landings: list[tuple[Landing, bool]] = []
        kind = None if target.damage_type is None else DamageType.named(target.damage_type)

        def change(record: EncounterRecord, gm: bool) -> Step:
            if record.encounter_id != term.encounter_id:
                raise EncounterError("the encounter the attack was made in has ended")
            anyone(record, member.user_id, gm)
            dealer = next((c.name for c in record.encounter.combatants
                           if c.key == term.combatant.casefold()), None)
            outcome, landing = hit(record.encounter, target.combatant, due.amount, kind,
                                   pierce=target.pierce, dealer=dealer, roll_id=roll.roll_id,
                                   already=due.already, part=due.part.value)
            struck = record.encounter.find(target.combatant)
            landings[:] = [(landing, struck.side is not Side.ENEMY or record.show_health)]
            return Step(replace(record, encounter=outcome.encounter), outcome.events)
        changed = await self._changes.change(member, roll.roller.channel_id, change, once=key)
        if changed.repeated or not landings:
            return None, False, ()
        await self._tell(roll.roller.channel_id, changed)
        # a sheet that could not follow the card (deleted meanwhile) is said
        unfollowed = tuple(sheet.text for sheet in changed.sheets if not sheet.changes
                           and sheet.unchanged.startswith(NOT_FOLLOWED))
        return (*landings[0], unfollowed)


def _minion_said(current: EncounterRecord, record: RollRecord) -> str | None:
    """Why the attack ``record``, made in ``current``, is never critical: its attacker is a
    minion there (``None``: it is not)."""
    term = record.term(ENCOUNTER)
    attacker = None if term is None else next(
        (c for c in current.encounter.combatants if c.key == term.combatant.casefold()), None)
    if attacker is None or attacker.role is not Role.MINION:
        return None
    return f"{attacker.name} is a minion: a minion's attack is never a critical hit"


def _landed_stays(current: EncounterRecord, record: RollRecord) -> str | None:
    """What the attack ``record`` says once it changed after its damage landed (a part landed
    is no longer due, or is due with other damage: a die rerolled, the plot die added): the
    damage kept on its target stays (landing is not redone), and a GM's undo takes it back;
    ``None`` while what landed is what the roll says (or nothing of it is kept: undone)."""
    target, attack = record.term(TARGET), record.attack_view
    if target is None or attack is None or record.hidden or record.result.pending \
            or any(change.pending for change in record.changes):
        return None  # not seen, or a face still to choose
    struck = next((c for c in current.encounter.combatants
                   if c.key == target.combatant.casefold()), None)
    if struck is None:
        return None
    due = {d.part.value: d.amount for d in dues(attack)}
    kept = [a for a in struck.applications if a.roll_id == record.roll_id and a.part]
    if all(due.get(a.part or "") == a.amount for a in kept):
        return None
    return (f"the roll changed after its damage landed: {struck.name} keeps the damage it "
            f"took (landing is not redone); a GM takes it back with /encounter undo "
            f"combatant:{struck.name}")


def _called_injury(current: EncounterRecord, record: RollRecord) -> bool:
    """Whether the attack ``record``, made in ``current``, called for an injury that is still
    due: it is seen, its target is at 0 health and not defeated, and one of its applications
    kept on the target reached it at 0 (undone, or out of those kept: none is due)."""
    target = record.term(TARGET)
    if target is None or record.hidden:
        return False
    struck = next((c for c in current.encounter.combatants
                   if c.key == target.combatant.casefold()), None)
    if struck is None or struck.defeated or struck.health:
        return False
    return any(a.injury and a.roll_id == record.roll_id for a in struck.applications)


def _said(landing: Landing, due: Due, health_shown: bool) -> str:
    """One part's line: ``hit: 12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1`` (an enemy
    whose health the table does not see: ``... -> Bandit 2``), and what it did at 0."""
    said = landing.said if health_shown else \
        f"{landing.landed.arithmetic} -> {landing.target}"
    line = f"{due.part.value}: {said}"
    if landing.defeated:
        return f"{line} · {landing.target} is defeated"
    if landing.injury and landing.fell:
        return f"{line} · {landing.target} falls Unconscious and takes an injury"
    if landing.injury:
        return f"{line} · {landing.target} is at 0 health and takes an injury"
    return line
