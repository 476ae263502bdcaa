"""A Spanish, a Brazilian and a French table each play a session in their own language, end to
end on both transports: a manager (the GM, whose client speaks English) sets the server's
language (``/settings set language:``), then a member whose client speaks it rolls against a
DC, makes a /check with a character, fights (the encounter started, joined, its card, My turn,
an /attack on a combatant, its end) and rolls a /request the GM asks. Every shared card and
every answer the member reads speaks that language: a few known words of the catalog or the
glossary per kind of message, and no English text of the catalog (a message whose translation
differs) nor English game word left."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from nazh.application.settings.language import Language
from nazh.application.shared.json_types import JsonObject
from nazh.presentation.glossary import TERMS, word_in
from tests.e2e.card_kit import card_controls, card_text, is_card
from tests.e2e.encounter_kit import live_card
from tests.e2e.fake_discord import FakeDiscord, assert_healthy
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, final_answer, grant_manage_server, running
from tests.e2e.locale_kit import NEUTRAL, click, command_asked, texts
from tests.e2e.roll_kit import GM, PLAYER
from tests.i18n_catalogs import read
from tests.waiting import until

LOCALES = Path(__file__).parents[2] / "nazh" / "locales"
LANGUAGES = ("es-ES", "pt-BR", "fr")
SERVER_LOCALE = "en-US"
"""The server's own locale: the table's language comes from the setting alone."""
UPDATE = 7
EPHEMERAL = 1 << 6
GM_LOCALE = "en-US"
"""The GM's (and manager's) client: its own answers speak English, the table's cards not."""
ROLL_NOTES_WORK = "the roll notes' work (Rolled.noted, a roll's character line and heading)"
"""The work translating what a roll's result says of its character and its notes: the lines it
translates are expected in English here, until it is merged (then remove them)."""


def expected_english(language: str) -> tuple[str, ...]:
    """The starts of the lines still in English, each awaiting ROLL_NOTES_WORK: a hit's note
    (``ℹ️ hit: 8 keen - 2 deflect = 6 -> Bandit: 20 -> 14``), the character's modifier line
    (``-# 📜 **Kaladin** — Insight +3: Awareness 3 + 0 ranks``) and a test's heading naming the
    skill as the record keeps it (``🎲 Test de Insight``)."""
    return ()


@pytest.fixture(params=[(language, transport) for language in LANGUAGES
                        for transport in TRANSPORTS],
                ids="-".join)
async def table(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
                tmp_path: Path) -> AsyncIterator[tuple[str, NazhUnderTest]]:
    """The bot on a transport, and the table's language; the GM manages the server."""
    language, transport = request.param
    grant_manage_server(fake_discord, GM)
    async with running(fake_discord, tmp_path, transport) as bot:
        yield language, bot
    assert_healthy(fake_discord)


# -- the catalog -------------------------------------------------------------------------------


@cache
def catalog(language: str) -> Catalog:
    return read(LOCALES / language / "LC_MESSAGES" / "messages.po")


def said(language: str, message: str, context: str | None = None) -> str:
    """``message`` as the catalog of ``language`` says it (its singular form)."""
    found = catalog(language).get(message, context)
    assert found is not None, message
    assert found.string, message
    string = found.string
    return str(string[0] if isinstance(string, tuple | list) else string)


def words(language: str, message: str, context: str | None = None) -> str:
    """The longest text of ``message``'s translation outside its fields (``{n}``)."""
    return max(re.split(r"\{[^}]*\}", said(language, message, context)), key=len).strip()


@cache
def english_texts(language: str) -> tuple[str, ...]:
    """The English texts of the catalog whose translation differs: each message's pieces
    outside its fields, of two words or more (a short or one-word id may be the same word in
    both languages, a name, or a neutral token)."""
    pieces = set()
    for message in catalog(language):
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = ([message.string] if isinstance(message.string, str)
                   else list(message.string))
        for msgid in ids:
            for part in re.split(r"\{[^}]*\}", msgid):
                piece = part.strip(" .,:;·—-()*_`#\n")
                if len(piece) >= 10 and len(piece.split()) >= 2 and not any(
                        piece in string for string in strings):
                    pieces.add(piece)
    return tuple(sorted(pieces))


