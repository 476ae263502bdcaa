"""The table's language: a server's ``language`` setting, a channel's override, else the server's
locale as Discord sends it, else English."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum


class Language(Enum):
    """A language Nazh speaks (the values are Discord's locale names; English is the source)."""

    ENGLISH = "en"
    SPANISH = "es-ES"
    LATIN_AMERICAN_SPANISH = "es-419"
    BRAZILIAN_PORTUGUESE = "pt-BR"
    FRENCH = "fr"


AUTO = "auto"
"""The ``language`` choice that follows the server's locale (a channel's: the server's setting)."""
ENDONYMS: Mapping[Language, str] = {
    Language.ENGLISH: "English", Language.SPANISH: "Español (España)",
    Language.LATIN_AMERICAN_SPANISH: "Español (Latinoamérica)",
    Language.BRAZILIAN_PORTUGUESE: "Português (Brasil)", Language.FRENCH: "Français",
}
"""Each language in itself, as a picker shows it."""
_BY_LOCALE = {language.value: language for language in Language} | {
    "en-US": Language.ENGLISH, "en-GB": Language.ENGLISH}


def language_of(locale: str | None) -> Language | None:
    """The language Nazh speaks for a Discord locale (``None``: one it does not speak)."""
    return None if locale is None else _BY_LOCALE.get(str(locale))


def table_language(server: Language | None, channel: Language | None,
                   guild_locale: str | None) -> Language:
    """What a channel's shared cards speak: its override, the server's, its locale, English."""
    return channel or server or language_of(guild_locale) or Language.ENGLISH


def reader_language(locale: str | None, table: Language) -> Language:
    """What a member's own answers speak: their client's language, else the table's."""
    return language_of(locale) or table
