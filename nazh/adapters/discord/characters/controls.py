"""The custom ids of a sheet's resource buttons and of a deletion's confirmation (the codec)."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.application.shared.ids import ROLL_ID_ALPHABET
from nazh.domain.character import Resource

SHEET_KIND = "chs"
"""A sheet's resource button: ``nz1:chs:<character id>:<h|f|i>:<by>``."""
DETAILS_KIND = "chv"
"""A sheet's Details button: ``nz1:chv:<character id>``."""
DELETE_KIND = "chd"
"""A deletion's confirmation: ``nz1:chd:<character id>:<version>``."""
LETTERS = {Resource.HEALTH: "h", Resource.FOCUS: "f", Resource.INVESTITURE: "i"}
STEPS: dict[Resource, tuple[int, ...]] = {
    Resource.HEALTH: (-5, -1, 1, 5),
    Resource.FOCUS: (-1, 1),
    Resource.INVESTITURE: (-1, 1),
}
"""Each resource's buttons: how much each moves it."""
MAX_ID_LENGTH = 16
MAX_VERSION_DIGITS = 12


@dataclass(frozen=True, slots=True)
class SheetControl:
    """A resource button under a sheet: move ``resource`` of the character by ``by``."""

    character_id: str
    resource: Resource
    by: int


@dataclass(frozen=True, slots=True)
class DeleteControl:
    """The Delete button of ``/character delete``: the character, at the version shown."""

    character_id: str
    version: int


@dataclass(frozen=True, slots=True)
class DetailsControl:
    """A sheet's Details button: the whole sheet, to whoever presses it (if they may see it)."""

    character_id: str


CharacterControl = SheetControl | DeleteControl | DetailsControl


def sheet_control(character_id: str, resource: Resource, by: int) -> str:
    """The custom id of a sheet's resource button."""
    return f"{PREFIX}:{SHEET_KIND}:{character_id}:{LETTERS[resource]}:{by}"


def details_control(character_id: str) -> str:
    """The custom id of a sheet's Details button."""
    return f"{PREFIX}:{DETAILS_KIND}:{character_id}"


def delete_control(character_id: str, version: int) -> str:
    """The custom id of a deletion's confirmation."""
    return f"{PREFIX}:{DELETE_KIND}:{character_id}:{version}"


def _an_id(text: str) -> bool:
    """Shaped like a character's id (whether one is kept is the store's to say)."""
    return 0 < len(text) <= MAX_ID_LENGTH and all(c in ROLL_ID_ALPHABET for c in text)


# A custom id is data: it decodes only when shaped like these; the use cases look up what it names
# (and check the visibility rule).
def _decode(parts: list[str]) -> CharacterControl | None:
    kind, *rest = parts
    if kind == SHEET_KIND and len(rest) == 3:
        character_id, letter, by = rest
        resource = next((r for r, known in LETTERS.items() if known == letter), None)
        if resource is None or not _an_id(character_id) or by not in {
                str(step) for step in STEPS[resource]}:
            return None
        return SheetControl(character_id, resource, int(by))
    if kind == DETAILS_KIND and len(rest) == 1:
        return DetailsControl(rest[0]) if _an_id(rest[0]) else None
    if kind == DELETE_KIND and len(rest) == 2:
        character_id, version = rest
        if (not _an_id(character_id) or not version.isascii() or not version.isdigit()
                or len(version) > MAX_VERSION_DIGITS):
            return None
        return DeleteControl(character_id, int(version))
    return None


CODEC = Codec(frozenset({SHEET_KIND, DELETE_KIND, DETAILS_KIND}),
              lambda parts: _decode(parts[1:]))
"""The characters' controls."""
