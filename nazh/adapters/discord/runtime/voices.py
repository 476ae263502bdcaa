"""The languages an interaction is answered in: the table's for shared cards, the presser's for
what only they see; a click on a card keeps the language the card was posted in."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator, Sequence
from typing import Protocol

import hikari

from nazh.application.settings.language import Language, reader_language, table_language
from nazh.application.settings.server import GuildSettings
from nazh.presentation.i18n import CARD_FOOTER, IN_ENGLISH, Translator, Voices

log = logging.getLogger(__name__)

PSEUDO_LOCALE = "x-pseudo"
"""The locale the pseudo-locale answers to, where it is on (``NAZH_PSEUDO_LOCALE``)."""


class Translators(Protocol):
    """Each language's catalog (:class:`nazh.adapters.i18n.catalogs.GettextCatalogs`)."""

    def translator(self, language: Language) -> Translator:
        """The language's translator."""
        ...

    @property
    def pseudo(self) -> Translator:
        """Every message marked, so text left untranslated stands out."""
        ...

    def languages_saying(self, text: str) -> tuple[Language, ...]:
        """The languages that have ``text`` as one of their messages."""
        ...


class TableVoices:
    """The voices of an interaction, from its server's settings and its member's locale."""

    def __init__(self, settings: GuildSettings, translators: Translators, *,
                 pseudo: bool = False) -> None:
        self._settings = settings
        self._translators = translators
        self._pseudo = pseudo

    @functools.cached_property
    def _footers(self) -> tuple[tuple[Language, str], ...]:
        """What a card's footer ends with in each language (the first click asks: it reads every
        catalog)."""
        return tuple((language, self._translators.translator(language).gettext(CARD_FOOTER)
                      .partition("{")[0]) for language in Language)

    async def of(self, interaction: hikari.PartialInteraction) -> Voices:
        """The table's and the reader's translators for ``interaction`` (English on a failure)."""
        try:
            table = await self._table(interaction)
        except Exception:
            log.exception("could not read the server's language: English")
            return IN_ENGLISH
        return Voices(self._in(table, interaction.guild_locale),
                      self._in(reader_language(_locale(interaction.locale), table),
                               interaction.locale))

    async def _table(self, interaction: hikari.PartialInteraction) -> Language:
        guild_id, channel_id = interaction.guild_id, interaction.channel_id
        server = await self._settings.of(None if guild_id is None else int(guild_id))
        table = table_language(server.language_in(int(channel_id)), None,
                               _locale(interaction.guild_locale))
        message = getattr(interaction, "message", None)
        posted = self._posted_in(message, table)
        if posted is None:
            posted = self._labelled(message, getattr(interaction, "custom_id", None), table)
        return table if posted is None else posted

    def _in(self, language: Language, locale: object) -> Translator:
        if self._pseudo and _locale(locale) == PSEUDO_LOCALE:
            return self._translators.pseudo
        return self._translators.translator(language)

    def _posted_in(self, message: hikari.Message | None, table: Language) -> Language | None:
        """The language a clicked card was posted in, by the words its footer ends with."""
        embeds = getattr(message, "embeds", None) or ()
        footer = embeds[0].footer.text if embeds and embeds[0].footer else None
        if not footer:
            return None
        last = footer.rsplit(" · ", 1)[-1]
        found = [language for language, words in self._footers if last.startswith(words)]
        return table if table in found or not found else found[0]

    def _labelled(self, message: hikari.Message | None, clicked: str | None,
                  table: Language) -> Language | None:
        """The language a clicked card without a footer (Components V2) was posted in, by its
        labels (the one clicked first): a translated label tells its language; English only
        when no label is translated (an English label may be one not translated yet), and a
        word several languages share tells none."""
        if message is None or message.flags & hikari.MessageFlag.EPHEMERAL:
            return None  # only the presser's: not a card the table reads
        labels = sorted(_labels(message.components), key=lambda shown: shown[0] != clicked)
        english = False
        for _, label in labels:
            found = self._translators.languages_saying(label)
            if found and Language.ENGLISH not in found:
                return table if table in found else found[0]
            # a word English shares with a language (Journal, Session) tells neither
            english = english or found == (Language.ENGLISH,)
        return Language.ENGLISH if english else None


def _labels(components: Sequence[object]) -> Iterator[tuple[str | None, str]]:
    """Each button's or select's custom id and label (a select's: its placeholder)."""
    for component in components:
        label = getattr(component, "label", None) or getattr(component, "placeholder", None)
        if isinstance(label, str):
            yield getattr(component, "custom_id", None), label
        yield from _labels(getattr(component, "components", None) or ())


def _locale(locale: object) -> str | None:
    """A locale as Discord names it (hikari's enum, or a string it does not know)."""
    return None if locale is None else str(getattr(locale, "value", locale))
