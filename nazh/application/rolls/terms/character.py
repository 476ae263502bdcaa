"""The character term: the character a roll is made with (a raw roll has none)."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.log.values import integer, text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.derivation import Derivation, signed


@dataclass(frozen=True, slots=True)
class RollCharacter:
    """The character a roll is made with: who, what was rolled, and the modifier's parts used."""

    character_id: str  # stable across renames
    name: str  # its name when the roll was made
    rolled: str  # a skill, a weapon (Spear (Light Weaponry)), an injury, a short rest
    # (("Awareness", 3), ("ranks", 2)), an extra modifier as ("modifier", 2); empty: no sheet's
    parts: tuple[tuple[str, int], ...] = ()

    @property
    def modifier(self) -> int:
        return sum(value for _, value in self.parts)

    @property
    def described(self) -> str:
        """``Insight +5: Awareness 3 + 2 ranks`` (without parts: ``Injury``)."""
        if not self.parts:
            return self.rolled
        explained = Derivation(self.modifier, self.parts).explained
        return f"{self.rolled} {signed(self.modifier)}: {explained}"

    @property
    def shown(self) -> str:
        """``Veyla Tarn — Insight +5: Awareness 3 + 2 ranks``."""
        return f"{self.name} — {self.described}"


def _encode(character: RollCharacter) -> JsonObject:
    return {"id": character.character_id, "name": character.name, "rolled": character.rolled,
            "parts": [[label, value] for label, value in character.parts]}


def _decode(value: JsonValue) -> RollCharacter:
    return RollCharacter(text(value["id"]), text(value["name"]), text(value["rolled"]),
                         tuple((text(label), integer(amount))
                               for label, amount in value["parts"]))


CHARACTER: TermKind[RollCharacter] = TermKind("character", _encode, _decode)
