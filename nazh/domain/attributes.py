"""A sheet's six attributes, and the error a sheet's value raises (their own module so the
encounter's rules can name an attribute without the whole sheet)."""

from __future__ import annotations

from enum import Enum

from nazh.domain.errors import NazhError


class CharacterError(NazhError):
    """A character's value is not one the rules (or Nazh's limits) allow: the message names the
    field, the value and what is allowed."""


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
        """The attribute called ``text`` (its name or short id, any case).

        Raises:
            CharacterError: no attribute has that name.
        """
        key = text.strip().lower()
        for attribute in cls:
            if key in (attribute.value, attribute.name.lower()):
                return attribute
        raise CharacterError(f"{text.strip()[:40]!r} is not an attribute",
                             hint="one of " + ", ".join(a.name.lower() for a in cls))
