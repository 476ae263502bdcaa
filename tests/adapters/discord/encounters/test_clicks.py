"""The card's controls at the feature level (EncounterControls): real interactions routed as
the bot routes them, the use cases in memory, the channel's messages sent to a spec'd fake of
hikari's REST client. The card's buttons act for their clicker's own combatant, ask a GM which
one, refuse others and old cards; a click updates the card in place and a change that overtook
it is edited onto the card. No network."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import hikari

from nazh.adapters.discord.encounters.controls import (
    AID_KIND,
    EXTRA_KIND,
    NEXT,
    STRIKE_KIND,
    card_button,
    choose_select,
    condition_target_select,
    conditions_select,
    reaction_select,
)
from nazh.application.encounters.lifecycle import Settings
from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.application.encounters.ports import OnceKeys
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.encounters.turns import TurnAct
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.timing import Moment, Speed
from tests.adapters.discord.encounters.kit import (
    CHANNEL,
    GM,
    OTHER,
    PLAYER,
    Table,
    clicked,
    custom_ids,
    member,
    started,
    texts,
    with_kaladin,
)
from tests.adapters.discord.feature_kit import EPHEMERAL
from tests.e2e.fake_discord.message_rules import IS_COMPONENTS_V2
from tests.encounter_fakes import FakeEncounterStore

MESSAGE_CREATE = int(hikari.ResponseType.MESSAGE_CREATE)
MESSAGE_UPDATE = int(hikari.ResponseType.MESSAGE_UPDATE)


# -- the card's buttons ---------------------------------------------------------------------------


async def test_the_owners_click_updates_the_card_in_place(table: Table) -> None:
    card = await with_kaladin(table)
    record = await table.current()
    answer = await clicked(table, card_button(record.encounter_id, TurnAct.FAST.value), PLAYER,
                           message_id=card)
    assert answer["type"] == MESSAGE_UPDATE
    assert answer["data"]["flags"] & IS_COMPONENTS_V2
    assert any("**Kaladin** · fast · 2 actions" in text for text in texts(answer["data"]))
    kaladin = (await table.current()).encounter.find("Kaladin")
    assert (kaladin.turn.speed, kaladin.turn.actions) == (Speed.FAST, 2)
    await table.settle()


async def test_a_click_reads_the_encounter_once_before_its_change_and_draws_what_it_kept(
        table: Table) -> None:
    card = await with_kaladin(table)
    record = await table.current()
    reads, writes = table.store.reads, table.store.writes
    answer = await clicked(table, card_button(record.encounter_id, TurnAct.FAST.value), PLAYER,
                           message_id=card)
    # one read (the card checked, the change made from it), one write, and one read after
    # the answer: whether a change made meanwhile overtook it
    assert (table.store.reads - reads, table.store.writes - writes) == (2, 1)
    kept = await table.current()
    assert any("**Kaladin** · fast · 2 actions" in text for text in texts(answer["data"]))
    assert kept.version == record.version + 1
    await table.settle()


async def test_a_click_for_someone_elses_combatant_is_refused_privately(table: Table) -> None:
    card = await with_kaladin(table)
    record = await table.current()
    fast = card_button(record.encounter_id, TurnAct.FAST.value)
    answer = await clicked(table, fast, OTHER, message_id=card)
    assert answer["type"] == MESSAGE_CREATE
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == (
        "**Can't do that.** you have no combatant that can go fast now\n"
        "Hint: it is round 1, the fast players phase")
    chosen = await clicked(table, choose_select(record.encounter_id, TurnAct.FAST), OTHER,
                           values=["Kaladin"])
    assert chosen["data"]["flags"] & EPHEMERAL
    assert chosen["data"]["content"] == (
        "**Can't do that.** only Kaladin's player or a GM may go fast for Kaladin")
    assert (await table.current()).version == record.version
    await table.settle()


async def test_a_gm_with_several_combatants_is_asked_which_one(table: Table) -> None:
    card = await started(table)
    await table.uses.roster.add(member(GM), CHANNEL, QuickCombatant("Bandit", 6,
                                                                    role=Role.MINION), 2)
    record = await table.current()
    answer = await clicked(table, card_button(record.encounter_id, TurnAct.FAST.value), GM,
                           message_id=card)
    assert answer["type"] == MESSAGE_CREATE
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == "you may go fast for Bandit 1, Bandit 2: choose one"
    [row] = answer["data"]["components"]
    [menu] = row["components"]
    assert menu["custom_id"] == choose_select(record.encounter_id, TurnAct.FAST)
    assert [o["value"] for o in menu["options"]] == ["Bandit 1", "Bandit 2"]
    chosen = await clicked(table, menu["custom_id"], GM, values=["Bandit 2"])
    assert chosen["type"] == MESSAGE_UPDATE
    assert chosen["data"]["content"] == "**Bandit 2**: go fast ✓"
    assert chosen["data"]["components"] is None
    encounter = (await table.current()).encounter
    assert [c.turn.speed for c in encounter.combatants] == [Speed.SLOW, Speed.FAST]
    await table.settle()
    assert table.edited[-1] == card
    assert texts(table.messages[card])[1] == (
        "**Enemies**\n⏳ **Bandit 1** · slow · reaction ✓ · Healthy\n"
        "⏳ **Bandit 2** · fast · reaction ✓ · Healthy")


class RacingStore(FakeEncounterStore):
    """The store, with another change slipped in right after the next one it keeps (another
    click at once, on this replica or another)."""

    def __init__(self) -> None:
        super().__init__()
        self.meanwhile: Callable[[], Awaitable[object]] | None = None

    async def update(self, record: EncounterRecord, entries: Sequence[LogEntry], *,
                     once: OnceKeys = None) -> bool:
        kept = await super().update(record, entries, once=once)
        slipped, self.meanwhile = self.meanwhile, None
        if kept and slipped is not None:
            await slipped()
        return kept


async def two_players(table: Table) -> tuple[int, EncounterRecord, int]:
    """Kaladin's and Shallan's players on the card, its edits so far sent: the card's message
    id, the encounter as kept, and how many edits were made before."""
    await table.characters.new(member(OTHER), "Shallan")
    card = await with_kaladin(table)
    await table.uses.roster.join(member(OTHER), CHANNEL, None)
    await table.settle()
    return card, await table.current(), len(table.edited)


async def test_a_clicks_change_overtaken_by_another_edits_the_newest_onto_the_card() -> None:
    store = RacingStore()
    table = Table(store)
    card, record, edits = await two_players(table)
    answer = await clicked(table, card_button(record.encounter_id, TurnAct.FAST.value), PLAYER,
                           message_id=card)
    await table.settle()
    assert (answer["type"], table.edited[edits:]) == (MESSAGE_UPDATE, [])  # alone: no edit
    store.meanwhile = lambda: table.uses.turns.take(member(OTHER), CHANNEL, TurnAct.DONE)
    answer = await clicked(table, card_button(record.encounter_id, TurnAct.DONE.value), PLAYER,
                           message_id=card)
    assert texts(answer["data"])[0].split("\n")[1] == "Waiting for: Shallan"  # as Kaladin left it
    await table.settle()
    assert table.edited[edits:] == [card]
    assert texts(table.messages[card])[0].startswith("⚔️ **Ambush** — Round 1 · Slow players\n")
    await table.close()


async def test_a_change_kept_just_after_a_clicks_answer_is_edited_onto_the_card_later(
        ) -> None:
    table = Table()
    card, record, edits = await two_players(table)
    answer = await clicked(table, card_button(record.encounter_id, TurnAct.DONE.value), PLAYER,
                           message_id=card)
    assert texts(answer["data"])[0].split("\n")[1] == "Waiting for: Shallan"
    # Shallan's Done, kept on another replica after this answer was sent and checked; its own
    # answer reached the card first, so the card shows this answer, one change behind
    await table.uses.turns.take(member(OTHER), CHANNEL, TurnAct.DONE)
    table.messages[card] = answer["data"]
    assert table.edited[edits:] == []
    await table.settle()  # the recheck an interval after the answer, made now
    assert table.edited[edits:] == [card]
    assert texts(table.messages[card])[0].startswith("⚔️ **Ambush** — Round 1 · Slow players\n")
    await table.close()


async def test_a_click_on_an_old_card_is_refused(table: Table) -> None:
    old = await with_kaladin(table)
    record = await table.current()
    show = table.command("encounter show", GM)
    answer = await table.answer(show, table.feature.show(show))
    assert answer["data"]["content"] == "The card is below."
    new = (await table.current()).card_message_id
    assert new is not None
    assert new != old
    assert texts(table.messages[old]) == [
        "⚔️ Ambush: this card has moved further down (/encounter show posts it again)."]
    fast = card_button(record.encounter_id, TurnAct.FAST.value)
    refused = await clicked(table, fast, PLAYER, message_id=old)
    assert refused["data"]["flags"] & EPHEMERAL
    assert refused["data"]["content"] == (
        "**Can't do that.** this card is no longer the encounter's live card\n"
        "Hint: use the newest one (/encounter show posts it again)")
    assert (await table.current()).encounter.find("Kaladin").turn.speed is Speed.SLOW
    await table.settle()


async def test_a_second_press_of_next_on_the_same_card_is_refused(table: Table) -> None:
    card = await with_kaladin(table)
    record = await table.current()
    seen = card_button(record.encounter_id, NEXT, moment=record.encounter.moment)
    first = await clicked(table, seen, GM, message_id=card)
    assert first["type"] == MESSAGE_UPDATE
    assert (await table.current()).encounter.moment != Moment(1, 0)
    again = await clicked(table, seen, GM, message_id=card)
    assert again["data"]["flags"] & EPHEMERAL
    assert again["data"]["content"].startswith(
        "**Can't do that.** the fast players phase of round 1 has already ended (now: ")
    await table.settle()


async def test_the_gm_view_is_for_the_gms(table: Table) -> None:
    card = await with_kaladin(table)
    gm_view = card_button((await table.current()).encounter_id, "gm-view")
    refused = await clicked(table, gm_view, PLAYER, message_id=card)
    assert refused["data"]["content"] == "**Can't do that.** the GM view is for the GMs"
    shown = await clicked(table, gm_view, GM, message_id=card)
    assert shown["data"]["flags"] & EPHEMERAL
    assert shown["data"]["flags"] & IS_COMPONENTS_V2
    assert custom_ids(shown["data"]) == {}
    await table.settle()


async def test_a_member_who_asked_is_mentioned_alone_when_their_phase_starts(
        table: Table) -> None:
    card = await with_kaladin(table)
    await table.uses.lifecycle.settings(member(PLAYER), CHANNEL, Settings(ping=True))
    record = await table.current()
    await clicked(table, card_button(record.encounter_id, NEXT, moment=Moment(1, 0)), GM,
                  message_id=card)
    ping = table.rest.create_message.await_args_list[-1]
    assert ping.args == (CHANNEL, f"<@{PLAYER['id']}> your phase has started: Slow players, "
                                  "round 1 (Ambush).")
    assert ping.kwargs == {"user_mentions": [int(PLAYER["id"])], "mentions_everyone": False,
                           "role_mentions": False}
    await table.settle()


# -- a card no longer live: every control refused alike ----------------------------------------

STALE = ("**Can't do that.** this card is no longer the encounter's live card\n"
         "Hint: use the newest one (/encounter show posts it again)")


async def test_the_conditions_select_of_an_old_card_is_refused_as_its_buttons_are(
        table: Table) -> None:
    old = await with_kaladin(table)
    record = await table.current()
    show = table.command("encounter show", GM)
    await table.answer(show, table.feature.show(show))
    for user in (PLAYER, GM):
        refused = await clicked(table, conditions_select(record.encounter_id), user,
                                message_id=old, values=["prone"])
        assert (refused["type"], refused["data"]["flags"] & EPHEMERAL) == (MESSAGE_CREATE,
                                                                          EPHEMERAL)
        assert refused["data"]["content"] == STALE
        assert refused["data"].get("components") is None  # no select of who takes it
    live = await clicked(table, conditions_select(record.encounter_id), PLAYER,
                         message_id=(await table.current()).card_message_id, values=["prone"])
    assert live["data"]["content"] == "Who takes Prone?"
    assert (await table.current()).encounter.find("Kaladin").conditions == ()
    await table.settle()


async def ended_then_another(table: Table) -> tuple[int, EncounterRecord]:
    """Kaladin's encounter ended and another started in the channel, Kaladin in it again:
    the old card's message id and the old encounter."""
    old_card = await with_kaladin(table)
    old = await table.current()
    end = table.command("encounter end", GM)
    await table.answer(end, table.feature.end(end))
    await started(table)
    await table.uses.roster.join(member(PLAYER), CHANNEL, None)
    return old_card, old


