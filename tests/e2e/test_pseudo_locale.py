"""The pseudo-locale end to end, on both transports: a member whose client (and server) speak
``x-pseudo`` reads every translated message marked ``[!! … !!]``; the roll flow (a public test
against a DC with advantage, the plot die added, an Opportunity spent, the Copy form, a private
roll, a secret and a blind one) shows no text that was left untranslated."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.characters.import_form import FILE_INPUT
from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import form_submit, slash_command
from tests.e2e.fake_discord.payloads import DEFAULT_LOCALE
from tests.e2e.harness import NazhUnderTest
from tests.e2e.locale_kit import (
    ADMIN,
    MANAGE_GUILD,
    PSEUDO,
    ROLLER,
    assert_marked,
    click,
    command,
    roll,
    unescaped,
    unmarked,
)


@pytest.fixture
def nazh(pseudo_nazh: NazhUnderTest) -> NazhUnderTest:
    """The bot with the pseudo-locale on."""
    return pseudo_nazh


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
    card = (await click(nazh, card, "[!! Add Plot Die !!]"))["data"]
    assert "[!! To spend: [!! 1 Opportunity !!] !!]" in card["embeds"][0]["description"]
    assert_marked(card)
    card = (await click(nazh, card, "[!! Spend an Opportunity (roller) on… !!]",
                        values=["narrative"]))["data"]
    assert "[!! 🌟 Opportunity spent: [!! A narrative effect !!] (<@" in card["embeds"][0][
        "description"]
    assert_marked(card)
    form = (await click(nazh, card, "[!! Copy Command !!]"))["data"]
    assert form["title"] == "[!! Copy or edit this roll !!]"
    assert_marked(form)
    for options in ({"private": True}, {"visibility": "gm"}, {"visibility": "blind"}):
        assert_marked(await roll(nazh, pool="1d20", **options))
    for key, message in nazh.fake.state.messages.items():
        if key not in settings:
            assert_marked(message)


async def test_an_attack_is_translated_throughout(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 9).script(6, 4, 2)
    # no defense: both outcomes
    card = (await command(nazh, "attack", test="1d20+5", damage="2d6"))["data"]
    assert card["embeds"][0]["title"] == "⚔️ [!! Attack !!]"
    assert_marked(card)
    card = (await click(nazh, card, "[!! Hit !!]"))["data"]
    assert "[!! 🎯 **Hit** (" in card["embeds"][0]["description"]
    assert_marked(card)
    nazh.dice.script(20, 3).script(6, 4, 2)
    missed = (await command(nazh, "attack", test="1d20+5", damage="2d6", defense=15))["data"]
    assert "[!! ❌ **Miss** ([!! vs defense 15 !!]): " in missed["embeds"][0]["description"]
    assert_marked(missed)


async def test_an_injury_is_translated_throughout(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 12).script(6, 3).script(8, 8)  # total 8: a shallow injury, 3 days
    card = (await command(nazh, "injury", deflect=1, injuries=1))["data"]
    assert card["embeds"][0]["title"] == "🩸 [!! Injury !!]"
    assert "[!! Shallow injury !!]" in card["embeds"][0]["description"]
    assert_marked(card)


async def test_about_is_translated_throughout(nazh: NazhUnderTest) -> None:
    # the server speaks Discord's default: the member's client alone speaks the pseudo-locale
    answer = await command(nazh, "about", guild_locale=DEFAULT_LOCALE)
    assert answer["data"]["embeds"][0]["fields"][0]["name"] == "[!! Dice !!]"
    assert_marked(dict(answer["data"]))


async def test_a_history_page_is_translated_throughout(nazh: NazhUnderTest) -> None:
    await roll(nazh, pool="1d20+2")
    await roll(nazh, pool="2d6")

    page = (await command(nazh, "history", guild_locale=DEFAULT_LOCALE, limit=1))["data"]
    assert page["embeds"][0]["title"] == "📜 [!! Recent rolls !!]"
    assert_marked(page)
    assert_marked((await click(nazh, page, "[!! Older ▶ !!]"))["data"])


async def test_the_builder_is_translated_throughout(nazh: NazhUnderTest) -> None:
    builder = await roll(nazh, build=True, pool="2d6+1")
    assert builder["embeds"][0]["title"] == "🛠️ [!! Roll builder !!]"
    assert_marked(builder)
    builder = (await click(nazh, builder, "[!! Dice + !!]"))["data"]
    assert_marked(builder)
    sent = (await click(nazh, builder, "[!! Roll Publicly !!]"))["data"]
    assert_marked(sent)
    for message in nazh.fake.state.messages.values():
        assert_marked(message)


async def test_the_import_form_is_translated_throughout(nazh: NazhUnderTest) -> None:
    opened = await command(nazh, "character import")
    form = dict(opened["data"])
    assert form["title"] == "[!! Import characters !!]"
    assert_marked(form)
    portrait = nazh.fake.attachment(b"\x89PNG", "portrait.png", "image/png")

    async def submitted() -> JsonObject:
        interaction = form_submit(opened, {FILE_INPUT: [portrait]}, user=ROLLER, locale=PSEUDO,
                                  application_id=str(nazh.fake.application_id))
        interaction["guild_locale"] = PSEUDO
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, refused = await nazh.asked(submitted)
    content = str(refused["data"]["content"])
    assert 'file "portrait.png"' in content
    # a refusal's reason and hint are shown escaped for Discord's markdown: read as a member does
    assert_marked(unescaped({"content": content}))
