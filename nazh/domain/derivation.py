"""Numbers a character sheet derives, with the parts they are the sum of, and its pools."""

from __future__ import annotations

from dataclasses import dataclass

RECOVERY_DICE = (4, 6, 8, 10, 12, 20)  # rule: by Willpower 0, 1-2, 3-4, 5-6, 7-8, 9+


@dataclass(frozen=True, slots=True)
class Pool:
    """A resource: what is left, and its maximum when written (``None``: the rules derive it)."""

    current: int
    maximum: int | None = None


@dataclass(frozen=True, slots=True)
class Derivation:
    """A derived number and its parts: ``Derivation(5, (("Awareness", 3), ("ranks", 2)))``."""

    value: int
    parts: tuple[tuple[str, int], ...]  # a value written on the sheet: ``(("set", value),)``

    @property
    def explained(self) -> str:
        """``Awareness 3 + 2 ranks``."""
        return " + ".join(_part(label, value) for label, value in self.parts)


def _part(label: str, value: int) -> str:
    if label in ("ranks", "rank"):
        return f"{value} {'rank' if value == 1 else 'ranks'}"
    return f"{label} {value}"


def signed(value: int) -> str:
    """``+5``, ``-1``, ``+0``."""
    return f"{value:+d}"


def health_maximum(level: int, strength: int) -> Derivation:
    """A player character's health maximum at ``level`` with ``strength``."""
    by_level = sum(_health_at(at) for at in range(1, level + 1))
    times = sum(1 for at in _STRENGTH_LEVELS if at <= level)
    parts: list[tuple[str, int]] = [(f"level {level}", by_level)]
    if times:
        label = "Strength" if times == 1 else f"Strength x{times}"
        parts.append((label, strength * times))
    return Derivation(by_level + strength * times, tuple(parts))


_STRENGTH_LEVELS = (1, 6, 11, 16)  # rule: Strength is added at these levels


def _health_at(level: int) -> int:
    # rule: 10 at level 1, then 5, 4, 3, 2 and 1 a level (2-5, 6-10, 11-15, 16-20, 21 on)
    if level == 1:
        return 10
    if level <= 5:
        return 5
    if level <= 10:
        return 4
    if level <= 15:
        return 3
    if level <= 20:
        return 2
    return 1


def recovery_die(willpower: int) -> int:
    """The recovery die's sides for ``willpower``."""
    return RECOVERY_DICE[min((willpower + 1) // 2, len(RECOVERY_DICE) - 1)]
