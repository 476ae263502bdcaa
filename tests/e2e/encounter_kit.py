"""Running an encounter end to end: the live card as the fake Discord keeps it, waiting for
its coalesced edits, pressing its acts (on the private panels its My turn and GM open, see
``press``) and choosing in the selects a click asks, the fight most tests set up, the log, the
export and ``nazh encounter show``.

The card's lines start with ``⏳`` (to act), ``▶️`` (acting), ``✅`` (acted) or ``💀``
(defeated); a health is marked ``🟧`` at half and ``🟥`` at a quarter; an enemy's hidden health
is a word (Healthy, Injured, Bloodied, Critical). A wait for lines written in the card's earlier
format (``◦``, ``▶``, ``✓``, ``✖``) says so when it fails."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from nazh.bootstrap import run_cli
from tests.e2e.card_kit import card_custom_id, card_text, is_card
from tests.e2e.fake_discord import FakeDiscord, RecordedRequest
from tests.e2e.harness import NazhUnderTest, uploads
from tests.e2e.roll_kit import EPHEMERAL, GM, PLAYER, ROLLER
from tests.waiting import until

MESSAGE_UPDATE = 7
"""A click's answer that updates the message clicked (the card itself)."""

KALADIN = "⏳ **Kaladin** · slow · reaction ✓ · Health 12/12 · Focus 2"
SHALLAN = "⏳ **Shallan** · slow · reaction ✓ · Health 10/10 · Focus 2"
TEFT = "⏳ **Teft** · slow · reaction ✓ · Health 12/12"
BANDITS = "⏳ **Bandit** ×3 (1–3) · slow · reaction ✓ · Healthy"
"""The lines of the fight's combatants when a round starts (the enemies' health hidden)."""


EARLIER_MARKERS = {"◦": "⏳", "▶": "▶️", "✓": "✅", "✖": "💀"}
"""The card's earlier line markers, and the current ones."""


def earlier_format(texts: Sequence[str]) -> str:
    """A note on the ``texts`` a test waited for that begin with an earlier marker (empty when
    none does), naming the current ones."""
    old = sorted({t.split(" ", 1)[0] for t in texts if t.split(" ", 1)[0] in EARLIER_MARKERS})
    if not old:
        return ""
    now = ", ".join(f"{m} is now {EARLIER_MARKERS[m]}" for m in old)
    return (f"\nexpected in the card's earlier format: {now}; a health at half or below is "
            "marked 🟧, at a quarter 🟥")


def cards(fake: FakeDiscord) -> list[JsonObject]:
    """The encounter cards Nazh posted in channels by itself (not answers to interactions,
    such as a GM's own view), oldest first."""
    return [m for m in fake.messages
            if is_card(m) and "interaction_metadata" not in m and "⚔️" in card_text(m)]


def live_card(fake: FakeDiscord) -> JsonObject:
    """The newest card as the fake keeps it now."""
    found = cards(fake)
    assert found, "no card was posted"
    return found[-1]


def card_lines(body: JsonObject) -> list[str]:
    """A card's text, line by line (a stored message or a callback body)."""
    return card_text(body).split("\n")


def line_of(body: JsonObject, name: str) -> str:
    """The card's line of the combatant (or group of copies) ``name``."""
    found = [line for line in card_lines(body) if f" **{name}**" in line]
    assert len(found) == 1, f"{name}'s line in {card_lines(body)}"
    return found[0]


async def card_showing(fake: FakeDiscord, *texts: str,
                       absent: tuple[str, ...] = ()) -> JsonObject:
    """The live card once its text holds every one of ``texts`` (and none of ``absent``)."""
    def shown() -> JsonObject | None:
        found = cards(fake)
        if not found:
            return None
        text = card_text(found[-1])
        ok = all(t in text for t in texts) and not any(t in text for t in absent)
        return found[-1] if ok else None
    try:
        return await until(shown, what=f"the card showing {texts} without {absent}")
    except AssertionError as error:
        seen = card_lines(live_card(fake)) if cards(fake) else "no card"
        raise AssertionError(f"{error}\nthe card: {seen}{earlier_format(texts)}") from None


async def card_with_lines(fake: FakeDiscord, *lines: str) -> JsonObject:
    """The live card once every one of ``lines`` is one of its lines (a coalesced edit may
    take up to a second to come)."""
    def shown() -> JsonObject | None:
        found = cards(fake)
        if found and all(line in card_lines(found[-1]) for line in lines):
            return found[-1]
        return None
    try:
        return await until(shown, what=f"the card with the lines {lines}")
    except AssertionError as error:
        raise AssertionError(f"{error}\nthe card: {card_lines(live_card(fake))}"
                             f"{earlier_format(lines)}") from None


