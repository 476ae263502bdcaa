"""Who may take each act on an encounter: the GMs run it, an owner acts for its combatant.
Anyone may end an encounter that has had no change for a day (it is stale)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from nazh.application.encounters.model import EncounterRecord
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.errors import NazhError

GM_WHO = "a GM (the server's gm-role, or Manage Server while none is set)"
OWNER_OR_GM = "only {name}'s player or a GM may "
"""How an act only a combatant's player or a GM may take is refused (the act follows)."""

Check = Callable[[EncounterRecord, int, bool], None]
"""A door's rule: ``check(record, user_id, gm)`` raises :class:`NotAllowedError` to refuse."""


class NotAllowedError(NazhError):
    """Someone asked for an act on an encounter that is not theirs to take."""


def gm_only(what: str) -> Check:
    """Only a GM may ``what`` (e.g. ``"add an adversary"``)."""
    def check(_: EncounterRecord, __: int, gm: bool) -> None:
        if not gm:
            raise NotAllowedError(f"only {GM_WHO} may {what}")
    return check


def owner_or_gm(name: str, what: str) -> Check:
    """Only ``name``'s owner, or a GM, may ``what`` (``{name}`` in it: the combatant)."""
    def check(record: EncounterRecord, user_id: int, gm: bool) -> None:
        combatant = record.encounter.find(name)
        if not may_act_for(combatant, user_id, gm):
            # the act names the combatant too: one template, its name filled in everywhere
            raise NotAllowedError(OWNER_OR_GM + what, fields={"name": combatant.name})
    return check


def gm_or_stale(now: datetime, what: str) -> Check:
    """A GM, or anyone once the encounter is stale, may ``what`` (its words say when anyone
    may: ``end the encounter (anyone may once …)``)."""
    def check(record: EncounterRecord, _: int, gm: bool) -> None:
        if not gm and not record.stale(now):
            raise NotAllowedError(f"only {GM_WHO} may {what}")
    return check


def anyone(_: EncounterRecord, __: int, ___: bool) -> None:
    """Anyone in the channel may (their own settings)."""


def may_act_for(combatant: Combatant, user_id: int, gm: bool) -> bool:
    """Whether ``user_id`` acts for ``combatant``: its owner, or a GM."""
    return gm or combatant.owner_id == user_id
