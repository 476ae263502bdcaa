"""Who may see, change and roll with a character: the one rule every door uses (:data:`RULES`).
A sheet is its owner's and the GMs'; shared in a server, the table sees it too (only sees it)."""

from __future__ import annotations

from enum import Enum

from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.scopes import is_server
from nazh.domain.errors import NazhError


class NotYourCharacterError(NazhError):
    """Someone asked for an act on a character that is not theirs to take."""


class Role(Enum):
    """What a user is to a character."""

    OWNER = "owner"
    GM = "gm"
    TABLE = "table"
    """Anyone else in the server, when the sheet is shared (outside servers: no one)."""


class Act(Enum):
    """What may be done with a character."""

    SEE = "see"
    """Show the sheet, its audit trail, export it."""
    CHANGE = "change"
    """Set a field, a weapon or a skill; its resources' controls; rest; delete."""
    ROLL = "roll"
    """Roll a test or an attack with it, spend its focus on a graze, roll its injury."""
    # a GM may, on a player's character too (a GM still does not roll its other rolls)
    INJURE = "injure"
    """Roll its injury after an attack brought it to 0 health and count it on the sheet."""


RULES: dict[Act, frozenset[Role]] = {
    Act.SEE: frozenset({Role.OWNER, Role.GM, Role.TABLE}),
    Act.CHANGE: frozenset({Role.OWNER, Role.GM}),
    Act.ROLL: frozenset({Role.OWNER, Role.GM}),
    Act.INJURE: frozenset({Role.OWNER, Role.GM}),
}
"""Who may take each act (a GM rolls for an adversary only; :func:`roles`)."""

_REFUSALS = {
    Act.SEE: "{name} is not shared with you",
    Act.CHANGE: "{name} is changed only by its owner and the GMs",
    Act.ROLL: "{name} is rolled only by its owner (an adversary: by the GMs)",
    Act.INJURE: "{name} has its injury rolled only by its owner and the GMs",
}


def roles(record: CharacterRecord, user_id: int, gm: bool, act: Act) -> frozenset[Role]:
    """What ``user_id`` is to ``record`` for ``act`` (``gm``: a GM of its server)."""
    found: set[Role] = set()
    if record.owner_id == user_id:
        found.add(Role.OWNER)
    if gm and (act is not Act.ROLL or record.adversary):
        found.add(Role.GM)
    if record.shared and is_server(record.scope):
        found.add(Role.TABLE)
    return frozenset(found)


def allowed(record: CharacterRecord, user_id: int, gm: bool, act: Act) -> bool:
    """Whether the rule lets ``user_id`` take ``act`` on ``record``."""
    return bool(roles(record, user_id, gm, act) & RULES[act])


def check(record: CharacterRecord, user_id: int, gm: bool, act: Act) -> CharacterRecord:
    """``record``, when the rule allows the act (else NotYourCharacterError naming who may)."""
    if not allowed(record, user_id, gm, act):
        raise NotYourCharacterError(_REFUSALS[act], fields={"name": record.name})
    return record