async def card_reading(fake: FakeDiscord, lines: list[str]) -> JsonObject:
    """The live card once its lines are exactly ``lines``."""
    def shown() -> JsonObject | None:
        found = cards(fake)
        return found[-1] if found and card_lines(found[-1]) == lines else None
    try:
        return await until(shown, what="the card reading as expected")
    except AssertionError as error:
        raise AssertionError(f"{error}\nthe card: {card_lines(live_card(fake))}\n"
                             f"expected: {lines}{earlier_format(lines)}") from None


PANELS = ("My turn", "GM")
"""The live card's controls, each opening a private panel."""


async def panel(nazh: NazhUnderTest, user: JsonObject, which: str = "My turn") -> JsonObject:
    """The private panel ``which`` (My turn or GM) ``user`` opens from the live card."""
    _, answer = await nazh.click(card_custom_id(live_card(nazh.fake), which), user=user)
    return answer


def has_control(body: JsonObject, label: str) -> bool:
    """Whether the message has a control labelled ``label`` (or starting with it)."""
    try:
        card_custom_id(body, label)
    except LookupError:
        return False
    return True


EARLIER_LABELS = {"Spend action": "Spend an action", "Spend reaction": "Spend the reaction"}
"""The acts' labels when they were the card's own buttons, and their labels on the panels."""


async def press(nazh: NazhUnderTest, label: str, user: JsonObject) -> JsonObject:
    """Press ``label`` as ``user``; the bot's answer.

    The card holds only My turn and GM, each opening a private panel, and the acts are on the
    panels; so a test presses an act by its name as if it were on the card: the live card's
    control of that name (or starting with it: ``Done``, ``Next``), else the one on the
    user's My turn panel, else on the GM panel (each opened from the live card), a label the
    card once had (``Spend action``) read as its panel's (``Spend an action``). A user who is
    no GM, pressing what only the GM panel has, gets the GM panel's refusal."""
    label = EARLIER_LABELS.get(label, label)
    if label in PANELS:
        return await panel(nazh, user, label)
    card = live_card(nazh.fake)
    if has_control(card, label):
        _, answer = await nazh.click(card_custom_id(card, label), user=user)
        return answer
    opened: JsonObject = {}
    for which in PANELS:
        opened = await panel(nazh, user, which)
        if is_card(opened) and has_control(opened, label):
            _, answer = await nazh.click(card_custom_id(opened, label), user=user)
            return answer
    if not is_card(opened):
        return opened  # the GM panel refused: the answer to a user who is no GM
    raise LookupError(f"no panel of {user['username']} has {label!r}: {said(opened)}")


CONDITIONS = "Give a condition"
"""The panels' conditions select."""


async def choose_condition(nazh: NazhUnderTest, condition: str, user: JsonObject,
                           which: str = "My turn") -> JsonObject:
    """Choose ``condition`` in the conditions select of ``user``'s panel ``which``; the
    bot's answer."""
    opened = await panel(nazh, user, which)
    _, answer = await nazh.click(card_custom_id(opened, CONDITIONS), [condition], user=user)
    return answer


async def pressed(nazh: NazhUnderTest, label: str, user: JsonObject) -> list[str]:
    """Press ``label`` on a panel as ``user``, which must update the panel; the live card's
    lines once it is edited after the press."""
    since = len(nazh.fake.requests)
    answer = await press(nazh, label, user)
    assert answer["type"] == MESSAGE_UPDATE, said(answer)
    card = live_card(nazh.fake)
    await until(lambda: card_edits(nazh.fake, card, since), what="the card edited")
    # the edit seen may be an earlier change's, sent in its turn after the press: the press's own
    # may still wait for the card's next turn
    await nazh.cards_sent()
    return card_lines(live_card(nazh.fake))


async def choose(nazh: NazhUnderTest, asked: JsonObject, value: str,
                 user: JsonObject) -> JsonObject:
    """Choose ``value`` in the select of the ephemeral question ``asked``; the bot's answer."""
    assert asked["data"]["flags"] & EPHEMERAL
    [row] = asked["data"]["components"]
    [menu] = row["components"]
    assert value in [option["value"] for option in menu["options"]], menu["options"]
    _, answer = await nazh.click(str(menu["custom_id"]), [value], user=user)
    return answer


def said(body: JsonObject) -> str:
    """A callback's message text (content, or a card's text)."""
    data = body.get("data") or {}
    return str(data.get("content") or "") or card_text(body)



