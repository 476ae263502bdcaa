"""The character term: the character a roll is made with, as the roll log keeps it (a raw roll
has none, so its record is stored exactly as before characters existed)."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.log.values import integer, text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.derivation import Derivation, signed


@dataclass(frozen=True, slots=True)
class RollCharacter:
    """The character a roll is made with, as the roll log keeps it: who, what was rolled and
    the parts of the modifier used.

    Attributes:
        character_id: The character's id (stable across renames).
        name: Its name when the roll was made.
        rolled: What was rolled: a skill (``Insight``), a weapon (``Spear (Light Weaponry)``),
            an injury, a short rest.
        parts: The modifier's parts, e.g. ``(("Awareness", 3), ("ranks", 2))``, and an extra
            modifier given with the roll as ``("modifier", 2)``; empty: no modifier of the
            sheet's was used.
    """

    character_id: str
    name: str
    rolled: str
    parts: tuple[tuple[str, int], ...] = ()

    @property
    def modifier(self) -> int:
        """The sum of the parts."""
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
"""Who, what was rolled, and the modifier's parts."""
