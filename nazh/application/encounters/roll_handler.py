"""The encounter's part in a roll made in it: read once before the roll, changed once after."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from nazh.application.encounters.changes import (
    ATTEMPTS,
    EncounterBusyError,
    EncounterChanges,
    NoEncounterError,
    Step,
)
from nazh.application.encounters.deadly import deadly_owed
from nazh.application.encounters.injury_effects import injury_effect_owed
from nazh.application.encounters.maneuvers import maneuver_owed, placed
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.application.encounters.other_targets import other_landings
from nazh.application.encounters.owed import NotHereError, Owed, failed, owed
from nazh.application.encounters.sheets import NOT_FOLLOWED
from nazh.application.rolls.events import Happened, RollEvent, RollPlace, Situation
from nazh.application.rolls.model import CRITICAL, Offers, Rolled, RollRecord
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.kind import NO_TERMS
from nazh.application.rolls.terms.maneuver import MANEUVER
from nazh.application.rolls.terms.target import TARGET
from nazh.domain.encounter.combatant import Combatant, Role
from nazh.domain.encounter.conditions import ConditionName, has
from nazh.domain.encounter.dues import dues
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event
from nazh.domain.encounter.named import Hand, strike_hand
from nazh.domain.encounter.reactions import dodge_ready
from nazh.domain.encounter.rolls import RollEffects, roll_effects
from nazh.domain.errors import NazhError
from nazh.domain.spending import Use
from nazh.domain.weapon import INDIRECT, OFFHAND, has_trait

DEFENSES = ("physical", "cognitive", "spiritual")
"""The defenses an attack may be made against (``/attack against:``)."""
INJURY = "injury"
"""The offer of the Injury button: the attack brought its target to 0 health."""
UNDO_ACTION = "undo-action"
"""The offer of giving back the action a roll spent."""
KNOCK_OUT = "knock-out"
"""The offer of knocking out (Unconscious) the enemy an attack defeated: the final blow's choice."""
USE_DETERMINED = "use-determined"
"""The offer of using Determined on a failed test: an Opportunity added, the condition ended."""

Watcher = Callable[[int, Changed], Awaitable[None]]
"""Told of each change a roll kept in a channel's encounter (the card's edit); must not raise."""


def knock_out_key(roll_id: str) -> str:
    """The once key of knocking out the target an attack defeated."""
    return f"knock-out:{roll_id}"


def injury_roll_key(roll_id: str) -> str:
    """The once key of the injury an attack's Injury button rolls."""
    return f"injury-roll:{roll_id}"


def deadly_injury_key(roll_id: str) -> str:
    """The once key of the injury an Opportunity spent on a Deadly weapon called for."""
    return f"injury-roll:deadly:{roll_id}"


