"""The round's acts on the card and by command: Fast or Slow, Done, Next, actions, conditions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import Enum

from nazh.application.encounters.access import gm_only, may_act_for, owner_or_gm
from nazh.application.encounters.changes import EncounterChanges, Step
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.application.settings.server import Member
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import (
    Affliction,
    give_condition,
    remove_condition,
    spend_action,
    spend_reaction,
)
from nazh.domain.encounter.brace import BRACE, brace, leave_cover
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Act, Encounter, Outcome
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.flow import choose_speed, done, fast_phase_of, next_phase, waiting
from nazh.domain.encounter.health import check_choosing_to_wake
from nazh.domain.encounter.reactions import (
    can_end_condition,
    can_react,
    can_recover,
    can_take_extra,
    dodge,
)
from nazh.domain.encounter.timing import Moment, Speed
from nazh.domain.rolling import RandomSource


class TurnAct(Enum):
    """What a card's button does for the clicker's combatant."""

    FAST = "fast"
    SLOW = "slow"
    DONE = "done"
    ACTION = "action"
    REACTION = "reaction"
    DODGE = "dodge"
    AID = "aid"
    STRIKE = "strike"
    EXTRA = "extra"
    RECOVER = "recover"
    BRACE = "brace"
    COVER = "cover"  # leave the cover of a Brace

    @property
    def wording(self) -> str:
        """``go fast``, as a refusal says it."""
        return _WORDING[self]


_WORDING = {TurnAct.FAST: "go fast", TurnAct.SLOW: "go slow", TurnAct.DONE: "press Done",
            TurnAct.ACTION: "spend an action", TurnAct.REACTION: "spend the reaction",
            TurnAct.DODGE: "Dodge", TurnAct.AID: "Aid", TurnAct.STRIKE: "make a Reactive strike",
            TurnAct.EXTRA: "spend focus for an extra action", TurnAct.RECOVER: "Recover",
            TurnAct.BRACE: "Brace", TurnAct.COVER: "leave cover"}


# a clicker's only combatant is taken even when not, so the refusal says why
_FOCUSED: dict[TurnAct, Callable[[Combatant], bool]] = {
    TurnAct.DODGE: can_react,
    TurnAct.AID: can_react,
    TurnAct.STRIKE: lambda c: can_react(c) and c.character_id is not None,
    TurnAct.EXTRA: lambda c: can_take_extra(c) or can_end_condition(c),
    TurnAct.RECOVER: can_recover,
}
"""The acts that spend focus or Recover, and whether each could be taken for a combatant now."""


def _acting(combatant: Combatant) -> bool:
    return combatant.turn.current is not None and bool(combatant.turn.actions)


_ABLE: dict[TurnAct, Callable[[Combatant], bool]] = {
    TurnAct.ACTION: _acting,
    TurnAct.BRACE: lambda c: (_acting(c) and not c.reactions.braced
                              and BRACE not in c.turn.used),
    TurnAct.COVER: lambda c: c.reactions.braced,
}
"""The acts of a turn that spend no focus, and whether each could be taken for it now."""


class ChooseCombatantError(EncounterError):
    """The clicker acts for several combatants this act applies to (in roster order): which one?"""

    def __init__(self, act: TurnAct, names: tuple[str, ...]) -> None:
        self.act = act
        self.names = names
        super().__init__("you may {wording} for {names}: choose one",
                         fields={"wording": act.wording, "names": ", ".join(names)})


def applies(act: TurnAct, encounter: Encounter, combatant: Combatant) -> bool:
    """Whether ``act`` could be taken for ``combatant`` now."""
    if combatant.defeated:
        return False
    if act in (TurnAct.FAST, TurnAct.SLOW):
        speed = Speed(act.value)
        return (not combatant.boss and combatant.turn.speed is not speed
                and encounter.phase.index <= fast_phase_of(combatant).index
                and (speed is Speed.SLOW or combatant.no_fast_turn() is None)
                and not (speed is Speed.SLOW and Speed.FAST in combatant.turn.started))
    if act is TurnAct.DONE:
        return waiting(combatant, encounter.phase)
    able = _ABLE.get(act) or _FOCUSED.get(act)
    if able is not None:
        return able(combatant)
    return combatant.reaction_left and not combatant.reactions.dodging


def candidates(record: EncounterRecord, user_id: int, gm: bool,
               act: TurnAct) -> tuple[str, ...]:
    """The combatants ``user_id`` acts for that ``act`` applies to now (a GM's own first)."""
    encounter = record.encounter
    fit = [c for c in encounter.combatants
           if may_act_for(c, user_id, gm) and applies(act, encounter, c)]
    own = [c.name for c in fit if c.owner_id == user_id]
    return (*own, *(c.name for c in fit if c.owner_id != user_id))


def resolve(record: EncounterRecord, user_id: int, gm: bool, act: TurnAct,
            name: str | None) -> str:
    """The combatant an act is for: ``name`` when given, else the clicker's only one."""
    if name is not None:
        return record.encounter.find(name).name
    found = candidates(record, user_id, gm, act)
    own = tuple(n for n in found if record.encounter.find(n).owner_id == user_id)
    if len(own) == 1 and not gm:
        return own[0]
    if len(found) == 1:
        return found[0]
    mine = [c.name for c in record.encounter.combatants
            if c.owner_id == user_id and not c.defeated]
    if not found and len(mine) == 1 and act in _FOCUSED:
        return mine[0]  # the act, taken for it, says why it cannot
    if not found:
        raise EncounterError("you have no combatant that can {wording} now",
                             hint="it is round {round}, the {phase} phase",
                             fields={"wording": act.wording, "round": record.encounter.round,
                                     "phase": record.encounter.phase.title})
    raise ChooseCombatantError(act, found)


class EncounterTurns:
    """The acts of the round."""

    def __init__(self, changes: EncounterChanges, dice: RandomSource | None = None) -> None:
        self._changes = changes
        self._dice = dice  # Afflicted's dice, rolled where a turn ends

    async def take(self, member: Member, channel_id: int, act: TurnAct,
                   name: str | None = None, *, seen_version: int | None = None,
                   read: EncounterRecord | None = None) -> Changed:
        """``act`` for ``name`` (``None``: the clicker's own), only on ``seen_version`` if given."""
        # seen_version: a double click on Spend action spends one
        def change(record: EncounterRecord, gm: bool) -> Step:
            if seen_version is not None and record.version != seen_version:
                raise EncounterError("the encounter changed since this card was shown (it is "
                                     "updated now): look, and click again if you still mean it")
            who = resolve(record, member.user_id, gm, act, name)
            owner_or_gm(who, act.wording + " for {name}")(record, member.user_id, gm)
            if act is TurnAct.DONE:
                return _stepped(record, lambda e: done(e, who, self._dice))
            taken = _ACTS.get(act)
            if taken is None:
                raise EncounterError("{wording} is chosen on the card",
                                     fields={"wording": act.wording})
            return _stepped(record, taken(who))
        return await self._changes.change(member, channel_id, change, read=read)

    async def next(self, member: Member, channel_id: int, seen: Moment | None = None, *,
                   read: EncounterRecord | None = None) -> Changed:
        """Next (a GM): the current phase ends; ``seen``: the moment the GM saw (pressed once)."""
        check = gm_only("end the phase (Next)")

        def change(record: EncounterRecord, gm: bool) -> Step:
            check(record, member.user_id, gm)
            now = record.encounter.moment
            if seen is not None and seen != now:
                raise EncounterError("the {phase} phase of round {round} has already ended (now: "
                                     "round {now_round}, {now_phase})",
                                     fields={"phase": seen.phase.title, "round": seen.round,
                                             "now_round": now.round,
                                             "now_phase": now.phase.title})
            return _stepped(record, lambda e: next_phase(e, self._dice))
        return await self._changes.change(member, channel_id, change, read=read)

    async def condition(self, member: Member, channel_id: int, name: str,
                        affliction: Affliction) -> Changed:
        """``name`` takes the condition (by its owner or a GM)."""
        return await self._changes.act(member, channel_id,
                                       lambda e: give_condition(e, name, affliction),
                                       owner_or_gm(name, "give {name} conditions"))

    async def uncondition(self, member: Member, channel_id: int, name: str,
                          condition: ConditionName, *, attribute: Attribute | None = None,
                          source: str | None = None) -> Changed:
        """``name`` loses the condition (by its owner or a GM; its owner wakes it in time only)."""
        allowed = owner_or_gm(name, "remove {name}'s conditions")

        def check(record: EncounterRecord, user_id: int, gm: bool) -> None:
            allowed(record, user_id, gm)
            if condition is ConditionName.UNCONSCIOUS and not gm:
                check_choosing_to_wake(record.encounter.find(name))
        return await self._changes.act(
            member, channel_id,
            lambda e: remove_condition(e, name, condition, attribute=attribute, source=source),
            check)


_ACTS: dict[TurnAct, Callable[[str], Act]] = {
    TurnAct.FAST: lambda n: lambda e: choose_speed(e, n, Speed.FAST),
    TurnAct.SLOW: lambda n: lambda e: choose_speed(e, n, Speed.SLOW),
    TurnAct.ACTION: lambda n: lambda e: spend_action(e, n),
    TurnAct.REACTION: lambda n: lambda e: spend_reaction(e, n),
    TurnAct.DODGE: lambda n: lambda e: dodge(e, n),
    TurnAct.BRACE: lambda n: lambda e: brace(e, n),
    TurnAct.COVER: lambda n: lambda e: leave_cover(e, n),
}


def _stepped(record: EncounterRecord, act: Act) -> Step:
    outcome: Outcome = act(record.encounter)
    return Step(replace(record, encounter=outcome.encounter), outcome.events)