@cache
def english_terms(language: str) -> re.Pattern[str]:
    """The game's English words (the glossary's) that differ from every word of the language's,
    as whole words in any case."""
    column = "es" if language.startswith("es") else language
    theirs = {term.in_language(column)[0].casefold() for term in TERMS}
    english = sorted((term.english for term in TERMS if term.english.casefold() not in theirs),
                     key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, english)) + r")\b", re.IGNORECASE)


def read_texts(language: str, message: JsonObject) -> Iterator[str]:
    """What a member reads of ``message``, but the lines still in English on purpose."""
    for text in texts(message):
        kept = "\n".join(line for line in text.split("\n")
                         if not line.startswith(expected_english(language)))
        yield NEUTRAL.sub(" ", kept)


def english_in(language: str, message: JsonObject) -> dict[str, list[str]]:
    """The catalog's English texts ``message`` still shows, by the text holding each."""
    found = {}
    for text in read_texts(language, message):
        left = [piece for piece in english_texts(language) if piece in text]
        left += english_terms(language).findall(text)
        if left:
            found[text] = left
    return found


def assert_speaks(language: str, message: JsonObject, *known: str) -> None:
    """``message`` holds each of ``known`` (words of the language) and no English left."""
    shown = "\n".join(texts(message))
    # a game's word may begin a sentence or sit inside one: read in any case
    assert [word for word in known if word.casefold() not in shown.casefold()] == [], shown
    assert english_in(language, message) == {}


def assert_for_the_gm(language: str, answer: JsonObject) -> None:
    """An answer to the GM: their own (ephemeral) speaks their client's language (as
    tests/e2e/test_fight_languages.py shows), a shared one the table's."""
    if not int(answer.get("flags") or 0) & EPHEMERAL:
        assert_speaks(language, answer)


# -- the members' actions ----------------------------------------------------------------------


async def slash(nazh: NazhUnderTest, named: str, user: JsonObject, locale: str,
                **options: object) -> JsonObject:
    """``/named`` as ``user`` whose client speaks ``locale``; what answers it (its final answer,
    not the callback: a module wrapper for that)."""
    interaction, answer = await command_asked(nazh, named, user, options, locale=locale,
                                              guild_locale=SERVER_LOCALE)
    return await final_answer(nazh.fake, interaction, answer)


def control(message: JsonObject, label: str) -> str:
    """``label``, once found as the label of one of ``message``'s controls (the catalog's
    word)."""
    controls = card_controls(message) or {
        str(c.get("label")): c for row in message.get("components") or []
        for c in row.get("components") or []}
    assert label in controls, list(controls)
    return label


def posted(fake: FakeDiscord, icon: str) -> JsonObject:
    """The newest card Nazh posted by itself holding ``icon``."""
    found = [m for m in fake.messages
             if is_card(m) and "interaction_metadata" not in m and icon in card_text(m)]
    assert found, f"no {icon} card"
    return found[-1]


async def card_showing(nazh: NazhUnderTest, icon: str, text: str) -> JsonObject:
    """The ``icon`` card once it shows ``text`` (its edit may follow the answer)."""
    return await until(lambda: posted(nazh.fake, icon)
                       if text in card_text(posted(nazh.fake, icon)).replace("\u00a0", " ")
                       else None, what=f"the {icon} card showing {text!r}")


# -- the session -------------------------------------------------------------------------------


