"""A roll's result as the encounter's offer buttons are drawn on it (Give back the action, Use
Determined, Knock out instead): a plain test's record, or a hidden one, and the labels drawn."""

from __future__ import annotations

from datetime import UTC, datetime

from nazh.adapters.discord.features import OFFER_BUTTONS
from nazh.adapters.discord.rolls.result import roll_components
from nazh.application.rolls.model import Offers, Roller, RollRecord
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.settings.server import Visibility
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.fakes import d, script

AT = datetime(2026, 11, 24, tzinfo=UTC)


def rolled(*, hidden: bool = False, face: int = 9, dc: int | None = None) -> RollRecord:
    """A ``1d20+2`` test's record, its d20 ``face`` (``hidden``: a GM roll not revealed yet)."""
    result = roll(parse_roll("1d20+2"), script(d(20, face)), dc=dc)
    record = RollRecord("r1", Roller(1, 2, 3), "1d20+2", result, AT)
    if hidden:
        record = record.with_term(SECRET, Secret(Visibility.GM, "n", "c"))
    return record


def labels(record: RollRecord, offers: Offers) -> list[str]:
    """The labels of the buttons drawn on ``record``'s result with ``offers``."""
    components = roll_components(record, offers=offers, buttons=OFFER_BUTTONS)
    return [str(getattr(c, "label", "")) for row in components
            for c in getattr(row, "components", ())]
