"""The pseudo-locale end to end, on both transports: a member whose client (and server) speak
``x-pseudo`` reads every translated message marked ``[!! … !!]``; the roll flow (a public test
against a DC with advantage, the plot die added, an Opportunity spent, the Copy form, a private
roll, a secret and a blind one) shows no text that was left untranslated."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from nazh.adapters.discord.characters.import_form import FILE_INPUT
from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import (
    FakeDiscord,
    assert_healthy,
    form_submit,
    slash_command,
)
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, running
from tests.e2e.locale_kit import (
    ADMIN,
    MANAGE_GUILD,
    PSEUDO,
    ROLLER,
    assert_marked,
    press,
    roll,
    unmarked,
)


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot with the pseudo-locale on."""
    async with running(fake_discord, tmp_path, request.param, NAZH_PSEUDO_LOCALE="true") as bot:
        yield bot
    assert_healthy(fake_discord)


def test_the_check_finds_text_left_untranslated() -> None:
    assert unmarked("[!! DC 12: [!! success !!] !!] · [!! jet abc123 !!]") == []
    assert unmarked("**14** | `a1d20+2` | [9↑(3)] <@1> roll ab12") == ["roll"]
    assert unmarked("[!! To spend: [!! 1 Opportunity !!] !!] and more") == ["and", "more"]


async def house_rule(nazh: NazhUnderTest) -> None:
    """The server's players-raise-stakes on: the roller adds the plot die to a posted roll."""
    interaction = slash_command("settings set", {"players-raise-stakes": True}, user=ADMIN)
    member = interaction["member"]
    member["permissions"] = str(int(member["permissions"]) | MANAGE_GUILD)
    await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
    await nazh.fake.wait_for_interaction_response(interaction)


async def test_the_roll_flow_is_translated_throughout(nazh: NazhUnderTest) -> None:
    await house_rule(nazh)
    settings = set(nazh.fake.state.messages)  # the admin's own answer, in the admin's language
    # advantage keeps 19 of 19 and 3, 2d6 rolls 3 and 4, the plot die added then is 5: an
    # Opportunity to spend
    nazh.dice.script(20, 19, 3).script(6, 3, 4).script(6, 5)
    card = await roll(nazh, pool="a1d20+2, 2d6", dc=12)
    assert "title" not in card["embeds"][0]  # a plain roll: its outcome leads
    assert_marked(card)
    card = await press(nazh, card, "[!! Add Plot Die !!]")
    assert "[!! To spend: [!! 1 Opportunity !!] !!]" in card["embeds"][0]["description"]
    assert_marked(card)
    card = await press(nazh, card, "[!! Spend an Opportunity (roller) on… !!]", ["narrative"])
    assert "[!! 🌟 Opportunity spent: [!! A narrative effect !!] (<@" in card["embeds"][0][
        "description"]
    assert_marked(card)
    form = await press(nazh, card, "[!! Copy Command !!]")
    assert form["title"] == "[!! Copy or edit this roll !!]"
    assert_marked(form)
    for options in ({"private": True}, {"visibility": "gm"}, {"visibility": "blind"}):
        assert_marked(await roll(nazh, pool="1d20", **options))
    for key, message in nazh.fake.state.messages.items():
        if key not in settings:
            assert_marked(message)


async def attack(nazh: NazhUnderTest, **options: object) -> JsonObject:
    async def sent() -> JsonObject:
        interaction = slash_command("attack", options,  # type: ignore[arg-type]
                                    user=ROLLER, locale=PSEUDO)
        interaction["guild_locale"] = PSEUDO
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return dict(answer["data"])


async def test_an_attack_is_translated_throughout(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 9).script(6, 4, 2)
    card = await attack(nazh, test="1d20+5", damage="2d6")  # no defense: both outcomes
    assert card["embeds"][0]["title"] == "⚔️ [!! Attack !!]"
    assert_marked(card)
    card = await press(nazh, card, "[!! Hit !!]")
    assert "[!! 🎯 **Hit** (" in card["embeds"][0]["description"]
    assert_marked(card)
    nazh.dice.script(20, 3).script(6, 4, 2)
    missed = await attack(nazh, test="1d20+5", damage="2d6", defense=15)
    assert "[!! ❌ **Miss** ([!! vs defense 15 !!]): " in missed["embeds"][0]["description"]
    assert_marked(missed)


async def test_an_injury_is_translated_throughout(nazh: NazhUnderTest) -> None:
    async def sent() -> JsonObject:
        interaction = slash_command("injury", {"deflect": 1, "injuries": 1}, user=ROLLER,
                                    locale=PSEUDO)
        interaction["guild_locale"] = PSEUDO
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    nazh.dice.script(20, 12).script(6, 3).script(8, 8)  # total 8: a shallow injury, 3 days
    _, answer = await nazh.asked(sent)
    card = dict(answer["data"])
    assert card["embeds"][0]["title"] == "🩸 [!! Injury !!]"
    assert "[!! Shallow injury !!]" in card["embeds"][0]["description"]
    assert_marked(card)


async def test_about_is_translated_throughout(nazh: NazhUnderTest) -> None:
    async def sent() -> JsonObject:
        interaction = slash_command("about", user=ROLLER, locale=PSEUDO)
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    assert answer["data"]["embeds"][0]["fields"][0]["name"] == "[!! Dice !!]"
    assert_marked(dict(answer["data"]))


async def test_a_history_page_is_translated_throughout(nazh: NazhUnderTest) -> None:
    await roll(nazh, pool="1d20+2")
    await roll(nazh, pool="2d6")

    async def sent() -> JsonObject:
        interaction = slash_command("history", {"limit": 1}, user=ROLLER, locale=PSEUDO)
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    page = dict(answer["data"])
    assert page["embeds"][0]["title"] == "📜 [!! Recent rolls !!]"
    assert_marked(page)
    assert_marked(await press(nazh, page, "[!! Older ▶ !!]"))


async def test_the_builder_is_translated_throughout(nazh: NazhUnderTest) -> None:
    builder = await roll(nazh, build=True, pool="2d6+1")
    assert builder["embeds"][0]["title"] == "🛠️ [!! Roll builder !!]"
    assert_marked(builder)
    builder = await press(nazh, builder, "[!! Dice + !!]")
    assert_marked(builder)
    sent = await press(nazh, builder, "[!! Roll Publicly !!]")
    assert_marked(sent)
    for message in nazh.fake.state.messages.values():
        assert_marked(message)


async def test_the_import_form_is_translated_throughout(nazh: NazhUnderTest) -> None:
    async def sent(make: Callable[[], JsonObject]) -> JsonObject:
        async def send() -> JsonObject:
            interaction = make()
            interaction["guild_locale"] = PSEUDO
            await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
            return interaction

        _, answer = await nazh.asked(send)
        return answer

    opened = await sent(lambda: slash_command("character import", None, user=ROLLER,
                                              locale=PSEUDO))
    form = dict(opened["data"])
    assert form["title"] == "[!! Import characters !!]"
    assert_marked(form)
    portrait = nazh.fake.attachment(b"\x89PNG", "portrait.png", "image/png")
    refused = await sent(lambda: form_submit(
        opened, {FILE_INPUT: [portrait]}, user=ROLLER, locale=PSEUDO,
        application_id=str(nazh.fake.application_id)))
    content = str(refused["data"]["content"])
    assert 'file "portrait.png"' in content
    # a refusal's reason and hint are shown escaped for Discord's markdown: read as a member does
    assert_marked({"content": content.replace("\\[", "[").replace("\\]", "]")})
