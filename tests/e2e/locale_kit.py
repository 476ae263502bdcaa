"""The pseudo-locale's checks: every text a member reads, the words left unmarked in it; and a
command or a click by a member whose client speaks a locale (``x-pseudo`` unless told) in a
server of a locale (by default the member's), for the language tests."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_custom_id
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


async def command_asked(nazh: NazhUnderTest, name: str, user: JsonObject = ROLLER,
                        given: Mapping[str, object] | None = None, /, *,
                        locale: str = PSEUDO, guild_locale: str | None = None,
                        **options: object) -> tuple[JsonObject, JsonObject]:
    """``/name`` with ``given`` and ``options`` sent by ``user`` whose client speaks ``locale``
    in a server of ``guild_locale`` (by default ``locale``); the interaction and its answer."""
    # ``user`` and ``given`` are positional only: every keyword but the locales is an option (a
    # ``user=`` too); ``given`` holds the options no keyword names (``show-health``) or a mapping
    options = {**(given or {}), **options}

    async def sent() -> JsonObject:
        interaction = slash_command(name, options or None,  # type: ignore[arg-type]
                                    user=user, locale=locale)
        interaction["guild_locale"] = guild_locale or locale
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    return await nazh.asked(sent)


async def command(nazh: NazhUnderTest, name: str, user: JsonObject = ROLLER,
                  given: Mapping[str, object] | None = None, /, *,
                  locale: str = PSEUDO, guild_locale: str | None = None,
                  **options: object) -> JsonObject:
    """``/name`` with ``given`` and ``options`` sent by ``user`` whose client speaks ``locale``
    in a server of ``guild_locale`` (by default ``locale``); its answer."""
    _, answer = await command_asked(nazh, name, user, given, locale=locale,
                                    guild_locale=guild_locale, **options)
    return answer


async def click(nazh: NazhUnderTest, message: JsonObject, label: str,
                user: JsonObject = ROLLER, /, *, values: list[str] | None = None,
                locale: str = PSEUDO, guild_locale: str | None = None) -> JsonObject:
    """Press the control shown as ``label`` (or starting with it) on ``message`` (a select:
    choose ``values``) as ``user`` whose client speaks ``locale`` in a server of
    ``guild_locale`` (by default ``locale``); its answer."""
    custom_id = card_custom_id(message, label)
    found = nazh.fake.state.find_component(custom_id)
    assert found is not None
    stored, component = found

    async def sent() -> JsonObject:
        interaction = component_click(custom_id, int(component["type"]), values,
                                      message=stored, user=user, locale=locale,
                                      guild_id=stored.get("guild_id"),
                                      application_id=str(nazh.fake.application_id))
        interaction["guild_locale"] = guild_locale or locale
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return answer


async def roll(nazh: NazhUnderTest, **options: object) -> JsonObject:
    """``/roll`` with ``options`` by the roller in the pseudo-locale; its answer's data."""
    return dict((await command(nazh, "roll", ROLLER, options))["data"])


def unescaped(message: JsonObject) -> JsonObject:
    """``message`` with its content's escaped brackets plain (a refusal's reason is escaped
    Markdown, the pseudo-locale's marks too)."""
    content = str(message.get("content") or "")
    return message | {"content": content.replace("\\[", "[").replace("\\]", "]")}
