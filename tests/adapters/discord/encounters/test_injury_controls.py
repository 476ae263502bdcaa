"""What an attack's result offers as its encounter stands: the Injury button while the injury
the attack called for is not rolled (never on a hidden roll), and no critical hit (neither the
button nor the Opportunity's choice) on a minion's attack; the Injury button's custom id routes
to InjuryControls (the behaviour end to end: tests/e2e/test_encounter_landing.py and
tests/e2e/test_attack_result_offers.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import hikari

from nazh.adapters.discord.encounters.injury_button import InjuryControl, injury_control
from nazh.adapters.discord.encounters.injury_controls import InjuryControls
from nazh.adapters.discord.features import OFFER_BUTTONS, owner_of
from nazh.adapters.discord.rolls.result import roll_components
from nazh.application.encounters.roll_handler import INJURY
from nazh.application.rolls.model import CRITICAL, Offers, Roller, RollRecord
from nazh.application.rolls.notes import Note
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.settings.server import Visibility
from nazh.domain.attack import prepare
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.fakes import d, script

AT = datetime(2026, 11, 24, tzinfo=UTC)


def rolled() -> RollRecord:
    return RollRecord("r1", Roller(1, 2, 3), "1d20+2", roll(parse_roll("1d20+2"),
                                                           script(d(20, 9))), AT)


def natural_20_hit() -> RollRecord:
    """An attack that hit with a natural 20: an Opportunity to spend, a critical hit open."""
    notation, terms = prepare("1d20+1", "2d6", 12)
    result = roll(parse_roll(notation), script(d(20, 20), d(6, 1, 2)))
    return RollRecord("r2", Roller(1, 2, 3), notation, result, AT).with_term(ATTACK, terms)


def labels(components: list[hikari.api.ComponentBuilder]) -> list[str]:
    return [str(getattr(c, "label", "")) for row in components
            for c in getattr(row, "components", ())]


def options(components: list[hikari.api.ComponentBuilder]) -> list[str]:
    """The labels of every select's options."""
    return [option.label for row in components for c in getattr(row, "components", ())
            for option in getattr(c, "options", ())]


def drawn(record: RollRecord, offers: Offers | None = None) -> list[hikari.api.ComponentBuilder]:
    """The result's controls, with every feature's offer buttons."""
    return roll_components(record, offers=offers or Offers(), buttons=OFFER_BUTTONS)


def test_the_injury_button_is_offered_only_while_the_injury_is_due() -> None:
    assert "Injury" in labels(drawn(rolled(), Offers().grant(INJURY)))
    assert "Injury" not in labels(drawn(rolled()))


def test_no_injury_button_on_a_hidden_roll() -> None:
    hidden = rolled().with_term(SECRET, Secret(Visibility.GM, "n", "c"))
    assert "Injury" not in labels(drawn(hidden, Offers().grant(INJURY)))


def test_a_hit_offers_a_critical_hit_unless_its_attacker_is_a_minion() -> None:
    anyone = drawn(natural_20_hit())
    assert "Critical hit" in labels(anyone)
    assert "Critical hit" in options(anyone)
    minion = drawn(natural_20_hit(), Offers().withhold(CRITICAL, Note("a minion's attack")))
    assert "Critical hit" not in labels(minion)
    assert "Critical hit" not in options(minion)
    # the Opportunity's other uses stay
    assert "Recover 1 focus" in options(minion)


def test_the_injury_button_routes_to_the_injury_controls() -> None:
    found = owner_of(injury_control("k3v9x0q2md"))
    assert found is not None
    assert found[0].serves is InjuryControls
    assert found[1] == InjuryControl("k3v9x0q2md")
    assert owner_of("nz1:rin:") is None
    assert owner_of("nz1:rin:a:b") is None
