"""Reactions and focus on the card beyond Dodge: Aid, Reactive strike, a boss's extra, Recover."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from nazh.application.encounters.access import owner_or_gm
from nazh.application.encounters.changes import EncounterChanges, Step
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.application.encounters.turns import TurnAct, resolve
from nazh.application.settings.server import Member
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Act, Encounter, Outcome
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.reactions import (
    aid,
    can_end_condition,
    check_recover,
    end_own_condition,
    extra_action,
    reactive_strike,
    recover,
    start_recovery,
)


def recover_key(roll_id: str) -> str:
    return f"recover:{roll_id}"


@dataclass(frozen=True, slots=True)
class Whom:
    """Whom a button's act is for, as the encounter stood when it was asked."""

    record: EncounterRecord
    combatant: Combatant


class EncounterReactions:
    """Aid, Reactive strike, Extra action (or a condition a boss ends) and Recover."""

    def __init__(self, changes: EncounterChanges) -> None:
        self._changes = changes

    # A button first finds whom it is for, tried on the newest encounter so a refusal comes before
    # anything is asked; the choice that follows is taken once under its prompt's once key. Recover
    # spends its 2 actions first, then its roll's points are given once per roll.
    async def who(self, member: Member, channel_id: int, act: TurnAct,
                  name: str | None = None) -> Whom:
        """The combatant ``act`` is for (``name``, or the clicker's own), tried on the newest."""
        gm = await self._changes.is_gm(member)
        record = await self._changes.current(channel_id)
        who = resolve(record, member.user_id, gm, act, name)
        owner_or_gm(who, act.wording + " for {name}")(record, member.user_id, gm)
        combatant = record.encounter.find(who)
        trial = _TRIALS.get(act)
        # ChooseCombatantError when several could; the act's refusal says why it cannot now
        if trial is not None:
            trial(record.encounter, combatant)
        return Whom(record, combatant)

    async def aid(self, member: Member, channel_id: int, name: str, aided: str, *,
                  once: str | None = None) -> Changed:
        """``name`` Aids ``aided`` (its reaction and 1 focus)."""
        return await self._act(member, channel_id, name, "Aid for {name}",
                               lambda e: aid(e, name, aided), once=once)

    async def strike(self, member: Member, channel_id: int, name: str, *,
                     once: str | None = None) -> Changed:
        """``name``'s reaction and 1 focus spent on a Reactive strike (the caller rolls it)."""
        return await self._act(member, channel_id, name, "make a Reactive strike for {name}",
                               lambda e: reactive_strike(e, name), once=once)

    async def extra(self, member: Member, channel_id: int, name: str, *,
                    seen_version: int | None = None, once: str | None = None) -> Changed:
        """A boss's extra action for 1 focus, on the ``seen_version`` only (a double click)."""
        return await self._act(member, channel_id, name, "spend {name}'s focus",
                               lambda e: extra_action(e, name), once=once,
                               seen_version=seen_version)

    async def end_condition(self, member: Member, channel_id: int, name: str,
                            condition: ConditionName, *, once: str | None = None,
                            source: str | None = None) -> Changed:
        """A boss ends one of its conditions for 1 focus (an Afflicted: ``source``'s)."""
        return await self._act(member, channel_id, name, "spend {name}'s focus",
                               lambda e: end_own_condition(e, name, condition, source=source),
                               once=once)

    async def start_recovery(self, member: Member, channel_id: int, name: str, *,
                             seen_version: int | None = None) -> Changed:
        """``name`` starts to Recover: 2 actions and its once per scene (its sheet's die)."""
        def act(encounter: Encounter) -> Outcome:
            _needs_sheet(encounter.find(name))
            return start_recovery(encounter, name)
        return await self._act(member, channel_id, name, "Recover for {name}", act,
                               seen_version=seen_version)

    async def recovered(self, member: Member, channel_id: int, name: str, roll_id: str,  # noqa: PLR0913 - a split's terms
                        points: int, *, to_health: int | None = None,
                        focus_room: int | None = None) -> Changed:
        """The points of ``name``'s Recover roll given as split (``to_health``), once per roll."""
        return await self._act(member, channel_id, name, "Recover for {name}",
                               lambda e: recover(e, name, points, to_health=to_health,
                                                 focus_room=focus_room),
                               once=recover_key(roll_id))

    async def _act(self, member: Member, channel_id: int, name: str, what: str,  # noqa: PLR0913 - each act's keys
                   act: Act, *, once: str | None = None,
                   seen_version: int | None = None) -> Changed:
        allowed = owner_or_gm(name, what)
        if once is not None and await self._changes.done(once):
            return Changed(await self._changes.current(channel_id), repeated=True)

        def change(record: EncounterRecord, gm: bool) -> Step:
            if seen_version is not None and record.version != seen_version:
                raise EncounterError("the encounter changed since this card was shown (it is "
                                     "updated now): look, and click again if you still mean it")
            allowed(record, member.user_id, gm)
            outcome = act(record.encounter)
            return Step(replace(record, encounter=outcome.encounter), outcome.events)
        return await self._changes.change(member, channel_id, change, once=once)


def _needs_sheet(combatant: Combatant) -> None:
    if combatant.character_id is None:
        raise EncounterError("{name} has no character sheet: Recover rolls a sheet's recovery die "
                             "(a GM gives a quick combatant health with /encounter heal)",
                             combatant=combatant.name, fields={"name": combatant.name})


def _recover_trial(encounter: Encounter, combatant: Combatant) -> None:
    check_recover(encounter, combatant.name)
    _needs_sheet(combatant)


def _extra_trial(encounter: Encounter, combatant: Combatant) -> None:
    """A boss may end a condition on its turn, or take an extra action after an enemy's."""
    if not can_end_condition(combatant):
        extra_action(encounter, combatant.name)  # refused: it says why


def _strike_trial(encounter: Encounter, combatant: Combatant) -> None:
    if combatant.character_id is None:
        raise EncounterError("{name} has no character sheet: a Reactive strike rolls a weapon of "
                             "its sheet (roll a quick combatant's with /attack test: damage:)",
                             combatant=combatant.name, fields={"name": combatant.name})
    reactive_strike(encounter, combatant.name)


_TRIALS: dict[TurnAct, Callable[[Encounter, Combatant], object]] = {
    TurnAct.AID: lambda e, c: reactive_strike(e, c.name),  # the same reaction and focus
    TurnAct.STRIKE: _strike_trial,
    TurnAct.EXTRA: _extra_trial,
    TurnAct.RECOVER: _recover_trial,
}
