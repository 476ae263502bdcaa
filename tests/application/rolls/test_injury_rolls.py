"""The injury roll as a use case: kept as a roll record with its terms, logged, committed when
secret, refused before any die when an option is out of range, and never amended."""

from __future__ import annotations

import json

import pytest

from nazh.application.log.format import LogFormatError
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import INJURY_LABEL
from nazh.application.rolls.amending import AmendRolls
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.logged_store import entry_of, record_of
from nazh.application.rolls.metrics import FailureReason, RollSource
from nazh.application.rolls.model import Roller, RollRequest
from nazh.application.rolls.secrets import commitment_holds
from nazh.application.rolls.terms.codec import encode_terms
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import NO_TERMS
from nazh.application.settings.server import Member, Visibility
from nazh.domain.errors import LimitError, RollStateError
from nazh.domain.injury import Band, Injury, InjuryTerms
from nazh.domain.spec import DieMode
from tests.app_fakes import FakeRollMetrics
from tests.application.rolls.kit import ID_FACES, ROLL_ID, ROLLER, ids, table
from tests.fakes import FakeRng, d, script

TERMS = InjuryTerms(deflect=2, injuries=1, modifier=1)


def asked(visibility: Visibility | None = None, label: str | None = None,
          roller: Roller = ROLLER) -> RollRequest:
    return RollRequest("", roller, label=label, visibility=visibility)


async def test_an_injury_is_kept_as_a_roll_of_the_dice_rolled_with_its_terms() -> None:
    rng = script(d(20, 4), d(6, 1, 2, 3, 4, 5, 6), d(8, 2), ids(*ID_FACES))
    rolls, store = table(rng)
    record = await rolls.roll_injury(TERMS, asked())
    rng.assert_exhausted()
    assert (record.roll_id, record.notation, record.label) == (ROLL_ID, "1d20-2, 6d6, 1d8",
                                                               INJURY_LABEL)
    assert record.injury == TERMS
    assert await store.get(ROLL_ID) == record
    hurt = Injury.of(TERMS, record.result)
    assert (hurt.total, hurt.band, hurt.days) == (2, Band.VICIOUS, 21)


async def test_the_log_keeps_the_terms_and_reads_them_back() -> None:
    rng = script(d(20, 20), d(8, 8), ids(*ID_FACES))
    rolls, _ = table(rng)
    record = await rolls.roll_injury(TERMS, asked(label="Kaladin"))
    entry = entry_of(record)
    assert entry.result[INJURY.key] == {"deflect": 2, "injuries": 1, "modifier": 1}
    stored = json.loads(json.dumps(entry.result))
    assert record_of(entry) == record
    assert INJURY.read(stored) == TERMS
    assert entry.label == "Kaladin"


def test_a_roll_without_terms_has_none_and_malformed_terms_are_refused() -> None:
    assert encode_terms({"format": 2}, NO_TERMS) == {"format": 2}
    assert INJURY.read({"format": 2}) is None
    with pytest.raises(LogFormatError, match="unreadable injury"):
        INJURY.read({INJURY.key: {"deflect": "2", "injuries": 0, "modifier": 0}})
    with pytest.raises(LogFormatError, match="unreadable injury"):
        INJURY.read({INJURY.key: {"deflect": 2}})


async def test_a_blind_injury_is_committed_with_its_terms() -> None:
    rng = script(d(20, 10), d(6, 5), d(8, 6), ids(*ID_FACES))
    rolls, _ = table(rng)
    record = await rolls.roll_injury(TERMS, asked(Visibility.BLIND))
    assert record.hidden
    assert commitment_holds(entry_of(record).result) is True
    tampered = dict(entry_of(record).result, **{INJURY.key: {"deflect": 9, "injuries": 1,
                                                             "modifier": 1}})
    assert commitment_holds(tampered) is False


async def test_a_secret_injury_outside_a_server_is_refused() -> None:
    rolls, _ = table(FakeRng())
    with pytest.raises(RollStateError, match="needs a server"):
        await rolls.roll_injury(TERMS, asked(Visibility.GM, roller=Roller(1, 2)))


@pytest.mark.parametrize(("terms", "option"), [
    (InjuryTerms(deflect=21), "deflect"), (InjuryTerms(injuries=11), "injuries"),
    (InjuryTerms(modifier=-21), "modifier"),
])
async def test_an_option_out_of_range_rolls_nothing_and_keeps_nothing(
        terms: InjuryTerms, option: str) -> None:
    metrics = FakeRollMetrics()
    rolls, store = table(FakeRng(), metrics=metrics)
    with pytest.raises(LimitError, match=f"^{option} must be between"):
        await rolls.roll_injury(terms, asked())
    assert await store.get(ROLL_ID) is None
    assert [(f[0], f[1]) for f in metrics.failures] == [(RollSource.SLASH, FailureReason.LIMIT)]


async def test_an_injury_s_dice_are_not_amended_or_copied_and_nothing_is_rolled() -> None:
    rng = script(d(20, 12), d(6, 3), d(8, 1), ids(*ID_FACES))
    rolls, _ = table(rng)
    await rolls.roll_injury(TERMS, asked())
    member = Member(ROLLER.user_id, ROLLER.guild_id)
    amend = AmendRolls(rolls, RollHandlers())
    gm = Member(ROLLER.user_id, ROLLER.guild_id, manages_guild=True)
    refusals = [amend.add_plot_die(ROLL_ID, gm), amend.choose_plot_face(ROLL_ID, member, 0),
                amend.dice_for(ROLL_ID, member, DieMode.ADVANTAGE),
                rolls.acted_on(ROLL_ID, member, Act.COPY)]
    for refused in refusals:
        with pytest.raises(RollStateError, match="injury roll's dice are not changed"):
            await refused
    rng.assert_exhausted()
    assert (await rolls.show(ROLL_ID, member)).injury == TERMS
