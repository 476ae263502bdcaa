"""Requests, endeavors and sessions in the reader's language end to end, on both transports: in
the pseudo-locale every text a member reads is marked ``[!! … !!]`` (a session started, an
endeavor started, a public request and a blind one with the players' rolls, the GM's view and
reveal, a player's Close refused, a result counted with the request card's Count, the
endeavor's buttons and end, the session's end, its recap, details and journal); a Brazilian table's
request card reads Portuguese, keeps it when a click from a French server's member edits it,
and answers that member in French."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_controls, card_text, is_card
from tests.e2e.fake_discord import FakeDiscord, modal_submit
from tests.e2e.harness import NazhUnderTest, final_answer, uploads
from tests.e2e.locale_kit import (
    PSEUDO,
    assert_marked,
    click,
    command,
    command_asked,
    unescaped,
    unmarked,
)
from tests.e2e.roll_kit import EPHEMERAL, GM, PLAYER, ROLLER
from tests.waiting import until

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")
MODAL, UPDATE = 9, 7


@pytest.fixture
def nazh(pseudo_nazh: NazhUnderTest) -> NazhUnderTest:
    """The bot with the pseudo-locale on."""
    return pseudo_nazh


async def the_journal(nazh: NazhUnderTest) -> str:
    """``/session journal``: its answer marked; its Markdown file's text."""
    interaction, answer = await command_asked(nazh, "session journal", PLAYER)
    said = await final_answer(nazh.fake, interaction, answer)
    assert said["content"].startswith("📜 [!! The journal of [!! the session !!], in Markdown")
    assert_marked(said)
    [markdown] = await until(lambda: [upload for upload in uploads(nazh.fake, interaction)
                                      if upload.filename.endswith(".md")] or None,
                             what="the journal's Markdown")
    return markdown.data.decode()


def posted(fake: FakeDiscord, icon: str) -> JsonObject:
    """The newest card Nazh posted by itself holding ``icon`` (a request's, an endeavor's)."""
    found = [m for m in fake.messages
             if is_card(m) and "interaction_metadata" not in m and icon in card_text(m)]
    assert found, f"no {icon} card"
    return found[-1]


async def showing(fake: FakeDiscord, icon: str, text: str) -> JsonObject:
    """The ``icon`` card once it shows ``text`` (an edit may come after the answer)."""
    return await until(lambda: posted(fake, icon) if text in card_text(posted(fake, icon))
                       else None, what=f"the {icon} card showing {text!r}")


async def roll_flat(nazh: NazhUnderTest, card: JsonObject, user: JsonObject, modifier: str, *,
                    locale: str = PSEUDO, guild_locale: str = PSEUDO) -> tuple[JsonObject,
                                                                               JsonObject]:
    """``user`` (no character) clicks Roll: the form asks a modifier; the form and the roll's
    answer."""
    label = next(name for name in card_controls(card) if name.startswith(("[!! Roll", "Rolar")))
    form = await click(nazh, card, label, user, locale=locale, guild_locale=guild_locale)
    assert form["type"] == MODAL
    [row] = form["data"]["components"]
    [field] = row["components"]
    # a form opened from a card's button is submitted with that card, as Discord sends it
    submit = modal_submit(form["data"]["custom_id"], {field["custom_id"]: modifier}, user=user,
                          message=card, locale=locale,
                          application_id=str(nazh.fake.application_id))
    submit["guild_locale"] = guild_locale
    await nazh.fake.dispatch("INTERACTION_CREATE", submit)
    return form, await nazh.fake.wait_for_interaction_response(submit)


async def on_panel(nazh: NazhUnderTest, card: JsonObject, label: str, user: JsonObject, *,
                   values: list[str] | None = None) -> JsonObject:
    """Open ``card``'s 👑 GM panel as ``user`` and press ``label`` on it (a select: choose
    ``values``); the answer (to a user who is no GM: the panel's refusal)."""
    opened = await click(nazh, card, "[!! GM !!]", user)
    if not is_card(opened):
        return opened
    assert_marked(opened["data"])
    return await click(nazh, opened, label, user, values=values)


async def test_requests_endeavors_and_sessions_are_translated_throughout(
        nazh: NazhUnderTest) -> None:
    started = await command(nazh, "session start", GM)
    assert started["data"]["content"].startswith("🎬 [!! **Session [!! the session !!] started")
    endeavor = await command(nazh, "endeavor start", GM, name="Bridge4", successes=3,
                             failures=2)
    assert endeavor["data"]["flags"] & EPHEMERAL
    assert_marked(endeavor["data"])
    assert_marked(posted(nazh.fake, "🧗"))
    await public_request(nazh)
    await blind_request(nazh)

    # the endeavor: a success by hand, then the GM ends it
    success = await on_panel(nazh, posted(nazh.fake, "🧗"), "[!! Success !!]", GM)
    assert "[!! by hand !!]" in card_text(success)
    assert_marked(success["data"])
    assert_marked(await showing(nazh.fake, "🧗", "[!! by hand !!]"))
    ended = await on_panel(nazh, posted(nazh.fake, "🧗"), "[!! End !!]", GM)
    assert_marked(ended["data"])
    assert_marked(await showing(nazh.fake, "🧗", "⏹️ [!! Ended by the GM !!]: "))

    recap = await command(nazh, "session end", GM)
    assert card_text(recap).startswith("## 🎬 [!! Session !!]")
    assert_marked(recap["data"])
    details = await click(nazh, recap["data"], "[!! Details !!]", PLAYER)
    assert "### [!! Requests !!]" in card_text(details)
    assert_marked(details["data"])
    journal = await the_journal(nazh)
    assert journal.startswith("# [!! Session !!]\n")
    assert [line for line in journal.splitlines() if unmarked(line)] == []
    for message in nazh.fake.state.messages.values():
        assert_marked(unescaped(message))


