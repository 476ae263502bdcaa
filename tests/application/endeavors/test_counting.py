"""Count on a test's result: offered on a /check's (not a raw roll's, an attack's or a secret
one's before its reveal) while an endeavor runs in its channel, that answer read at most once a
window for every channel (a roll pays no read), changed at once by this replica's own starts
and ends; a GM counts it, a secret roll unrevealed only for a secret endeavor."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.characters.rolls import CharacterRolls
from nazh.application.encounters.access import NotAllowedError
from nazh.application.endeavors.roll_handler import COUNT, EndeavorRolls, is_test
from nazh.application.endeavors.use_cases import RUNNING_SECONDS, Counted, Endeavors
from nazh.application.rolls.errors import RollNotFoundError
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.model import Offers, RollRequest
from nazh.application.rolls.terms.request import REQUEST, ForRequest
from nazh.application.settings.server import GuildSettings, Visibility
from nazh.domain.endeavor import EndeavorError, Tally
from tests.app_fakes import FakeClock, MemoryStore
from tests.fakes import d, script
from tests.request_fakes import FakeEndeavorStore
from tests.roll_sheets_kit import GM, ID_FACES, PLAYER, ROLLER, Table, request, table

CHANNEL = ROLLER.channel_id
SECOND_ID = d(32, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)
THIRD_ID = d(32, 3, 2, 3, 4, 5, 6, 7, 8, 9, 10)


def counting(t: Table, uses: Endeavors) -> CharacterRolls:
    """The character rolls of ``t`` followed by the endeavors' handler alone."""
    return CharacterRolls(t.actions, t.characters, t.sheets, t.encounters,
                          RollHandlers([EndeavorRolls(uses)]))


def endeavors(store: FakeEndeavorStore) -> tuple[Endeavors, FakeClock]:
    clock = FakeClock()
    return Endeavors(store, GuildSettings(MemoryStore(), clock), clock,
                     SeededRandomSource(3)), clock


async def test_where_endeavors_run_is_read_once_a_window_and_kept_by_this_replica() -> None:
    store = FakeEndeavorStore()
    uses, clock = endeavors(store)
    assert not await uses.running_here(CHANNEL)
    for _ in range(50):
        assert not await uses.running_here(CHANNEL)
    assert store.reads == 1  # fifty rolls, one read
    started = await uses.start(GM, CHANNEL, "Climb", 3, 3)
    assert await uses.running_here(CHANNEL)  # this replica's own start: at once
    assert store.reads == 1
    await uses.end(GM, started.endeavor_id)
    assert not await uses.running_here(CHANNEL)  # ended: read again
    assert store.reads == 2
    other = await endeavors(store)[0].start(GM, 999, "Elsewhere", 3, 3)  # another replica
    assert not await uses.running_here(other.channel_id)  # not yet: this window's answer
    clock.advance(timedelta(seconds=RUNNING_SECONDS))
    assert await uses.running_here(other.channel_id)
    assert store.reads == 3


