"""Each language's messages: ``nazh/locales/<locale>/LC_MESSAGES/messages.po`` read with Babel."""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Sequence
from pathlib import Path

from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from nazh.application.settings.language import Language
from nazh.presentation.glossary import is_term, word_in
from nazh.presentation.i18n import ENGLISH, Translator

CATALOGS = Path(__file__).resolve().parents[2] / "locales"
"""Where the catalogs are (package data)."""
MESSAGES_DOMAIN = "messages"
PSEUDO_MARKS = ("[!! ", " !!]")
"""How the pseudo-locale marks each message, so text that was not translated stands out."""


class GettextCatalogs:
    """A translator per language Nazh speaks, from the catalogs read once."""

    def __init__(self, directory: Path = CATALOGS) -> None:
        self._translators: dict[Language, Translator] = {Language.ENGLISH: ENGLISH}
        self._saying: dict[str, list[Language]] = {}
        for language in Language:
            path = directory / language.value / "LC_MESSAGES" / f"{MESSAGES_DOMAIN}.po"
            if language is not Language.ENGLISH and path.exists():
                catalog = _read(path, language)
                self._translators[language] = CatalogTranslator(
                    compiled(catalog), language.value.replace("-", "_"), language)
                self._learn(catalog, language)
        self._directory = directory

    def _learn(self, catalog: Catalog, language: Language) -> None:
        """Which languages say each constant message (English: its id)."""
        for message in catalog:
            if message.id and isinstance(message.id, str) and isinstance(message.string, str):
                for text, said in ((message.id, Language.ENGLISH),
                                   (message.string, language)):
                    known = self._saying.setdefault(text, [])
                    if text and said not in known:
                        known.append(said)

    def languages_saying(self, text: str) -> tuple[Language, ...]:
        """The languages whose catalog has ``text`` as a message (a button's label, say)."""
        return tuple(self._saying.get(text, ()))

    def translator(self, language: Language) -> Translator:
        """The language's translator (English where it has no catalog)."""
        return self._translators.get(language, ENGLISH)

    @functools.cached_property
    def pseudo(self) -> Translator:
        """The pseudo-locale: every message of the template marked ``[!! … !!]``."""
        # read on first use: a bot without NAZH_PSEUDO_LOCALE never asks
        return PseudoTranslator(compiled(pseudo_catalog(
            _read(self._directory / f"{MESSAGES_DOMAIN}.pot", None))))


@functools.cache
def shipped_catalogs() -> GettextCatalogs:
    """The catalogs Nazh ships, read once per process (each bot built in it shares them)."""
    # reading them is Babel parsing every catalog, about 0.2 s of CPU: once per bot, but the
    # tests build a bot per test
    return GettextCatalogs()


def _read(path: Path, language: Language | None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=None if language is None
                       else language.value.replace("-", "_"))


class CatalogTranslator:
    """A language's catalog, with its CLDR locale's way of listing words."""

    def __init__(self, translations: gettext.GNUTranslations, locale: str,
                 language: Language | None = None) -> None:
        self._translations = translations
        self._locale = locale
        self._language = language

    def gettext(self, message: str) -> str:
        """``message`` in this language (itself where the catalog has no translation)."""
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form the catalog's rule picks for ``n``."""
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` as meant in ``context`` (itself where the catalog has no translation)."""
        return self._translations.pgettext(context, message)

    def listed(self, items: Sequence[str]) -> str:
        """``items`` as CLDR lists them in this locale (``a, b y c``)."""
        return format_list(list(items), locale=self._locale) if items else ""

    def term(self, kind: str, english: str) -> str:
        """The glossary's word for ``english`` in this language (itself where it has none)."""
        return word_in(self._language, kind, english)


class PseudoTranslator(CatalogTranslator):
    """The pseudo-locale: its lists marked too."""

    def __init__(self, translations: gettext.GNUTranslations) -> None:
        super().__init__(translations, "en")

    def listed(self, items: Sequence[str]) -> str:
        """``items`` listed in English, marked where a conjunction joins them."""
        opening, closing = PSEUDO_MARKS
        return f"{opening}{ENGLISH.listed(items)}{closing}" if len(items) > 1 else "".join(items)

    def term(self, kind: str, english: str) -> str:
        """``english`` marked when it is a game's word (translated in every language)."""
        opening, closing = PSEUDO_MARKS
        return f"{opening}{english}{closing}" if is_term(kind, english) else english


def compiled(catalog: Catalog) -> gettext.GNUTranslations:
    """``catalog`` as gettext translations (compiled in memory: no ``.mo`` is kept)."""
    binary = io.BytesIO()
    write_mo(binary, catalog)
    binary.seek(0)
    return gettext.GNUTranslations(binary)


def pseudo_catalog(template: Catalog) -> Catalog:
    """The template with each message marked (plural forms: English's two)."""
    opening, closing = PSEUDO_MARKS
    pseudo = Catalog(locale="en", domain=MESSAGES_DOMAIN, fuzzy=False)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            pseudo.add(message.id, tuple(f"{opening}{form}{closing}" for form in message.id),
                       context=message.context)
        else:
            pseudo.add(message.id, f"{opening}{message.id}{closing}", context=message.context)
    return pseudo
