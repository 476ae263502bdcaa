"""A sheet's six attributes and its error (apart, for the encounter to name without a sheet)."""

from __future__ import annotations

from enum import Enum

from nazh.domain.errors import NazhError


class CharacterError(NazhError):
    """A character's value is not one the rules (or Nazh's limits) allow."""


class Attribute(Enum):
    """The six attributes, by the short ids the Foundry VTT system uses."""

    STRENGTH = "str"
    SPEED = "spd"
    INTELLECT = "int"
    WILLPOWER = "wil"
    AWARENESS = "awa"
    PRESENCE = "pre"

    @property
    def title(self) -> str:
        """``Strength``."""
        return self.name.title()

    @classmethod
    def named(cls, text: str) -> Attribute:
        """The attribute called ``text`` (its name or short id, any case)."""
        key = text.strip().lower()
        for attribute in cls:
            if key in (attribute.value, attribute.name.lower()):
                return attribute
        raise CharacterError("{typed} is not an attribute", hint="one of {names}",
                             fields={"typed": repr(text.strip()[:40]),
                                     "names": ", ".join(a.name.lower() for a in cls)})