async def test_a_checks_result_offers_count_where_an_endeavor_runs() -> None:
    store = FakeEndeavorStore()
    uses, _ = endeavors(store)
    t = table(script(d(20, 12), ID_FACES, d(20, 3), SECOND_ID, d(20, 5), THIRD_ID,
                     d(20, 7), d(32, 4, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
    rolls = counting(t, uses)
    before = await rolls.check(PLAYER, "insight", request(dc=15))
    assert not before.offers.offered(COUNT)
    await uses.start(GM, CHANNEL, "Climb", 3, 3)
    check = await rolls.check(PLAYER, "insight", request(dc=15))
    assert check.offers.offered(COUNT)
    assert is_test(check.record)
    secret = await rolls.check(PLAYER, "insight", request(visibility=Visibility.GM))
    assert not secret.offers.offered(COUNT)  # its public line shows nothing to count
    raw = await t.actions.roll(RollRequest("1d20+3", ROLLER))
    assert not is_test(raw)
    reads = store.reads
    assert not (await EndeavorRolls(uses).offers(raw, Offers())).offered(COUNT)
    assert store.reads == reads  # a raw roll asks nothing


async def test_a_gm_counts_a_roll_a_secret_one_only_for_a_secret_endeavor() -> None:
    store = FakeEndeavorStore()
    uses, _ = endeavors(store)
    t = table(script(d(20, 12), ID_FACES, d(20, 3), SECOND_ID))
    shown = (await t.rolls.check(PLAYER, "insight", request(dc=15))).record
    blind = (await t.rolls.check(PLAYER, "insight",
                                 request(visibility=Visibility.BLIND))).record
    open_one = await uses.start(GM, CHANNEL, "Climb", 3, 3)
    with pytest.raises(NotAllowedError, match="may count a roll's result for an endeavor"):
        await uses.count_roll(PLAYER, CHANNEL, shown, Counted.SUCCESS)
    with pytest.raises(RollNotFoundError, match="no longer available"):  # as an unknown roll
        await uses.count_roll(GM, CHANNEL + 1, shown, Counted.SUCCESS)
    with pytest.raises(EndeavorError, match=f"roll {blind.roll_id} is secret until revealed"):
        await uses.count_roll(GM, CHANNEL, blind, Counted.SUCCESS)
    counted = await uses.count_roll(GM, CHANNEL, shown, Counted.DOUBLE)
    assert counted.endeavor.success_count == 2
    with pytest.raises(EndeavorError, match="counted already: once each"):
        await uses.count_roll(GM, CHANNEL, shown, Counted.FAILURE)
    await uses.end(GM, open_one.endeavor_id)
    await uses.start(GM, CHANNEL, "Sneak", 3, 3, secret=True)
    secretly = await uses.count_roll(GM, CHANNEL, blind, Counted.FAILURE)
    assert secretly.endeavor.failure_count == 1


async def test_a_secret_requests_result_counts_only_for_a_secret_endeavor() -> None:
    uses, _ = endeavors(FakeEndeavorStore())
    open_one = await uses.start(GM, CHANNEL, "Climb", 3, 3)
    tally = Tally(True, 1, GM.user_id, "q7k2m9x4ab", "Kaladin")
    with pytest.raises(EndeavorError, match="roll q7k2m9x4ab is secret until revealed"):
        await uses.count_in(GM, CHANNEL, tally, hidden=True)
    with pytest.raises(NotAllowedError, match="may count a result for an endeavor"):
        await uses.count_in(PLAYER, CHANNEL, tally)
    assert (await uses.count_in(GM, CHANNEL, tally)).endeavor.success_count == 1
    await uses.end(GM, open_one.endeavor_id)
    await uses.start(GM, CHANNEL, "Sneak", 3, 3, secret=True)
    secretly = await uses.count_in(GM, CHANNEL, replace(tally, roll_id="w3n8p1z6cd"),
                                   hidden=True)
    assert secretly.endeavor.success_count == 1


async def test_a_requests_roll_offers_no_count_on_its_result_its_card_counts_it() -> None:
    """A request's result is the roller's alone (ephemeral): Count is the card's select."""
    uses, _ = endeavors(FakeEndeavorStore())
    t = table(script(d(20, 9), ID_FACES, d(20, 4), SECOND_ID))
    rolls = counting(t, uses)
    asked = request(dc=10).with_term(REQUEST, ForRequest("q7k2m9x4ab", "Athletics", 10, False,
                                                         True))
    assert not (await rolls.flat_test(PLAYER, asked, 2)).offers.offered(COUNT)
    await uses.start(GM, CHANNEL, "Climb", 3, 3)
    flat = await rolls.flat_test(PLAYER, asked, 2)
    assert is_test(flat.record)
    assert not flat.offers.offered(COUNT)
    assert flat.record.notation == "1d20+2"
