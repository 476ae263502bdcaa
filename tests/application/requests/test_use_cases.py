"""The request's use cases: a GM asks; each asked player rolls once (their active character's
skill through the character rolls, with the plot die when the stakes are raised, the request
term in the log; a flat d20 without a character); two clicks at once roll once; a closed
request takes no roll; a secret request's rolls are committed and revealed all at once; every
change is in the request's log."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from nazh.application.characters.service import CharacterNotFoundError
from nazh.application.encounters.access import NotAllowedError
from nazh.application.requests.changes import RequestNotFoundError
from nazh.application.requests.use_cases import Answer
from nazh.application.rolls.logged_store import entry_of
from nazh.application.rolls.secrets import commitment_holds
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.request import REQUEST, ForRequest
from nazh.application.settings.server import Member
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.errors import LimitError
from nazh.domain.request import Asked, Outcome, RequestError, Sight, new_request
from nazh.presentation.term_views import above_lines, after_outcome
from tests.fakes import d, script
from tests.request_fakes import FakeRequestStore, requests_on
from tests.roll_sheets_kit import GM, GUILD, ID_FACES, OTHER, PLAYER, PLAYER_ID, fight, table

CHANNEL = 222
INSIGHT_15 = new_request("insight", dc=15, stakes=True)


async def test_a_player_rolls_their_active_characters_skill_with_the_plot_die() -> None:
    t = table(script(d(20, 12), d(6, 5), ID_FACES))
    requests, store = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, INSIGHT_15)
    done = await requests.roll(PLAYER, asked.request_id)
    roll = done.rolled.record
    assert roll.notation == "1d20+5"
    assert roll.result.plot is not None
    assert (roll.result.pools[0].total, roll.result.pools[0].success) == (17, True)
    assert roll.term(REQUEST) == ForRequest(asked.request_id, "Insight", 15, True)
    assert await t.store.get(roll.roll_id) == roll  # kept like any roll
    assert entry_of(roll).result["request"]["id"] == asked.request_id
    assert done.record.request.settled == (Outcome(roll.roll_id, "Veyla Tarn", 17, True, 1, 0),)
    assert done.record.request.summary() == "1 of 1 succeeded"
    assert "📣 Asked: Insight, DC 15, stakes raised" in above_lines(roll)
    assert after_outcome(roll) == " · 📣 asked: Insight"  # the skill asked, not an id
    kinds = [(e.kind, e.user_id) for e in await requests.log(asked.request_id)]
    assert kinds == [("rolled", PLAYER_ID), ("claimed", PLAYER_ID), ("asked", GM.user_id)]
    assert len(store.entries) == 3


async def test_a_second_click_rolls_nothing() -> None:
    rng = script(d(20, 12), d(6, 3), ID_FACES)
    t = table(rng)
    requests, _ = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, INSIGHT_15)
    await requests.roll(PLAYER, asked.request_id)
    with pytest.raises(RequestError, match="one roll each"):
        await requests.roll(PLAYER, asked.request_id)
    assert rng.remaining == []
    assert len(t.store) == 1


async def test_two_clicks_at_once_roll_once() -> None:
    rng = script(d(20, 12), d(6, 3), ID_FACES)
    t = table(rng)
    requests, store = requests_on(t, FakeRequestStore(yielding=True))
    asked = await requests.ask(GM, CHANNEL, INSIGHT_15)
    results = await asyncio.gather(requests.roll(PLAYER, asked.request_id),
                                   requests.roll(PLAYER, asked.request_id),
                                   return_exceptions=True)
    refused = [r for r in results if isinstance(r, RequestError)]
    assert len(refused) == 1
    assert len(t.store) == 1
    kept = store.records[asked.request_id].request
    assert len(kept.results) == 1
    assert kept.results[0].rolled


async def test_the_conditions_of_the_channels_encounter_change_the_roll() -> None:
    t = table(script(d(20, 12), ID_FACES))
    await fight(t, Affliction(ConditionName.EXHAUSTED, 2))
    requests, _ = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, new_request("insight", dc=15))
    roll = (await requests.roll(PLAYER, asked.request_id)).rolled.record
    assert roll.notation == "1d20+3"
    term = roll.term(ENCOUNTER)
    assert term is not None
    assert term.reasons == ("Exhausted: -2",)


async def test_without_an_active_character_the_claim_is_released_and_a_flat_d20_rolls() -> None:
    rng = script(d(20, 9), ID_FACES)
    t = table(rng)
    del t.characters_store.actives[GUILD, PLAYER_ID]
    requests, _ = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, new_request("perception", dc=12))
    with pytest.raises(CharacterNotFoundError):
        await requests.roll(PLAYER, asked.request_id)
    assert (await requests.get(asked.request_id)).request.results == ()
    with pytest.raises(LimitError, match="modifier is -20 to 20"):
        await requests.roll(PLAYER, asked.request_id, Answer(modifier=21))
    done = await requests.roll(PLAYER, asked.request_id, Answer(modifier=2))
    roll = done.rolled.record
    assert roll.notation == "1d20+2"
    assert roll.term(REQUEST) == ForRequest(asked.request_id, "Perception", 12, flat=True)
    assert done.record.request.settled == (Outcome(roll.roll_id, "", 11, False),)
    kinds = [e.kind for e in await requests.log(asked.request_id)]
    assert kinds == ["rolled", "claimed", "released", "claimed", "asked"]


async def test_the_gm_grants_advantage() -> None:
    t = table(script(d(20, 4, 16), ID_FACES))
    requests, _ = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, new_request("insight", advantage=True))
    roll = (await requests.roll(PLAYER, asked.request_id)).rolled.record
    assert roll.notation == "a1d20+5"
    assert roll.result.pools[0].total == 21


async def test_only_the_members_asked_roll() -> None:
    t = table(script())
    requests, _ = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, new_request(
        "insight", asked=Asked(members=frozenset({OTHER.user_id}))))
    with pytest.raises(RequestError, match="not asked of you"):
        await requests.roll(PLAYER, asked.request_id)
    by_role = await requests.ask(GM, CHANNEL, new_request(
        "insight", asked=Asked(roles=frozenset({55}))))
    with pytest.raises(RequestError, match="not asked of you"):
        await requests.roll(PLAYER, by_role.request_id)
    assert (await requests.get(by_role.request_id)).request.results == ()


async def test_a_member_with_the_role_asked_rolls() -> None:
    t = table(script(d(20, 10), ID_FACES))
    requests, _ = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, new_request(
        "insight", asked=Asked(roles=frozenset({55}))))
    done = await requests.roll(replace(PLAYER, role_ids=frozenset({55})), asked.request_id)
    assert done.rolled.record.result.pools[0].total == 15


async def test_only_a_gm_asks_closes_and_reveals() -> None:
    t = table(script())
    requests, _ = requests_on(t)
    with pytest.raises(NotAllowedError, match="may ask the table for a test"):
        await requests.ask(PLAYER, CHANNEL, INSIGHT_15)
    with pytest.raises(RequestError, match="server"):
        await requests.ask(Member(GM.user_id, None), CHANNEL, INSIGHT_15)
    asked = await requests.ask(GM, CHANNEL, new_request("insight", sight=Sight.BLIND))
    with pytest.raises(NotAllowedError):
        await requests.close(PLAYER, asked.request_id)
    with pytest.raises(NotAllowedError):
        await requests.reveal(PLAYER, asked.request_id)
    with pytest.raises(RequestNotFoundError):
        await requests.close(GM, "nosuchone0")


async def test_a_closed_request_takes_no_roll_and_keeps_its_summary() -> None:
    t = table(script(d(20, 12), d(6, 3), ID_FACES))
    requests, _ = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, INSIGHT_15)
    await requests.roll(PLAYER, asked.request_id)
    closed = await requests.close(GM, asked.request_id)
    assert closed.request.closed
    assert closed.request.summary() == "1 of 1 succeeded"
    with pytest.raises(RequestError, match="closed"):
        await requests.roll(OTHER, asked.request_id, Answer(modifier=0))
    with pytest.raises(RequestError, match="closed already"):
        await requests.close(GM, asked.request_id)


@pytest.mark.parametrize("sight", [Sight.GM, Sight.BLIND])
async def test_a_secret_requests_rolls_are_committed_then_revealed_all_at_once(
        sight: Sight) -> None:
    second = d(32, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    t = table(script(d(20, 12), ID_FACES, d(20, 3), second))
    requests, _ = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, new_request("insight", dc=15, sight=sight))
    first = (await requests.roll(PLAYER, asked.request_id)).rolled.record
    other = (await requests.roll(OTHER, asked.request_id, Answer(modifier=1))).rolled.record
    for roll in (first, other):
        assert roll.hidden
        assert commitment_holds(entry_of(roll).result) is True
    public = await requests.ask(GM, CHANNEL, new_request("insight"))
    with pytest.raises(RequestError, match="public"):
        await requests.reveal(GM, public.request_id)
    record, revealed = await requests.reveal(GM, asked.request_id)
    assert record.request.revealed
    assert record.request.closed
    assert [r.record.roll_id for r in revealed] == [first.roll_id, other.roll_id]
    for rolled in revealed:
        assert not rolled.record.hidden
        assert commitment_holds(entry_of(rolled.record).result) is True
    assert record.request.summary() == "1 of 2 succeeded"
    with pytest.raises(RequestError, match="revealed already"):
        await requests.reveal(GM, asked.request_id)


async def test_a_gm_roll_revealed_by_its_roller_is_left_as_it_is_at_the_reveal() -> None:
    t = table(script(d(20, 12), ID_FACES))
    requests, _ = requests_on(t)
    asked = await requests.ask(GM, CHANNEL, new_request("insight", sight=Sight.GM))
    roll = (await requests.roll(PLAYER, asked.request_id)).rolled.record
    await t.reveals.reveal(roll.roll_id, PLAYER)
    _, revealed = await requests.reveal(GM, asked.request_id)
    assert revealed == []
