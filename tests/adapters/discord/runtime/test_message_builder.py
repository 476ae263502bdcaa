"""The quiet message's JSON is hikari's builder's, for every shape Nazh answers with."""

from __future__ import annotations

from itertools import product
from typing import Any

import hikari
import pytest
from hikari.impl.entity_factory import EntityFactoryImpl

from nazh.adapters.discord.runtime.buttons import ButtonRow
from nazh.adapters.discord.runtime.message_builder import QuietMessage

FACTORY = EntityFactoryImpl(app=hikari.RESTApp())  # type: ignore[arg-type]


def embed(image: bool = False) -> hikari.Embed:
    made = hikari.Embed(title="🎲 Roll", description="**19** | `a1d20+5`", color=0x5865F2)
    made.set_author(name="player", icon="https://cdn.discordapp.com/avatars/1/abc.png")
    made.set_footer("roll k3v9x0q2md")
    if image:
        made.set_image(hikari.Bytes(b"\x89PNG\r\n\x1a\n", "chart.png"))
    return made


def rows() -> list[hikari.api.ComponentBuilder]:
    ours = ButtonRow().add_interactive_button(hikari.ButtonStyle.SECONDARY, "nz1:copy:a",
                                              label="Copy Command", emoji="📋")
    theirs = hikari.impl.MessageActionRowBuilder()
    theirs.add_text_menu("nz1:op:a", placeholder="Spend…").add_option("Spend", "x")
    return [ours, theirs]


def card() -> list[hikari.api.ComponentBuilder]:
    container = hikari.impl.ContainerComponentBuilder(accent_color=hikari.Color(0x5865F2))
    container.add_text_display("**Round 2** · fast PCs")
    return [container]


def hikaris(response_type: hikari.ResponseType, flags: hikari.MessageFlag, content: Any,
            embedded: Any, components: Any) -> hikari.api.InteractionMessageBuilder:
    builder = hikari.impl.InteractionMessageBuilder(response_type).set_flags(flags)
    builder.set_mentions_everyone(False).set_user_mentions(False).set_role_mentions(False)
    if content is not hikari.UNDEFINED:
        builder.set_content(content)
    if embedded is not hikari.UNDEFINED:
        builder.add_embed(embedded)
    if components is None:
        builder.clear_components()
    elif components is not hikari.UNDEFINED:
        for component in components:
            builder.add_component(component)
    return builder


SHAPES = list(product(
    [hikari.ResponseType.MESSAGE_CREATE, hikari.ResponseType.MESSAGE_UPDATE],
    [hikari.MessageFlag.NONE, hikari.MessageFlag.EPHEMERAL],
    [hikari.UNDEFINED, "Your secret roll:"],
    ["none", "plain", "image"],
    ["none", "cleared", "rows", "card"],
))


@pytest.mark.parametrize(("response_type", "flags", "content", "embedded", "components"),
                         SHAPES)
def test_the_quiet_message_builds_what_hikaris_builder_builds(
        response_type: hikari.ResponseType, flags: hikari.MessageFlag, content: Any,
        embedded: str, components: str) -> None:
    embeds: dict[str, hikari.UndefinedOr[hikari.Embed]] = {
        "none": hikari.UNDEFINED, "plain": embed(), "image": embed(image=True)}
    the_embed = embeds[embedded]
    shapes: dict[str, hikari.UndefinedNoneOr[list[hikari.api.ComponentBuilder]]] = {
        "none": hikari.UNDEFINED, "cleared": None, "rows": rows(), "card": card()}
    the_components = shapes[components]
    ours = QuietMessage.of(response_type, flags=flags, content=content, embed=the_embed,
                           components=the_components)
    theirs = hikaris(response_type, flags, content, the_embed, the_components)
    built, files = ours.build(FACTORY)
    expected, expected_files = theirs.build(FACTORY)
    assert built == expected
    assert list(built["data"]) == list(expected["data"])
    assert [f.filename for f in files] == [f.filename for f in expected_files]
    assert (ours.content, ours.flags, ours.embeds, ours.components) == (
        theirs.content, theirs.flags, theirs.embeds, theirs.components)


def test_what_it_does_not_set_is_built_by_hikari() -> None:
    ours = QuietMessage.of(hikari.ResponseType.MESSAGE_CREATE, flags=hikari.MessageFlag.NONE,
                           content="hello <@1>")
    ours.set_user_mentions([1]).set_tts(True)
    built, _ = ours.build(FACTORY)
    assert built["data"]["tts"] is True
    assert built["data"]["allowed_mentions"] == {"parse": [], "users": ["1"]}