class EncounterRolls:
    """What the channel's encounter does to a roll made in it, and what the roll does to it."""

    def __init__(self, changes: EncounterChanges) -> None:
        self._changes = changes
        self._watchers: list[Watcher] = []

    def watch(self, watcher: Watcher) -> None:
        """Tell ``watcher`` of every change a roll keeps from now on."""
        self._watchers.append(watcher)

    async def tell(self, channel_id: int, changed: Changed) -> None:
        """Tell the watchers of ``changed`` (nothing, when it was made already)."""
        if not changed.repeated:
            for watcher in self._watchers:
                await watcher(channel_id, changed)

    async def situation(self, place: RollPlace) -> Situation:
        """The situation of a roll at ``place`` in the channel's encounter, read once."""
        against = place.against.strip().lower()
        if place.target is not None and against not in DEFENSES:
            raise EncounterError('against: no defense "{against}"; the defenses are {defenses}',
                                 fields={"against": place.against, "defenses": ", ".join(DEFENSES)})
        try:
            record = await self._changes.current(place.channel_id)
        except NoEncounterError:
            if place.target is not None:
                raise EncounterError("target: there is no encounter in this channel",
                                     hint="a target is a combatant of the channel's "
                                          "encounter") from None
            return Situation()
        combatant = next((c for c in record.encounter.combatants
                          if c.character_id == place.character_id and not c.defeated), None)
        if combatant is None:
            if place.target is not None:
                raise EncounterError("target: the attacker is not a combatant of this "
                                     "channel's encounter", hint="/encounter join first")
            return Situation(read=record)
        return _situation(record, combatant, place, against)

    async def check(self, event: RollEvent) -> None:
        """Nothing to refuse: what the encounter refuses by then is a note."""

    async def handle(self, event: RollEvent) -> Rolled:
        """What the roll owes the encounter applied in one change, with its result's offers."""
        rolled = event.rolled
        record = rolled.record
        # other targets: other_targets.py
        acts = [*owed(event), *maneuver_owed(event), *injury_effect_owed(event),
                *deadly_owed(event), *other_landings(event.record)]
        if not acts:
            return rolled.offering(await self.offers(record, rolled.offers))
        seen = None if event.situation is None else event.situation.read
        read = seen if isinstance(seen, EncounterRecord) else None
        notes: tuple[Note, ...] = ()
        # what follows a sheet is kept apart: the sheets must not follow it back
        for follow in (True, False):
            group = [act for act in acts if act.follow is follow]
            if group:
                read, said = await self._settled(event, group, read)
                notes += said
        if read is None:
            return rolled.noted(*notes)
        return rolled.noted(*notes).offering(await self._offered(
            read, record, rolled.offers, fresh=event.happened is Happened.KEPT))

    async def _settled(self, event: RollEvent, acts: list[Owed],
                       read: EncounterRecord | None
                       ) -> tuple[EncounterRecord | None, tuple[Note, ...]]:
        """The acts not kept yet applied in one change (again on a newer version), and notes."""
        channel_id = event.record.roller.channel_id
        term = event.record.term(ENCOUNTER)
        keys = tuple(act.key for act in acts)
        for attempt in range(ATTEMPTS):
            # a roll just kept owes everything; anything else may have had some already
            fresh = attempt == 0 and event.happened is Happened.KEPT
            done = frozenset() if fresh else await self._changes.done_of(keys)
            waiting = [act for act in acts if act.key not in done]
            if not waiting:
                return read or await self._current(channel_id), ()
            current = read if attempt == 0 and read is not None else await self._current(
                channel_id)
            if current is None:  # said only of a roll made in an encounter
                return None, () if term is None else _refused_all(
                    waiting, Note("there is no encounter in this channel"))
            if term is not None and current.encounter_id != term.encounter_id:
                return current, _refused_all(waiting, Note("the encounter the roll was made in "
                                                           "has ended"))
            step, kept, notes = _applied(current, waiting)
            step = replace(step, follow=waiting[0].follow)
            if not kept:
                return current, notes
            changed = await self._changes.keep(event.member, current, step, once=kept)
            if changed is not None:
                await self.tell(channel_id, changed)
                return changed.record, (*notes, *_unfollowed(changed))
        raise EncounterBusyError()

    async def _current(self, channel_id: int) -> EncounterRecord | None:
        try:
            return await self._changes.current(channel_id)
        except NoEncounterError:
            return None

    async def offers(self, record: RollRecord, offers: Offers) -> Offers:
        """``offers`` with what the roll's result offers as its encounter now stands."""
        term = record.term(ENCOUNTER)
        if term is None:
            return offers
        current = await self._current(record.roller.channel_id)
        if current is None or current.encounter_id != term.encounter_id:
            return offers.grant(UNDO_ACTION) if term.action else offers
        return await self._offered(current, record, offers)

    async def _offered(self, current: EncounterRecord, record: RollRecord, offers: Offers, *,
                       fresh: bool = False) -> Offers:
        """What ``record``'s result offers as ``current`` stands (``fresh``: just kept)."""
        term = record.term(ENCOUNTER)
        if term is None or current.encounter_id != term.encounter_id:
            return offers
        # no critical hit for a minion's attack, the Injury button while the injury it called for is
        # not rolled, giving back the action, and what changed after its damage landed
        if term.action:
            offers = offers.grant(UNDO_ACTION)
        if determined_open(current, record, term):
            offers = offers.grant(USE_DETERMINED)
        minion = minion_said(current, record)
        if minion is not None:
            offers = offers.withhold(CRITICAL, minion)
        # a roll just kept has had no injury rolled for it yet: nothing to ask
        called = injuries_called(current, record)
        if called and (fresh or len(await self._changes.done_of(called)) < len(called)):
            offers = offers.grant(INJURY)
        if defeated_by(current, record):
            offers = offers.grant(KNOCK_OUT)
        return offers.noted(_landed_stays(current, record))


