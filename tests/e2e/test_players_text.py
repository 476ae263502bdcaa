"""No ids, raw keys or debug words in what players read: a session's flows (rolls, a check, an
attack, a fight with its panels, log and end, a request, an endeavor, a sheet, /stats,
/history, /settings) end to end on both transports, and every text of every message the bot
sent (posted, edited, answered) scanned, outside a result's footer (where a roll id serves
/verify)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from nazh.application.shared.json_types import JsonObject, JsonValue
from tests.e2e.encounter_kit import command, log_lines, pressed, set_up_fight
from tests.e2e.harness import NazhUnderTest
from tests.e2e.locale_kit import component_texts
from tests.e2e.roll_kit import GM, PLAYER, ROLLER

ROLL_ID = re.compile(r"(?<![\w/.-])(?=[0-9a-z]*[0-9])(?=[0-9a-z]*[a-z])"
                     r"[0-9abcdefghjkmnpqrstvwxyz]{10}(?![\w/.-])")
"""A roll id (10 of Crockford's base 32, a digit and a letter among them) standing alone."""
DISCORD_ID = re.compile(r"(?<![\d@&#!:])\d{17,20}(?![\d>])")
"""A member's, role's or channel's id written out, not mentioned."""
RAW_KEY = re.compile(r"(?<![\w`/-])[a-z]+(?:-[a-z]+)+:(?!//)")
"""A setting's key as the code spells it (``keep-speed:``)."""
DEBUG = re.compile(r"\bversion \d|χ²|\bp = 0\.|\bdf\)|took Unconscious|took 0 damage|"
                   r"not its turn, or none left", re.IGNORECASE)
"""Debug words the issue found: a sheet's version, /stats' statistics, an event's raw wording."""


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def sent_messages(nazh: NazhUnderTest) -> Iterator[JsonObject]:
    """Every message body the bot sent: a callback's data, a post, an edit, a follow-up."""
    for request in nazh.fake.requests:
        body: JsonValue = request.body
        if request.method not in {"POST", "PATCH"} or not isinstance(body, dict):
            continue
        data = body.get("data")
        if "type" in body and isinstance(data, dict):
            yield data
        elif "type" not in body:
            yield body


def footers(message: JsonObject) -> Iterator[str]:
    """The footers of ``message``'s embeds: where a result's roll id serves /verify."""
    for embed in message.get("embeds") or []:
        yield str((embed.get("footer") or {}).get("text") or "")


def read_texts(message: JsonObject) -> Iterator[str]:
    """Every text of ``message`` a member reads, but its embeds' footers (:func:`footers`)."""
    yield str(message.get("content") or "")
    yield str(message.get("title") or "")
    for embed in message.get("embeds") or []:
        yield str(embed.get("title") or "")
        yield str(embed.get("description") or "")
        for field in embed.get("fields") or []:
            yield f"{field['name']} {field['value']}"
    yield from component_texts(message.get("components") or [])


async def a_session(nazh: NazhUnderTest) -> None:
    """A table's evening: rolls, a fight with its panels and log, a request, an endeavor, a
    sheet, the statistics and the history."""
    await set_up_fight(nazh)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    nazh.dice.script(20, 11, 7)
    await nazh.slash(pool="a1d20+5", dc=12, _user=ROLLER)
    nazh.dice.script(20, 2)
    await nazh.slash("check", skill="athletics", dc=15, _user=PLAYER)
    nazh.dice.script(20, 14).script(8, 6)
    await nazh.slash("attack", weapon="Spear", target="Bandit 1", _user=PLAYER)
    await command(nazh, "encounter settings", GM, **{"show-health": True})
    await nazh.slash("encounter show", _user=PLAYER)
    await pressed(nazh, "Done", PLAYER)
    await pressed(nazh, "Next", GM)
    await command(nazh, "encounter damage", GM, combatant="Kaladin", amount=12, type="keen")
    await command(nazh, "encounter damage", GM, combatant="Teft", amount=1, type="spirit")
    await log_lines(nazh)
    await log_lines(nazh, PLAYER)
    await command(nazh, "encounter end", GM)
    await nazh.slash("request", skill="Perception", dc=10, _user=GM)
    await nazh.slash("endeavor start", name="Climb", successes=3, failures=3, _user=GM)
    await nazh.slash("character show", _user=PLAYER)
    await nazh.slash("stats", _user=PLAYER)
    await nazh.slash("history", _user=PLAYER)
    await nazh.slash("settings show", _user=GM)
    await nazh.slash("settings set", **{"default-visibility": "gm"}, _user=GM)
    await nazh.slash("check", skill="insight", _user=ROLLER)


async def test_no_roll_id_raw_key_or_debug_word_reaches_a_players_text(
        nazh: NazhUnderTest) -> None:
    await a_session(nazh)
    found: dict[str, list[str]] = {}
    scanned = 0
    for message in sent_messages(nazh):
        for text in read_texts(message):
            scanned += 1
            bad = [*ROLL_ID.findall(text), *DISCORD_ID.findall(text), *RAW_KEY.findall(text),
                   *DEBUG.findall(text)]
            if bad:
                found[text] = bad
        for footer in footers(message):  # a roll id serves there, nothing else does
            bad = [*DISCORD_ID.findall(footer), *RAW_KEY.findall(footer), *DEBUG.findall(footer)]
            if bad:
                found[footer] = bad
    assert scanned > 100  # the session's messages were read
    assert found == {}


def test_the_scan_finds_what_it_looks_for() -> None:
    """The patterns catch the issue's examples and leave the game's words alone."""
    assert ROLL_ID.findall("Request y52byhpyph · Perception") == ["y52byhpyph"]
    assert ROLL_ID.findall("`1d20+5` → **17** · d1d20+6 · aggregated · Afflicted") == []
    assert RAW_KEY.findall("keep-speed: off") == ["keep-speed:"]
    assert RAW_KEY.findall("Fast & slow: R2 · https://x.y/a-b: light-weaponry") == []
    assert DEBUG.findall("y52b · version 7") == ["version 7"]
    assert DISCORD_ID.findall("unset → 733333333333333333 · <@&733333333333333333>") == [
        "733333333333333333"]