def refused(body: JsonObject) -> str:
    """The text of an ephemeral refusal (``**Can't do that.** ...`` and its hint)."""
    assert body["data"].get("flags", 0) & EPHEMERAL, body
    return str(body["data"]["content"])


async def command(nazh: NazhUnderTest, name: str, user: JsonObject, /, **options: object) -> str:
    """``/name`` with ``options`` as ``user``; the text it answered."""
    _, answer = await nazh.slash(name, _user=user, **options)
    return said(answer)


async def set_up_fight(nazh: NazhUnderTest) -> None:
    """The player's Kaladin and the roller's Shallan (their characters) in the GM's "Chasm
    ambush" with three Bandit minions (health 6), Szeth, a boss (health 30), and Teft, an ally
    (health 12)."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "character new", ROLLER, name="Shallan", intellect=3)
    await command(nazh, "encounter start", GM, name="Chasm ambush")
    assert await command(nazh, "encounter add", GM, name="Bandit", health=6, count=3,
                         role="minion") == "Added **Bandit 1**, **Bandit 2**, **Bandit 3**."
    assert await command(nazh, "encounter add", GM, name="Szeth", health=30, role="boss",
                         defense=15) == "Added **Szeth**."
    assert await command(nazh, "encounter add", GM, name="Teft", health=12,
                         side="ally") == "Added **Teft**."
    assert await command(nazh, "encounter join", PLAYER) == "Added **Kaladin**."
    assert await command(nazh, "encounter join", ROLLER) == "Added **Shallan**."


async def log_lines(nazh: NazhUnderTest, user: JsonObject = GM) -> list[str]:
    """``/encounter log``'s Whole log: its lines (who did what), newest first."""
    _, glance = await nazh.slash("encounter log", _user=user)
    if not glance["data"].get("components"):
        return said(glance).split("\n")
    _, whole = await nazh.click(card_custom_id(glance, "Whole log"), user=user)
    assert whole["data"]["flags"] & EPHEMERAL
    return said(whole).split("\n")


async def exported(nazh: NazhUnderTest, user: JsonObject) -> tuple[str, JsonObject]:
    """``/encounter export`` as ``user``: the attached file's text and its JSON."""
    interaction, _ = await nazh.slash("encounter export", _user=user)
    files = await until(lambda: uploads(nazh.fake, interaction), what="the export attached")
    [upload] = files
    assert upload.filename.endswith(".json")
    text = upload.data.decode()
    return text, json.loads(text)


async def cli_show_json(nazh: NazhUnderTest, monkeypatch: pytest.MonkeyPatch,
                        channel_id: str) -> tuple[int, str]:
    """``nazh encounter show --channel ID --json`` run here against the bot's database; its
    exit status and what it printed."""
    monkeypatch.setenv("NAZH_DATA_DIR", str(nazh.data_dir))
    monkeypatch.delenv("NAZH_DATABASE_URL", raising=False)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = await asyncio.to_thread(run_cli, ["encounter", "show", "--channel", channel_id,
                                                   "--json"])
    return status, printed.getvalue()


DOC = Path(__file__).resolve().parents[2] / "docs" / "encounter-format.md"
SECTIONS = {"Top level": "top", "A combatant (`combatants[]`)": "combatant",
            "A condition (`conditions[]`)": "condition", "A moment (`ends_at`)": "moment",
            "A log entry (`log[]`)": "entry",
            "An application of damage or healing (added to its `log[]` entry)": "applied"}
ROW = re.compile(r"^\| `(?P<field>[a-z_]+)` \|", re.MULTILINE)


def documented_fields() -> dict[str, list[str]]:
    """The fields docs/encounter-format.md lists for each object, in its order."""
    sections = re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    found = {}
    for section in sections[1:]:
        heading, _, body = section.partition("\n")
        if heading in SECTIONS:
            found[SECTIONS[heading]] = ROW.findall(body)
    return found


def channel_posts(fake: FakeDiscord) -> list[JsonObject]:
    """The messages Nazh posted in channels by itself that are not cards (its mentions)."""
    return [m for m in fake.messages if "interaction_metadata" not in m and not is_card(m)]


def card_edits(fake: FakeDiscord, card: JsonObject, since: int = 0) -> list[RecordedRequest]:
    """The REST edits of ``card`` (PATCH of its message) among the requests from ``since``."""
    path = f"/channels/{card['channel_id']}/messages/{card['id']}"
    return [r for r in fake.requests[since:] if r.method == "PATCH" and r.path == path]