async def test_a_session_speaks_the_tables_language(table: tuple[str, NazhUnderTest]) -> None:
    language, nazh = table
    spoken = Language(language)

    def term(kind: str, english: str) -> str:
        return word_in(spoken, kind, english)

    # the manager's client speaks English: their own answers are theirs, the table's cards not
    set_to = await slash(nazh, "settings set", GM, GM_LOCALE, language=language)
    assert set_to["flags"] & EPHEMERAL
    assert english_in(language, set_to)  # the manager's own answer: in their English

    # a roll against a DC
    nazh.dice.script(20, 15)
    rolled = await slash(nazh, "roll", PLAYER, language, pool="1d20+3", dc=12)
    assert_speaks(language, rolled, words(language, "DC {dc}"))

    # a check with a character
    await slash(nazh, "character new", PLAYER, language, name="Kaladin", strength=2, speed=3,
                awareness=3)
    await slash(nazh, "character weapon", PLAYER, language, name="Spear",
                skill="light-weaponry", damage="1d8", type="keen")
    nazh.dice.script(20, 14)
    checked = await slash(nazh, "check", PLAYER, language, skill="Insight", character="Kaladin",
                          dc=10)
    assert_speaks(language, checked, words(language, "{skill} test"), words(language, "DC {dc}"))
    assert checked["embeds"][0]["title"] == "🎲 " + said(language, "{skill} test").format(
        skill=term("skill", "Insight"))

    # a fight
    started = await slash(nazh, "encounter start", GM, GM_LOCALE, name="Chasm")
    assert_for_the_gm(language, started)
    assert_speaks(language, live_card(nazh.fake), words(language, "Round {n}"))
    assert_for_the_gm(language, await slash(nazh, "encounter settings", GM, GM_LOCALE,
                                            **{"show-health": True}))
    assert_for_the_gm(language, await slash(nazh, "encounter add", GM, GM_LOCALE, name="Bandit",
                                        health=20, defense=12, deflect=2))
    assert_speaks(language, await slash(nazh, "encounter join", PLAYER, language,
                                        character="Kaladin"))
    card = await card_showing(nazh, "⚔️", "**Kaladin**")
    assert_speaks(language, card, said(language, "Players"))
    mine = await click(nazh, card, control(card, said(language, "My turn")), PLAYER,
                       locale=language, guild_locale=SERVER_LOCALE)
    assert_speaks(language, mine["data"], said(language, "Your turn"))
    nazh.dice.script(20, 15).script(8, 5)  # 15 + 3 hits Physical 12; 5 + 3 keen, 2 deflected
    attacked = await slash(nazh, "attack", PLAYER, language, weapon="Spear", target="Bandit")
    assert_speaks(language, attacked, term("defense", "Physical"), term("damage type", "Keen"))
    assert f"Spear ({term('skill', 'Light Weaponry')})" in attacked["embeds"][0]["description"]
    assert_speaks(language, await card_showing(nazh, "⚔️", "14/20"))
    assert_for_the_gm(language, await slash(nazh, "encounter end", GM, GM_LOCALE))
    assert_speaks(language, live_card(nazh.fake))

    # a request the GM asks, the member rolls
    asked = await slash(nazh, "request", GM, GM_LOCALE, skill="Perception", dc=12,
                        who=f"<@{PLAYER['id']}>")
    assert_for_the_gm(language, asked)
    request = posted(nazh.fake, "📣")
    assert_speaks(language, request, term("skill", "Perception"))
    nazh.dice.script(20, 13)  # 13 + 3 (Kaladin's Perception): a success
    answer = await click(nazh, request, control(request, said(language, "Roll", "button")),
                         PLAYER, locale=language, guild_locale=SERVER_LOCALE)
    assert answer["type"] == UPDATE  # the card, with the member's roll on it
    assert "**Kaladin** **16** ✅" in card_text(answer)
    assert_speaks(language, answer["data"], words(language, "Asked by {gm} of {whom}."))
    assert_speaks(language, posted(nazh.fake, "📣"), term("skill", "Perception"))

    # everything Nazh posted or answered, as kept now
    # (the GM's own answers, in their English, were told apart above)
    left = {message["id"]: found for message in nazh.fake.state.messages.values()
            if not int(message.get("flags") or 0) & EPHEMERAL
            and (found := english_in(language, message))}
    assert left == {}
