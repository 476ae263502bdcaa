"""The rules' damage types, and which of them deflect reduces."""

from __future__ import annotations

from enum import Enum

from nazh.domain.encounter.errors import EncounterError


class DamageType(Enum):
    """The rules' damage types."""

    ENERGY = "energy"
    IMPACT = "impact"
    KEEN = "keen"
    SPIRIT = "spirit"
    VITAL = "vital"

    @property
    def deflected(self) -> bool:
        """Whether deflect reduces it (energy, impact, keen)."""
        return self in DEFLECTED

    @classmethod
    def named(cls, text: str) -> DamageType:
        """The type called ``text`` (any case), or an error listing the types."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(kind.value for kind in cls)
            raise EncounterError('no damage type "{text}"; the types are {names}',
                                 fields={"text": text, "names": names}) from None


# rule: deflect reduces energy, impact and keen damage; not spirit nor vital
DEFLECTED = frozenset({DamageType.ENERGY, DamageType.IMPACT, DamageType.KEEN})