def determined_open(current: EncounterRecord, record: RollRecord, term: InEncounter) -> bool:
    """Whether the roll's player may still use Determined on it: failed, held, not used."""
    # rule (Conditions, Determined): "when you fail a test, you can add an Opportunity to the
    # result. After you choose to do so, remove the Determined condition"
    if not term.may_use_determined or term.determined or not failed(record):
        return False
    held = next((c for c in current.encounter.combatants
                 if c.key == term.combatant.casefold()), None)
    return held is not None and has(held.conditions, ConditionName.DETERMINED)


def _situation(record: EncounterRecord, combatant: Combatant, place: RollPlace,
               against: str) -> Situation:
    encounter, kind = record.encounter, place.kind
    aimed, target = None, None
    if place.target is not None:
        aimed = encounter.find(place.target)
        target = (aimed.name, getattr(aimed.defenses, against))
        if kind is not None:
            kind = replace(kind, target=aimed.conditions)
    maneuver = placed(combatant, aimed, place, kind)  # Gain Advantage, Grapple, Shove
    kind = maneuver.kind
    effects = RollEffects() if kind is None else roll_effects(combatant.conditions, kind)
    reasons, advantages, disadvantages = (list(effects.reasons) + list(maneuver.reasons),
                                          effects.advantages + maneuver.advantages,
                                          effects.disadvantages)
    # rule (Dodge): "You can't use this reaction on area attacks or on those that target
    # multiple characters"
    dodged_by = aimed.name if aimed is not None and not place.several and dodge_ready(aimed) \
        else None
    if dodged_by is not None:
        reasons.append("target Dodging: disadvantage")
        disadvantages += 1
    # rule (Brace): "All attacks against you gain a disadvantage for as long as you stay behind
    # cover"; (part 6, Indirect) "Your target can't benefit from the Brace action against
    # attacks made with this weapon"
    if aimed is not None and kind is not None and kind.attack and aimed.reactions.braced:
        if has_trait(kind.traits, INDIRECT):
            reasons.append("target Braced: Indirect, no disadvantage")
        else:
            reasons.append("target Braced: disadvantage")
            disadvantages += 1
    aided_by = None if kind is None else combatant.reactions.aided_by
    if aided_by is not None:
        reasons.append(f"Aided by {aided_by}: advantage")
        advantages += 1
    parts = tuple((m.condition.title, m.modifier) for m in effects.modifications if m.modifier)
    # an injury roll (no test) and a reaction spend no action (the starter rules, Combat)
    action = kind is not None and not place.reaction and combatant.turn.current is not None \
        and bool(combatant.turn.actions)
    # rule (Strike): once for each hand a turn, the offhand's for 2 focus: refused before the d20
    trait = kind is not None and has_trait(kind.traits, OFFHAND)
    hand = strike_hand(combatant, trait).value if action and kind is not None and kind.attack \
        else None
    term = InEncounter(record.encounter_id, encounter.name, encounter.round,
                       encounter.phase.value, combatant.name, tuple(reasons), parts, advantages,
                       disadvantages, False, action, dodged_by, aided_by,
                       has(combatant.conditions, ConditionName.FOCUSED),
                       may_use_determined=effects.determined, hand=hand,
                       offhand_trait=trait and hand == Hand.OFF.value)
    return Situation(NO_TERMS.with_term(ENCOUNTER, term).with_term(MANEUVER, maneuver.term),
                     parts, advantages, disadvantages, target, record,
                     skill_bonus=effects.attribute_bonus)


