"""What autocomplete offers, in the reader's language, end to end on both transports: the
sessions, the characters' labels, a sheet's skills and fields, the request's skills and the saved
rolls' shelves read in the member's client language (the glossary's words), while each choice's
value, what Nazh reads back, stays the rules' English; in the pseudo-locale every word offered is
marked."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord.payloads import autocomplete
from tests.e2e.harness import NazhUnderTest
from tests.e2e.locale_kit import PSEUDO, unmarked
from tests.e2e.roll_kit import GM, ROLLER

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")
Offered = list[tuple[str, str]]


@pytest.fixture
def nazh(pseudo_nazh: NazhUnderTest) -> NazhUnderTest:
    """The bot with the pseudo-locale on; the GM manages the server."""
    return pseudo_nazh


async def offered(nazh: NazhUnderTest, command: str, option: str, typed: str, locale: str,
                  user: JsonObject = ROLLER) -> Offered:
    """The choices autocomplete offers ``user`` (client in ``locale``) typing ``typed``."""
    suggest = autocomplete(command, {option: typed}, option, user=user, locale=locale)
    await nazh.fake.dispatch("INTERACTION_CREATE", suggest)
    answer = await nazh.fake.wait_for_interaction_response(suggest)
    return [(choice["name"], choice["value"]) for choice in answer["data"]["choices"]]


async def arranged(nazh: NazhUnderTest) -> None:
    """A session, the roller's character with a skill's ranks, a saved roll on their shelf."""
    await nazh.slash("session start", name="Ford", _user=GM)
    await nazh.slash("character new", name="Veyla Tarn", awareness=3, _user=ROLLER)
    await nazh.slash("character skill", name="Insight", ranks=2, _user=ROLLER)
    await nazh.slash("character use", name="Veyla Tarn", _user=ROLLER)
    await nazh.slash("save", name="strike", pool="1d20+5", _user=ROLLER)


async def test_the_choices_read_in_the_members_language(nazh: NazhUnderTest) -> None:
    await arranged(nazh)
    [(session, _)] = await offered(nazh, "session recap", "session", "", "fr")
    assert session.startswith("Ford · ")
    assert session.endswith(" (ouverte)")
    assert await offered(nazh, "character show", "name", "", "fr") == [
        ("Veyla Tarn (à vous, actif)", "Veyla Tarn")]
    assert ("Perspicacité (Perception, 2 rangs)", "insight") in await offered(
        nazh, "character skill", "name", "persp", "fr")
    fields = dict(await offered(nazh, "character set", "field", "", "fr"))
    assert fields["expertises (une liste séparée par des virgules)"] == "expertises"
    assert await offered(nazh, "character set", "field", "insight", "fr") == [
        ("insight (rangs, 0-5)", "insight")]
    assert ("Discrétion", "Stealth") in await offered(nazh, "request", "skill", "disc", "fr",
                                                      user=GM)
    assert await offered(nazh, "saved delete", "name", "str", "pt-BR") == [
        ("strike (eu)", "strike")]
    assert await offered(nazh, "saved delete", "name", "str", "en-US") == [
        ("strike (me)", "strike")]
    assert ("Stealth", "Stealth") in await offered(nazh, "request", "skill", "stea", "en-US",
                                                   user=GM)


async def test_every_word_offered_is_marked_in_the_pseudo_locale(nazh: NazhUnderTest) -> None:
    await arranged(nazh)
    asked = [("session recap", "session", ROLLER), ("character show", "name", ROLLER),
             ("character set", "field", ROLLER), ("character skill", "name", ROLLER),
             ("request", "skill", GM),
             ("saved delete", "name", ROLLER), ("check", "skill", ROLLER)]
    for command, option, user in asked:
        choices = await offered(nazh, command, option, "", PSEUDO, user=user)
        assert choices, command
        # what a member wrote (a session's, a character's, a saved roll's name) is theirs, and
        # a field's name, the value /character set reads, is shown as it is typed
        left = {label: words for label, value in choices
                if (words := [w for w in unmarked(label.replace(value, " "))
                              if w not in ("Ford", "Veyla", "Tarn", "UTC")])}
        assert left == {}, command
