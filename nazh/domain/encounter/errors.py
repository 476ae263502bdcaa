"""The encounter's one error: an act the rules or the encounter's limits refuse."""

from __future__ import annotations

from collections.abc import Mapping

from nazh.domain.errors import NazhError


class EncounterError(NazhError):
    """An act on an encounter that the rules refuse (``combatant``: whom it was about, if any)."""

    def __init__(self, reason: str, *, combatant: str | None = None,
                 hint: str | None = None, fields: Mapping[str, object] | None = None) -> None:
        self.combatant = combatant
        super().__init__(reason, hint=hint, fields=fields)
