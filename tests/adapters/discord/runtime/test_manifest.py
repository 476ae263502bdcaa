"""A manifest's parts: its rows' offer buttons, and every manifest's handlers made from one set
of parts in the manifests' order (the bot's: the sheets', the encounter's, the endeavors', the
sessions')."""

from __future__ import annotations

from nazh.adapters.discord.features import FEATURES, MANIFESTS, OFFER_BUTTONS
from nazh.adapters.discord.runtime.manifest import HandlerParts, handlers_of
from nazh.application.carried.extras import ExtraDice
from nazh.application.carried.roll_handler import CarriedRolls
from nazh.application.characters.roll_handler import SheetRolls
from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.endeavors.roll_handler import EndeavorRolls
from nazh.application.sessions.roll_handler import SessionRolls
from tests.fakes import FakeRng
from tests.roll_sheets_kit import table


def test_the_feature_table_is_every_manifest_s_rows_and_offers() -> None:
    assert tuple(row for m in MANIFESTS for row in m.features) == FEATURES
    assert {button.name for button in OFFER_BUTTONS} == {"undo-action", "injury", "knock-out",
                                                         "use-determined", "count",
                                                         "carried-ally"}


def test_the_handlers_follow_a_roll_sheets_first_then_the_encounter_then_the_endeavors() -> None:
    t = table(FakeRng())
    sessions = SessionRolls(None, None)  # type: ignore[arg-type]
    parts = HandlerParts(t.sheets, t.encounters, None, sessions,  # type: ignore[arg-type]
                         t.carried)
    made = handlers_of(MANIFESTS, parts)
    # what a roll carries moves the sheet before the card follows it
    assert [type(handler) for handler in made] == [SheetRolls, CarriedRolls, ExtraDice,
                                                   EncounterRolls, EndeavorRolls, SessionRolls]
    assert made[5] is sessions
    assert made[3] is t.encounters  # the encounter's one, also what rolls ask of their place