async def test_every_control_of_an_ended_encounter_is_refused_and_the_next_one_unchanged(
        table: Table) -> None:
    old_card, old = await ended_then_another(table)
    before = await table.current()
    assert before.encounter_id != old.encounter_id
    on_card = [(conditions_select(old.encounter_id), ["prone"]),
               (card_button(old.encounter_id, TurnAct.FAST.value), None)]
    prompts = [(choose_select(old.encounter_id, TurnAct.FAST), ["Kaladin"]),
               (condition_target_select(old.encounter_id, ConditionName.PRONE), ["Kaladin"]),
               (reaction_select(old.encounter_id, AID_KIND, "Kaladin"), ["Kaladin"]),
               (reaction_select(old.encounter_id, STRIKE_KIND, "Kaladin"), ["0:Kaladin"]),
               (reaction_select(old.encounter_id, EXTRA_KIND, "Kaladin"), ["action"])]
    for custom_id, values in on_card:
        refused = await clicked(table, custom_id, PLAYER, message_id=old_card, values=values)
        assert refused["data"]["content"] == STALE, custom_id
    for custom_id, values in prompts:
        refused = await clicked(table, custom_id, PLAYER, values=values)
        assert refused["data"]["flags"] & EPHEMERAL
        assert refused["data"]["content"] == STALE, custom_id
    after = await table.current()
    assert (after.version, after.encounter) == (before.version, before.encounter)
    await table.settle()


async def test_a_prompt_of_the_running_encounter_still_acts(table: Table) -> None:
    await with_kaladin(table)
    record = await table.current()
    chosen = await clicked(table, condition_target_select(record.encounter_id,
                                                          ConditionName.PRONE), PLAYER,
                           values=["Kaladin"])
    assert chosen["data"]["content"] == "**Kaladin** is now Prone."
    await table.settle()
