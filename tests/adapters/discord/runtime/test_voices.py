"""The voices of a click on a Components V2 card (a request's, an endeavor's): the card keeps the
language its labels were drawn in, whatever the channel speaks now; a translated label tells
its language, an English one only when none is translated, a word languages share tells none;
an ephemeral message is the presser's, not a card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import hikari

from nazh.adapters.discord.runtime.voices import TableVoices
from nazh.adapters.i18n.catalogs import GettextCatalogs
from nazh.application.settings.server import GuildSettings
from tests.app_fakes import FakeClock, MemoryStore

CATALOGS = GettextCatalogs()


@dataclass(frozen=True)
class Control:
    """A button (``label``) or a select (``placeholder``)."""

    custom_id: str
    label: str | None = None
    placeholder: str | None = None


@dataclass(frozen=True)
class Row:
    components: tuple[Control, ...]


@dataclass(frozen=True)
class Container:
    components: tuple[Row, ...]


@dataclass(frozen=True)
class Card:
    components: tuple[Container, ...]
    flags: hikari.MessageFlag = hikari.MessageFlag.IS_COMPONENTS_V2
    embeds: tuple[object, ...] = ()


@dataclass(frozen=True)
class Click:
    message: Card | None
    custom_id: str
    guild_locale: str = "fr"
    locale: str = "fr"
    guild_id: int = 1
    channel_id: int = 2


def card(*labels: str, flags: hikari.MessageFlag = hikari.MessageFlag.IS_COMPONENTS_V2) -> Card:
    controls = tuple(Control(f"nz1:x:{index}", label=label) for index, label in enumerate(labels))
    return Card((Container((Row(controls),)),), flags)


async def table_of(click: Click) -> str:
    """What the click's shared text reads like: the table's word for a request's Close."""
    voices = await TableVoices(GuildSettings(MemoryStore(), FakeClock()), CATALOGS).of(
        cast(hikari.PartialInteraction, click))
    return voices.table.gettext("Close")


async def test_a_card_keeps_the_language_of_its_labels() -> None:
    posted = card("Rolar", "Rolar com vantagem", "Encerrar")
    assert await table_of(Click(posted, "nz1:x:0")) == "Encerrar"  # in a French server now
    assert await table_of(Click(card("Roll", "Close"), "nz1:x:1")) == "Close"


async def test_a_translated_label_outweighs_an_english_one_not_translated_yet() -> None:
    mixed = card("Close", "Cerrar")  # an English label beside a Spanish one: a Spanish card
    assert await table_of(Click(mixed, "nz1:x:0")) == "Cerrar"


async def test_a_word_languages_share_tells_none() -> None:
    # Journal is English and French alike; Details tells English
    assert await table_of(Click(card("Journal", "Details"), "nz1:x:0")) == "Close"
    assert await table_of(Click(card("Journal"), "nz1:x:0")) == "Clore"  # the server's


async def test_a_message_only_the_presser_sees_is_no_card() -> None:
    own = card("Rolar", flags=hikari.MessageFlag.EPHEMERAL)
    assert await table_of(Click(own, "nz1:x:0")) == "Clore"
    assert await table_of(Click(None, "nz1:x:0")) == "Clore"