def _applied(current: EncounterRecord, acts: list[Owed]
             ) -> tuple[Step, tuple[str, ...], tuple[Note, ...]]:
    """``acts`` applied one after another: the step, the keys of those kept, and the notes."""
    encounter: Encounter = current.encounter
    events: list[Event] = []
    kept: list[str] = []
    notes: list[Note] = []
    for act in acts:
        try:
            outcome, said = act.act(replace(current, encounter=encounter))
        except NotHereError:
            continue
        except NazhError as error:
            notes.append(Note("{act}: {reason}", act=act.refused, reason=error))
            continue
        encounter = outcome.encounter
        events.extend(outcome.events)
        kept.append(act.key)
        if said is not None:
            notes.append(said)
    return (Step(replace(current, encounter=encounter), tuple(events)), tuple(kept),
            tuple(notes))


def _refused_all(acts: list[Owed], why: Note) -> tuple[Note, ...]:
    return tuple(Note("{act}: {reason}", act=act.refused, reason=why) for act in acts)


def _unfollowed(changed: Changed) -> tuple[Note, ...]:
    return tuple(Note("{name}: {unchanged}", name=sheet.name, unchanged=sheet.unchanged)
                 for sheet in changed.sheets
                 if not sheet.changes and sheet.unchanged.startswith(NOT_FOLLOWED))


def minion_said(current: EncounterRecord, record: RollRecord) -> Note | None:
    """Why the attack ``record`` is never critical: its attacker is a minion (else ``None``)."""
    term = record.term(ENCOUNTER)
    attacker = None if term is None else next(
        (c for c in current.encounter.combatants if c.key == term.combatant.casefold()), None)
    if attacker is None or attacker.role is not Role.MINION or record.attack is None:
        return None
    return Note("{name} is a minion: a minion's attack is never a critical hit",
                name=attacker.name)


def _landed_stays(current: EncounterRecord, record: RollRecord) -> Note | None:
    """What the attack ``record`` says once changed after its damage landed (the damage stays)."""
    target, attack = record.term(TARGET), record.attack_view
    # None while what landed is what the roll says (or nothing of it is kept: undone)
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
    return Note("the roll changed after its damage landed: {name} keeps the damage it took "
                "(landing is not redone); a GM takes it back with /encounter undo "
                "combatant:{name}", name=struck.name)


def defeated_by(current: EncounterRecord, record: RollRecord) -> bool:
    """Whether the attack ``record`` defeated its target, which the final blow may knock out."""
    struck = _struck_by(current, record)
    if struck is None or not struck.defeated or struck.health or struck.role is Role.MINION \
            or ConditionName.UNCONSCIOUS in struck.immunities:
        return False
    return any(a.defeated and a.roll_id == record.roll_id for a in struck.applications)


def called_injury(current: EncounterRecord, record: RollRecord) -> bool:
    """Whether the attack ``record`` called for an injury still due (target at 0, not defeated)."""
    struck = _struck_by(current, record)
    if struck is None or struck.defeated or struck.health:
        return False
    # one of its applications kept on the target reached it at 0 (undone: none is due)
    return any(a.injury and a.roll_id == record.roll_id for a in struck.applications)


def injuries_called(current: EncounterRecord, record: RollRecord) -> tuple[str, ...]:
    """The once keys of the injuries the attack ``record`` called for on its target, rolled or
    not: at 0 health, and an Opportunity spent on its Deadly weapon (part 6, Weapon Traits)."""
    # rule (Deadly): "you can spend an Opportunity to cause the target to immediately suffer an
    # injury", whatever its health: one of its own beside the one 0 health calls for
    term = record.term(ENCOUNTER)
    if term is None or term.encounter_id != current.encounter_id:
        return ()
    called: tuple[str, ...] = (injury_roll_key(record.roll_id),) \
        if called_injury(current, record) else ()
    if any(one.use is Use.DEADLY for one in record.spent):
        struck = _struck_by(current, record)
        if struck is not None and not struck.defeated:
            called += (deadly_injury_key(record.roll_id),)
    return called


def _struck_by(current: EncounterRecord, record: RollRecord) -> Combatant | None:
    """The target of the attack ``record`` as it stands (``None``: no attack seen, or gone)."""
    target = record.term(TARGET)
    if target is None or record.hidden:
        return None
    return next((c for c in current.encounter.combatants
                 if c.key == target.combatant.casefold()), None)

