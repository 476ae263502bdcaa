"""The one rule for options declared with choices: a value outside them is refused, by name."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any, TypeVar

import lightbulb

from nazh.application.settings.server import Visibility
from nazh.domain.character import MAX_NAME_LENGTH
from nazh.domain.errors import NazhError
from nazh.domain.ranges import HIGHEST_FACE, LOWEST_FACE
from nazh.domain.spec import DieMode

E = TypeVar("E", bound=Enum)


# An interaction is data: a forged or replayed one, or another client, may carry any string.
class ChoiceError(NazhError):
    """An option's value is not one of its choices."""

    def __init__(self, option: str, allowed: Sequence[str]) -> None:
        self.option = option
        self.allowed = tuple(allowed)
        super().__init__(f"{option} must be one of: {', '.join(allowed)}")


def one_of(option: str, value: str, allowed: Sequence[str]) -> str:
    """``value`` if it is one of ``allowed``; else a :class:`ChoiceError` naming ``option``."""
    if value not in allowed:
        raise ChoiceError(option, allowed)
    return value


def chosen(option: str, value: str, kind: type[E]) -> E:
    """The member of ``kind`` whose value is ``value``; else a :class:`ChoiceError`."""
    return kind(one_of(option, value, [str(member.value) for member in kind]))


def visibility_option() -> str | None:
    """The ``visibility`` option of a roll command (read it through :func:`visibility_of`)."""
    return lightbulb.string(
        "visibility", "public, private (you), gm (you and the GMs), blind (the GMs only)",
        choices=[lightbulb.Choice(v.value, v.value, localize=True)
                 for v in Visibility], default=None,
        localize=True)


def visibility_of(value: str | None) -> Visibility | None:
    """The visibility a roll command's ``visibility`` option asks for (``None``: unset)."""
    return chosen("visibility", value, Visibility) if value else None


def opportunity_option() -> int | None:
    """The ``opportunity`` option of a test: the lowest natural d20 face that is one."""
    return lightbulb.integer(
        "opportunity", "Lowest natural d20 face that is an Opportunity (default 20; 19: 19-20)",
        default=None, min_value=LOWEST_FACE, max_value=HIGHEST_FACE, localize=True)


def complication_option() -> int | None:
    """The ``complication`` option of a test: the highest natural d20 face that is one."""
    return lightbulb.integer(
        "complication", "Highest natural d20 face that is a Complication (default 1; 2: 1-2)",
        default=None, min_value=LOWEST_FACE, max_value=HIGHEST_FACE, localize=True)


def ranges_of(opportunity: int | None, complication: int | None) -> tuple[int, int]:
    """The ``opportunity`` and ``complication`` options as faces (the defaults when unset)."""
    return (HIGHEST_FACE if opportunity is None else opportunity,
            LOWEST_FACE if complication is None else complication)


ADVANTAGE_CHOICES = ("advantage", "disadvantage", "none")
"""The ``advantage`` option's values: on the test's d20 (``none``: a plain d20)."""


def advantage_option() -> str | None:
    """The ``advantage`` option of a test by a character's sheet (read through :func:`mode_of`)."""
    return lightbulb.string(
        "advantage", "Roll the d20 twice: advantage keeps the higher, disadvantage the lower",
        choices=[lightbulb.Choice(v, v, localize=True)
                 for v in ADVANTAGE_CHOICES], default=None, localize=True)


def mode_of(value: str | None) -> DieMode:
    """The die mode the ``advantage`` option asks for (unset or ``none``: a plain die)."""
    if not value:
        return DieMode.NORMAL
    chosen_value = one_of("advantage", value, ADVANTAGE_CHOICES)
    return DieMode.NORMAL if chosen_value == "none" else DieMode(chosen_value)


def character_option(autocomplete: Any) -> str | None:
    """The ``character`` option of a roll with a sheet (``None``: the active one), autocompleted."""
    return lightbulb.string(
        "character", "Roll with this character (default: your active one; a GM: an adversary)",
        default=None, max_length=MAX_NAME_LENGTH, autocomplete=autocomplete, localize=True)