async def public_request(nazh: NazhUnderTest) -> None:
    """Each player rolls a flat d20 in the form; a GM counts a result, then closes it."""
    asked = await command(nazh, "request", GM, skill="Perception", dc=12, stakes=True,
                          who=f"<@{PLAYER['id']}> <@{ROLLER['id']}>")
    assert asked["data"]["content"].startswith("[!! Asked: [!! Perception !!] · [!! DC 12 !!]")
    assert_marked(asked["data"])
    card = posted(nazh.fake, "📣")
    assert card_text(card).startswith("## 📣 [!! Perception !!] · [!! DC 12 !!] · [!! stakes")
    assert_marked(card)
    nazh.dice.script(20, 15).script(6, 5)  # 15 + 1: a success, an Opportunity
    form, result = await roll_flat(nazh, card, PLAYER, "1")
    assert form["data"]["title"] == "[!! Roll a flat d20 !!]"
    assert_marked(form["data"])
    assert "📣 [!! Asked: [!! Perception !!], [!! DC 12 !!], [!! stakes raised !!], [!! flat" \
        in str(result["data"]["embeds"][0]["description"])
    assert_marked(result["data"])
    nazh.dice.script(20, 3).script(6, 1)
    await roll_flat(nazh, card, ROLLER, "0")
    card = await showing(nazh.fake, "📣", "[!! 1 of 2 succeeded !!]")
    assert_marked(card)
    panel = await click(nazh, card, "[!! GM !!]", GM)
    assert_marked(panel["data"])
    count = next(name for name in card_controls(panel) if name.startswith("[!! Count"))
    option = next(o for o in card_controls(panel)[count]["options"]
                  if o["label"].endswith("[!! a success !!]"))
    counted = await click(nazh, panel, count, GM, values=[option["value"]])
    assert counted["data"]["content"].startswith("[!! Counted for Bridge4: [!! Successes 1 of")
    assert_marked(counted["data"])
    twice = unescaped((await click(nazh, panel, count, GM, values=[option["value"]]))["data"])
    assert twice["content"].startswith("**[!! Can't do that. !!]** [!! roll ")
    assert "is counted already: once each !!]" in twice["content"]
    assert_marked(twice)
    refused = await on_panel(nazh, posted(nazh.fake, "📣"), "[!! Close !!]", PLAYER)
    reason = unescaped(refused["data"])
    assert reason["content"].startswith("**[!! Can't do that. !!]** [!! only a GM (")
    assert_marked(reason)
    closed = await on_panel(nazh, posted(nazh.fake, "📣"), "[!! Close !!]", GM)
    assert closed["type"] == UPDATE
    assert_marked(closed["data"])
    assert_marked(await showing(nazh.fake, "📣", "🔒"))


async def blind_request(nazh: NazhUnderTest) -> None:
    """The player's roll is theirs to make, not to see; the GM views the results, reveals."""
    await command(nazh, "request", GM, skill="Insight", visibility="blind",
                  who=f"<@{PLAYER['id']}>")
    blind = posted(nazh.fake, "📣")
    assert "[!! 🕶️ blind: only the GM sees" in card_text(blind)
    assert_marked(blind)
    nazh.dice.script(20, 18)
    _, told = await roll_flat(nazh, blind, PLAYER, "0")
    assert told["data"]["flags"] & EPHEMERAL
    assert_marked(told["data"])
    view = await on_panel(nazh, await showing(nazh.fake, "📣", "🕶️ [!! rolled !!]"),
                          "[!! GM view !!]", GM)
    assert view["data"]["flags"] & EPHEMERAL
    assert_marked(view["data"])
    revealed = await on_panel(nazh, posted(nazh.fake, "📣"), "[!! Reveal !!]", GM)
    assert_marked(revealed["data"])
    card = await showing(nazh.fake, "📣", "-# [!! /verify shows each commitment matches: ")
    assert_marked(card)


async def test_a_brazilian_tables_request_card_reads_portuguese(nazh: NazhUnderTest) -> None:
    asked = await command(nazh, "request", GM, locale="en-US", guild_locale="pt-BR",
                          skill="Perception", dc=12, stakes=True)
    # the GM's own answer speaks the GM's language; the card, the table's
    assert asked["data"]["content"] == ("Asked: Perception · DC 12 · stakes raised (plot die). "
                                        "Its card is below.")
    card = posted(nazh.fake, "📣")
    text = card_text(card)
    assert text.startswith("## 📣 Percepção · CD 12 · apostas aumentadas (Dado de Trama)\n")
    assert "Pedido por <@" in text
    assert "Ninguém rolou ainda." in text
    assert text.endswith("Clique em **Rolar** para rolar seu teste uma vez.")
    assert list(card_controls(card)) == ["Rolar", "Rolar com vantagem", "Mestre"]
    # the server's locale is now French: a click keeps the card's Portuguese; the form is the
    # French member's own
    nazh.dice.script(20, 11).script(6, 5)  # 11 + 1: a success, and an Opportunity
    form, answer = await roll_flat(nazh, card, PLAYER, "1", locale="fr", guild_locale="fr")
    assert form["data"]["title"] == "Lancer un d20 simple"
    assert answer["data"]["flags"] & EPHEMERAL
    assert "📣 Demandé : Perception, DD 12, enjeux montés, d20 simple" in str(
        answer["data"]["embeds"][0]["description"])
    text = card_text(await showing(nazh.fake, "📣", "1 de 1 com sucesso"))
    assert "**12** ✅ sucesso · 🌟 1 Oportunidade" in text
    assert text.endswith("1 de 1 com sucesso até agora. Clique em **Rolar** para rolar seu "
                         "teste uma vez.")
