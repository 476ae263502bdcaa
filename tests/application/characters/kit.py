"""Shared arrange code of the tests in tests/application/characters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nazh.application.characters.effects import (
    CountInjury,
    GainFocus,
    LoseFocus,
    OneShotLeft,
    Recover,
    SpendAmmunition,
    SpendFocus,
)
from nazh.application.characters.rolls import InjuryAsked
from nazh.application.settings.server import Member, Visibility
from nazh.domain.attack import Step
from nazh.domain.character import Character, Resource
from nazh.domain.spending import Use
from tests.fakes import FakeRng, d, script
from tests.roll_sheets_kit import GM, GM_ID, ID_FACES, PLAYER, PLAYER_ID, Table, request

Roll = Callable[[Table, Visibility], Awaitable[str]]
Step_ = Callable[[Table, str], Awaitable[object]]


@dataclass(frozen=True)
class Cause:
    """How a kind of effect comes about: the dice, the roll, the step after it (``None``: the
    roll itself has the effect) and the sheet's field it moves, from ``before`` to ``after``."""

    dice: Callable[[], FakeRng]
    roll: Roll
    step: Step_ | None
    field: Callable[[Character], int]
    before: int
    after: int
    focus: int = 3
    by: int = PLAYER_ID  # whose change the sheet's audit names
    onces: int = 1  # the sheet's changes the roll and its step make, each once
    between: int | None = None  # the field once the roll made its own change, before the step


async def _attack(t: Table, visibility: Visibility) -> str:
    return (await t.rolls.attack(PLAYER, "Spear", request(visibility=visibility),
                                 defense=14)).record.roll_id


async def _loaded_attack(t: Table, visibility: Visibility) -> str:
    """The starter rules, part 6, Loaded [X]: "To make a ranged attack with this weapon, you
    must spend 1 stored ammunition"."""
    return (await t.rolls.attack(PLAYER, "Crossbow", request(visibility=visibility),
                                 defense=14)).record.roll_id


async def _one_shot_left(t: Table, roll_id: str) -> object:
    """A GM spends the attack's Complication on its Loaded weapon (the starter rules, part 6,
    Loaded [X]: "after they do, the weapon only has one shot remaining")."""
    return await t.steps.spend(roll_id, GM, Use.LOADED)


async def _graze(t: Table, roll_id: str) -> object:
    return await t.steps.record_attack(roll_id, PLAYER, Step.GRAZE)


async def _check(t: Table, visibility: Visibility) -> str:
    return (await t.rolls.check(PLAYER, "insight", request(visibility=visibility))).record.roll_id


async def _recover_focus(t: Table, roll_id: str) -> object:
    return await t.steps.spend(roll_id, PLAYER, Use.FOCUS)


async def _lose_focus(t: Table, roll_id: str) -> object:
    """A GM spends the roll's Complication on "Become Distracted" (starter rules, Introduction:
    "Using Cosmere RPG Dice", Facing a Complication)."""
    return await t.steps.spend(roll_id, GM, Use.LOSE_FOCUS)


async def _injury(t: Table, visibility: Visibility) -> str:
    rolled = await t.rolls.injury(PLAYER, InjuryAsked(), request(visibility=visibility))
    return rolled.record.roll_id


async def _short_rest(t: Table, visibility: Visibility) -> str:
    rolled = await t.rolls.short_rest(PLAYER, request(visibility=visibility),
                                      first=Resource.FOCUS)
    return rolled.record.roll_id


def _focus(sheet: Character) -> int:
    return sheet.focus.current


def _injuries(sheet: Character) -> int:
    return sheet.injuries


def _ammunition(sheet: Character) -> int:
    return sheet.weapon("Crossbow").shots or 0


CAUSES: dict[str, Cause] = {
    SpendFocus.kind: Cause(lambda: script(d(20, 2), d(8, 5), ID_FACES), _attack, _graze,
                           _focus, 3, 2),
    GainFocus.kind: Cause(lambda: script(d(20, 20), ID_FACES), _check, _recover_focus,
                          _focus, 3, 4),
    LoseFocus.kind: Cause(lambda: script(d(20, 1), ID_FACES), _check, _lose_focus,
                          _focus, 3, 2, by=GM_ID),
    CountInjury.kind: Cause(lambda: script(d(20, 12), d(6, 4), d(8, 3), ID_FACES), _injury,
                            None, _injuries, 1, 2),
    Recover.kind: Cause(lambda: script(d(6, 2), ID_FACES), _short_rest, None, _focus, 1, 3,
                        focus=1),
    SpendAmmunition.kind: Cause(lambda: script(d(20, 15), d(8, 5), ID_FACES), _loaded_attack,
                                None, _ammunition, 3, 2),
    # the attack's own shot first (3 -> 2), then the GM's Complication
    OneShotLeft.kind: Cause(lambda: script(d(20, 1), d(8, 5), ID_FACES), _loaded_attack,
                            _one_shot_left, _ammunition, 3, 1, by=GM_ID, onces=2,
                            between=2),
}
"""One row per kind of effect."""
SERVER = 500


ALICE, BOB = Member(761111111111111111, None), Member(761111111111111112, None)
