"""Shared arrange code of the end-to-end roll tests: the players, sending a roll, clicking its
buttons and reading the logged records."""

from __future__ import annotations

import sqlite3

from nazh.application.shared.json_types import JsonObject
from tests.e2e.answer_kit import send
from tests.e2e.fake_discord import (
    FakeDiscord,
    component_click,
    make_message,
    make_user,
    message_command,
)
from tests.e2e.fake_discord.payloads import DEFAULT_GUILD_ID
from tests.e2e.harness import NazhUnderTest, components_of, custom_id_of, embed_of

EPHEMERAL = 1 << 6
ROLLER = make_user("771111111111111111", "roller")
GM = make_user("772222222222222222", "gm")
PLAYER = make_user("773333333333333333", "player")


def buttons(message: JsonObject) -> dict[str, JsonObject]:
    return {str(c.get("label") or c.get("placeholder")): c
            for row in message["components"] for c in row["components"]}


async def click(nazh: NazhUnderTest, custom_id: str, user: JsonObject,
                values: list[str] | None = None) -> JsonObject:
    _, answer = await nazh.click(custom_id, values, user=user)
    return answer


async def redrawn(nazh: NazhUnderTest, message_id: str) -> JsonObject:
    """The message ``message_id`` once the bot edited it by itself (not as an interaction's
    answer: e.g. an attack's result drawn again after its Injury button was pressed)."""
    await nazh.fake.wait_for_request(
        lambda request: request.method == "PATCH" and f"/messages/{message_id}" in request.path)
    return nazh.fake.message(message_id)


async def pressed_from_a_stale_copy(nazh: NazhUnderTest, message_id: str, custom_id: str,
                                    user: JsonObject) -> JsonObject:
    """A press of ``custom_id`` as a client still showing the message ``message_id`` as it was
    before the bot's edit sends it (the button put back on the stored message)."""
    await redrawn(nazh, message_id)
    stored = nazh.fake.state.messages[message_id]
    stored["components"][0]["components"][0]["custom_id"] = custom_id
    return await click(nazh, custom_id, user)


async def die_menu(nazh: NazhUnderTest, message: JsonObject, label: str,
                   user: JsonObject) -> JsonObject:
    """Press Advantage/Disadvantage/Reroll on ``message``; the select of dice it opens."""
    chooser = await click(nazh, buttons(message)[label]["custom_id"], user)
    menu: JsonObject = chooser["data"]["components"][0]["components"][0]
    return menu


def records(nazh: NazhUnderTest, roll_id: str) -> list[tuple[int, str]]:
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        return connection.execute(
            "SELECT version, kind FROM roll_log WHERE roll_id = ? ORDER BY version",
            (roll_id,)).fetchall()


def roll_id_of(body: JsonObject) -> str:
    return str(embed_of(body)["footer"]["text"]).rsplit("roll ", 1)[1]


async def steps_verified(nazh: NazhUnderTest, roll_id: str) -> list[str]:
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    _, verified = await nazh.slash("verify", roll_id=roll_id, _user=PLAYER)
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    assert fields["Chain"].startswith("✅")
    return [line.split("> ", 1)[1].rsplit(" (record", 1)[0]
            for line in fields["Records"].split("\n")]


async def whole_sheet(nazh: NazhUnderTest, user: JsonObject, **options: object) -> JsonObject:
    """``/character show`` as ``user``, then its Details: the whole sheet (to them alone)."""
    _, short = await nazh.slash("character show", _user=user, **options)
    button = next(c for row in short["data"]["components"] for c in row["components"]
                  if c.get("label") == "Details")
    _, details = await nazh.click(str(button["custom_id"]), user=user)
    return details


MENU = "Roll dice in this message"
"""The message command's name."""


async def open_builder(nazh: NazhUnderTest) -> JsonObject:
    """The Builder, as ``/roll build:true`` answers it (to its opener alone)."""
    _, body = await nazh.slash(build=True)
    assert body["data"]["flags"] & EPHEMERAL
    return dict(body["data"])


async def message_roll(fake: FakeDiscord, text: str) -> JsonObject:
    """A player's answer to "Roll dice in this message" on a message saying ``text``."""
    author = make_user("761111111111111111", "player")
    message = make_message(author=author, content=text, application_id=None,
                           guild_id=DEFAULT_GUILD_ID)
    return await send(fake, message_command(MENU, message, user=author))


async def opened_panel(nazh: NazhUnderTest, message: JsonObject,
                       user: JsonObject = GM) -> JsonObject:
    """The 👑 GM panel of the shared result ``message`` as ``user`` opens it (theirs alone)."""
    answer = await click(nazh, custom_id_of(message, "GM"), user)
    data: JsonObject = answer["data"]
    assert data["flags"] & EPHEMERAL, "a GM's panel is shown to that GM alone"
    return data


def panel_control(panel: JsonObject, label: str) -> str:
    """The custom id of the control labelled ``label`` (a select: its placeholder) on a panel."""
    for component in components_of(panel):
        if str(component.get("label") or component.get("placeholder") or "").startswith(label):
            return str(component["custom_id"])
    shown = [c.get("label") or c.get("placeholder") for c in components_of(panel)]
    raise LookupError(f"no control {label!r} on the GM panel; it shows {shown}")


async def on_gm_panel(nazh: NazhUnderTest, message: JsonObject, label: str,
                      user: JsonObject = GM,
                      values: list[str] | None = None) -> tuple[JsonObject, JsonObject]:
    """``label`` pressed on the GM panel of the shared result ``message`` (the panel opened
    first): the panel as it then reads, and the shared result as the bot drew it again."""
    panel = await opened_panel(nazh, message, user)
    return await panel_pressed(nazh, message, panel, label, user, values)


async def panel_pressed(nazh: NazhUnderTest, message: JsonObject, panel: JsonObject, label: str,
                        user: JsonObject = GM,
                        values: list[str] | None = None) -> tuple[JsonObject, JsonObject]:
    """``label`` pressed on an open ``panel`` of ``message``: the panel as it then reads, and
    the shared result as it then stands."""
    answer = await click(nazh, panel_control(panel, label), user, values)
    data: JsonObject = answer.get("data") or {}
    return data, nazh.fake.message(str(message["id"]))


async def pressed_anyway(nazh: NazhUnderTest, custom_id: str, message: JsonObject,
                         user: JsonObject | None = None,
                         values: list[str] | None = None) -> JsonObject:
    """A press of ``custom_id`` as if it were on ``message`` (it is not drawn there: a control
    of an older result, or forged): the answer."""
    async def dispatched() -> JsonObject:  # a new interaction each send, as a second press is
        interaction = component_click(custom_id, 3 if values is not None else 2, values,
                                      message=message, user=user or ROLLER,
                                      guild_id=message.get("guild_id") or DEFAULT_GUILD_ID,
                                      application_id=str(nazh.fake.application_id))
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(dispatched)
    return answer


def shared_result(nazh: NazhUnderTest, roll_id: str) -> JsonObject:
    """The newest message the channel sees showing the roll ``roll_id`` (its result), as stored."""
    for message in reversed(nazh.fake.messages):
        if int(message.get("flags") or 0) & EPHEMERAL:
            continue
        shown = [str(message.get("content") or ""),
                 *(str((embed.get("footer") or {}).get("text") or "")
                   for embed in message.get("embeds") or [])]
        if any(f"roll {roll_id}" in text for text in shown):
            return message
    raise LookupError(f"no shared message shows the roll {roll_id}")
