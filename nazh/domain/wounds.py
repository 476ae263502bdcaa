"""What a sheet carries between scenes: its injuries until they heal, and the Exhausted penalty.

The starter rules, part 2 ("Damage, Injury, and Death", "Resting", "Conditions"): a temporary
injury heals after its days, a flesh wound after a long rest, a permanent one never; Exhausted
[-N] is cumulative and a long rest lowers it by 1."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.domain.attributes import CharacterError
from nazh.domain.injury import DAYS_DIE, EFFECTS, Band, Injury

MAX_EXHAUSTED = 20
"""The most Exhausted penalty a sheet holds (ten injuries of Exhausted -2)."""
MAX_WOUNDS = 10
"""The most injuries a sheet records (as many as it counts)."""
_MAX_DAYS = {Band.VICIOUS: 6 * DAYS_DIE, Band.SHALLOW: DAYS_DIE}
# each band its own sentence: a language words each injury apart
_NOT_IN_DAYS = {Band.FLESH: "a flesh wound is not counted in days",
                Band.PERMANENT: "a permanent injury is not counted in days"}
_DAYS_LEFT = {Band.VICIOUS: "a vicious injury has 1 to {most} days left (got {got})",
              Band.SHALLOW: "a shallow injury has 1 to {most} days left (got {got})"}
_EXHAUSTING = {"Exhausted -1": 1, "Exhausted -2": 2}  # rule: the effect table's faces 1-3
DAYS_PER_LONG_REST = 1
"""Days a long rest counts off a temporary injury (a long rest is a night: the rules are silent)."""


@dataclass(frozen=True, slots=True)
class Wound:
    """An injury the character has: its band, the days it has left and its effect."""

    band: Band
    days: int | None = None  # a vicious or shallow injury's days left; else None
    effect: str | None = None  # a name of the effect table, e.g. "Slowed"

    @classmethod
    def of(cls, injury: Injury) -> Wound | None:
        """The injury an injury roll gave (``None``: death, nothing to heal)."""
        if injury.band is Band.DEATH:
            return None
        return cls(injury.band, injury.days,
                   None if injury.effect is None else injury.effect.name)

    def check(self) -> Wound:
        """This wound, when its band, days and effect agree with the rules (else CharacterError)."""
        if self.band is Band.DEATH:
            raise CharacterError("death is not an injury a sheet carries")
        top = _MAX_DAYS.get(self.band)
        if top is None and self.days is not None:
            raise CharacterError(_NOT_IN_DAYS[self.band])
        if top is not None and (self.days is None or not 1 <= self.days <= top):
            raise CharacterError(_DAYS_LEFT[self.band], fields={"most": top, "got": self.days})
        if self.effect is not None and self.effect not in EFFECTS.values():
            raise CharacterError("{effect} is not an injury's effect",
                                 fields={"effect": repr(self.effect[:40])})
        return self

    @property
    def exhausting(self) -> int:
        """The Exhausted penalty its effect gives (0: another effect)."""
        return _EXHAUSTING.get(self.effect or "", 0)

    def after_long_rest(self) -> Wound | None:
        """This wound after a long rest (``None``: healed)."""
        if self.band is Band.FLESH:
            return None  # rule: "a temporary injury until after a long rest"
        if self.days is None:
            return self  # permanent
        left = self.days - DAYS_PER_LONG_REST
        return None if left <= 0 else Wound(self.band, left, self.effect)

    @property
    def text(self) -> str:
        """``Vicious injury, 12 days left (Slowed)``."""
        when = {Band.FLESH: ", until a long rest", Band.PERMANENT: ""}.get(
            self.band, f", {self.days} day{'' if self.days == 1 else 's'} left")
        effect = f" ({self.effect})" if self.effect else ""
        return f"{self.band.title}{when}{effect}"


def check_wounds(wounds: tuple[Wound, ...]) -> None:
    """``wounds``, when at most :data:`MAX_WOUNDS` and each allowed (else CharacterError)."""
    if len(wounds) > MAX_WOUNDS:
        raise CharacterError("at most {most} injuries are recorded (got {got})",
                             fields={"most": MAX_WOUNDS, "got": len(wounds)})
    for wound in wounds:
        wound.check()
