"""The pseudo-locale's checks: every text a member reads, the words left unmarked in it, and a
roll or a click by a member whose client and server speak ``x-pseudo``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import make_user, slash_command
from tests.e2e.fake_discord.payloads import component_click
from tests.e2e.harness import NazhUnderTest

PSEUDO = "x-pseudo"
ROLLER = make_user("771111111111111111", "roller")
ADMIN = make_user("711111111111111111", "admin")
MANAGE_GUILD = 1 << 5
MARKED = re.compile(r"\[!! (?:(?!\[!! |!!\]).)*? !!\]", re.DOTALL)
"""A marked message holding no other (marks nest where one message is put in another)."""
NEUTRAL = re.compile(r"<[@#&!t:][^>]*>|`[^`]*`|\b\w*\d\w*\b")
"""What no language changes: mentions, timestamps, code (notation, commitments), ids, numbers."""
WORD = re.compile(r"[^\W\d_]{2,}")
NAMES = frozenset({"Nazh"})
"""Names no language changes."""


def texts(message: JsonObject) -> Iterator[str]:
    """Every text of a message a member reads (but its author's name: theirs), a no-break space
    (which keeps a card's field on one row) read as a space."""
    for text in _texts(message):
        yield text.replace("\u00a0", " ")


def _texts(message: JsonObject) -> Iterator[str]:
    yield str(message.get("content") or "")
    yield str(message.get("title") or "")  # a form's
    for embed in message.get("embeds") or []:
        yield str(embed.get("title") or "")
        yield str(embed.get("description") or "")
        footer = embed.get("footer") or {}
        signed = str(footer.get("text") or "")
        # a result's footer begins with its roller's name beside their avatar: theirs
        yield signed.split(" · ", 1)[-1] if footer.get("icon_url") else signed
        for field in embed.get("fields") or []:
            yield f"{field['name']} {field['value']}"
    yield from component_texts(message.get("components") or [])


def component_texts(components: list[JsonObject]) -> Iterator[str]:
    """Every text of ``components``, rows and Components V2 (containers, sections, text) alike."""
    for component in components:
        yield str(component.get("content") or "")  # a text display's
        yield str(component.get("label") or "")
        yield str(component.get("placeholder") or "")
        yield str(component.get("description") or "")  # a label's (in a form)
        for option in component.get("options") or []:
            yield str(option["label"])
            yield str(option.get("description") or "")
        inner = list(component.get("components") or [])
        for key in ("accessory", "component"):  # a section's button, a label's field
            if component.get(key):
                inner.append(component[key])
        yield from component_texts(inner)


def unmarked(text: str) -> list[str]:
    """The words of ``text`` outside every marked message and every neutral token."""
    previous = None
    while previous != text:
        previous, text = text, MARKED.sub(" ", text)
    return [word for word in WORD.findall(NEUTRAL.sub(" ", text)) if word not in NAMES]


def assert_marked(message: JsonObject) -> None:
    found = {text: unmarked(text) for text in texts(message)}
    assert {text: words for text, words in found.items() if words} == {}


async def roll(nazh: NazhUnderTest, **options: object) -> JsonObject:
    async def sent() -> JsonObject:
        interaction = slash_command("roll", options or None,  # type: ignore[arg-type]
                                    user=ROLLER, locale=PSEUDO)
        interaction["guild_locale"] = PSEUDO
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return dict(answer["data"])


async def press(nazh: NazhUnderTest, message: JsonObject, label: str,
                values: list[str] | None = None) -> JsonObject:
    """Press the component shown as ``label`` on ``message`` (a select: choose ``values``)."""
    [component] = [component for row in message["components"] for component in row["components"]
                   if label in (component.get("label"), component.get("placeholder"))]
    stored = nazh.fake.state.find_component(component["custom_id"])
    assert stored is not None

    async def sent() -> JsonObject:
        interaction = component_click(component["custom_id"], int(component["type"]), values,
                                      message=stored[0], user=ROLLER, locale=PSEUDO,
                                      guild_id=stored[0].get("guild_id"))
        interaction["guild_locale"] = PSEUDO
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return dict(answer["data"])
