"""The port an attack made against a target reaches the channel's encounter through: the
target's defense before the roll, its damage landing after the roll, a graze, a critical hit
or a reveal, a minion's attack refused a critical hit, and what an attack's result offers as
the encounter stands (Critical hit, Injury)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from nazh.application.rolls.model import Offers, RollRecord
from nazh.application.settings.server import Member

DEFENSES = ("physical", "cognitive", "spiritual")
"""The defenses an attack may be made against (``/attack against:``)."""


@dataclass(frozen=True, slots=True)
class Landed:
    """What an attack's damage did to its target.

    Attributes:
        lines: What each part did (``hit: 12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1``),
            and what the encounter refused.
        injured: The target, when a part reached it at 0 health (a player character or a
            rival): it takes an injury.
    """

    lines: tuple[str, ...] = ()
    injured: str | None = None


@dataclass(frozen=True, slots=True)
class InjuryDue:
    """A target brought to 0 health by an attack, whose injury is to be rolled.

    Attributes:
        channel_id: The encounter's channel.
        encounter_id: The encounter it is a combatant of.
        combatant: Its name there.
        character_id: The sheet it stands for (``None``: a GM's quick combatant).
        deflect: Its deflect (a quick combatant's; a sheet's is read from the sheet).
        injuries: The injuries it took in this encounter (a quick combatant's count).
    """

    channel_id: int
    encounter_id: str
    combatant: str
    character_id: str | None
    deflect: int
    injuries: int


class Landings(Protocol):
    """Attacks landing on their targets in the channel's encounter."""

    async def defense(self, channel_id: int, target: str, against: str) -> tuple[str, int]:
        """The target's name and its defense ``against`` (physical, cognitive, spiritual)."""
        ...

    async def land(self, member: Member, record: RollRecord) -> Landed:
        """What the attack ``record`` owes its target, applied once per part."""
        ...

    async def critical_refused(self, record: RollRecord) -> str | None:
        """Why the attack cannot be made critical (a minion's), or ``None``."""
        ...

    async def offers(self, record: RollRecord) -> Offers:
        """What the result of the attack ``record`` offers as the encounter stands: a
        critical hit unless its attacker is a minion, the Injury button while the injury it
        called for is not rolled."""
        ...

    async def injury_due(self, member: Member, record: RollRecord, *,
                         claim: bool = True) -> InjuryDue:
        """The target the attack ``record`` brought to 0 health, its injury claimed once for
        the attack by its owner or a GM (``claim`` false: only checked)."""
        ...

    async def count_injury(self, member: Member, due: InjuryDue, roll_id: str) -> None:
        """The injury roll ``roll_id`` of a quick combatant counted in the encounter, once."""
        ...
