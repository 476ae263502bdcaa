"""Dice rolled at the table: the faces a player read off physical dice, fed to the evaluator in
place of a random source, so the rules (modifiers, the plot die, the DC, an attack) apply to
them as to Nazh's own dice.

The faces are given in the order Nazh draws its dice (:func:`~nazh.domain.rolling.roll`): each
pool's dice in order (a die with advantage or disadvantage takes two faces, one after the
other), then the plot die (one face, two with advantage or disadvantage). Their count and each
face's range are checked against the roll before anything is rolled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nazh.domain.errors import NazhError
from nazh.domain.spec import PLOT_DIE_SIDES, DieMode, RollSpec

MAX_FACES_TEXT = 1000
"""The longest text of faces read (a roll has at most 202 faces)."""


class PhysicalDiceError(NazhError):
    """The faces entered do not fit the roll (their count, a face out of its die's range, or
    text that is not faces)."""


def parse_faces(text: str) -> tuple[int, ...]:
    """``"17, 5"`` -> ``(17, 5)``: faces separated by commas or spaces.

    Raises:
        PhysicalDiceError: empty, too long, or something that is not a number.
    """
    if len(text) > MAX_FACES_TEXT:
        raise PhysicalDiceError("physical: at most {most} characters of faces (got {got})",
                                fields={"most": MAX_FACES_TEXT, "got": len(text)})
    words = text.replace(",", " ").split()
    if not words:
        raise PhysicalDiceError("physical: no faces given",
                                hint="type the faces your dice show, e.g. physical:17,5")
    bad = next((word for word in words if not (word.isascii() and word.isdigit())), None)
    if bad is not None:
        raise PhysicalDiceError("physical: {bad} is not a die's face",
                                hint="faces are whole numbers separated by commas, e.g. 17,5",
                                fields={"bad": repr(bad[:20])})
    return tuple(int(word) for word in words)


def draws_of(spec: RollSpec) -> tuple[int, ...]:
    """The sides of each face the roll draws, in order (see the module)."""
    sides: list[int] = []
    for pool in spec.pools:
        for mode in pool.modes:
            sides += [pool.sides] * (1 if mode is DieMode.NORMAL else 2)
    if spec.plot is not None:
        sides += [PLOT_DIE_SIDES] * (1 if spec.plot.mode is DieMode.NORMAL else 2)
    return tuple(sides)


def described(spec: RollSpec) -> str:
    """``1d20 (1 face), d6 plot die (1 face)``: what faces the roll takes."""
    twice = (DieMode.ADVANTAGE, DieMode.DISADVANTAGE)
    parts = [f"{pool.notation} ({_faces(sum(2 if mode in twice else 1 for mode in pool.modes))})"
             for pool in spec.pools]
    if spec.plot is not None:
        parts.append(f"the plot die ({_faces(1 if spec.plot.mode is DieMode.NORMAL else 2)})")
    return ", ".join(parts)


def _faces(count: int) -> str:
    return f"{count} face" + ("" if count == 1 else "s")


def check_faces(spec: RollSpec, faces: Sequence[int]) -> None:
    """Refuse faces that do not fit the roll: their count, or a face outside its die.

    Raises:
        PhysicalDiceError: naming what the roll takes.
    """
    wanted = draws_of(spec)
    if len(faces) != len(wanted):
        raise PhysicalDiceError(
            f"physical: {len(faces)} face(s) given, {spec.notation} takes {len(wanted)}: "
            f"{described(spec)}",
            hint="give each die's face in order, both faces of a die with advantage or "
                 "disadvantage, the plot die last")
    for index, (face, sides) in enumerate(zip(faces, wanted, strict=True), start=1):
        if not 1 <= face <= sides:
            raise PhysicalDiceError("physical: face {index} is {face}, but that die is a "
                                    "d{sides} (1 to {sides})",
                                    fields={"index": index, "face": face, "sides": sides})


@dataclass(slots=True)
class TableDice:
    """A random source handing out the faces read off physical dice, in order (checked
    first with :func:`check_faces`); it refuses a draw it was not given a face for."""

    faces: tuple[int, ...]
    drawn: int = 0

    def roll(self, sides: int) -> int:
        """The next face entered.

        Raises:
            PhysicalDiceError: no face is left, or it is not one of a d``sides``.
        """
        if self.drawn >= len(self.faces):
            raise PhysicalDiceError("physical: the roll needs more faces than were given")
        face = self.faces[self.drawn]
        if not 1 <= face <= sides:
            raise PhysicalDiceError("physical: face {index} is {face}, but that die is a "
                                    "d{sides}",
                                    fields={"index": self.drawn + 1, "face": face,
                                            "sides": sides})
        self.drawn += 1
        return face
