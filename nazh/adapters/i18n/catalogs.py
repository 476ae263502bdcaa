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
    """A translator per language Nazh speaks, each catalog read when first asked for."""

    # Read on demand: the four catalogs as Babel parses them hold about 5 MiB for the process's
    # life, and a bot whose tables all speak English never asks for one.
    def __init__(self, directory: Path = CATALOGS) -> None:
        self._translators: dict[Language, Translator] = {Language.ENGLISH: ENGLISH}
        self._directory = directory

    def languages_saying(self, text: str) -> tuple[Language, ...]:
        """The languages whose catalog has ``text`` as a message (a button's label, say)."""
        return tuple(self._saying.get(text, ()))

    def translator(self, language: Language) -> Translator:
        """The language's translator (English where it has no catalog)."""
        found = self._translators.get(language)
        if found is None:
            catalog = self._catalog(language)
            found = self._translators[language] = ENGLISH if catalog is None \
                else self._translator(catalog, language)
        return found

    @functools.cached_property
    def _saying(self) -> dict[str, list[Language]]:
        """Which languages say each constant message (English: its id), every catalog read."""
        saying: dict[str, list[Language]] = {}
        for language in Language:
            catalog = self._catalog(language)
            if catalog is None:
                continue
            self._translators.setdefault(language, self._translator(catalog, language))
            for message in catalog:
                if message.id and isinstance(message.id, str) \
                        and isinstance(message.string, str):
                    for text, said in ((message.id, Language.ENGLISH),
                                       (message.string, language)):
                        known = saying.setdefault(text, [])
                        if text and said not in known:
                            known.append(said)
        return saying

    def _catalog(self, language: Language) -> Catalog | None:
        path = self._directory / language.value / "LC_MESSAGES" / f"{MESSAGES_DOMAIN}.po"
        if language is Language.ENGLISH or not path.exists():
            return None
        return _read(path, language)

    @staticmethod
    def _translator(catalog: Catalog, language: Language) -> Translator:
        return CatalogTranslator(compiled(catalog), language.value.replace("-", "_"), language)

    @functools.cached_property
    def pseudo(self) -> Translator:
        """The pseudo-locale: every message of the template marked ``[!! … !!]``."""
        # read on first use: a bot without NAZH_PSEUDO_LOCALE never asks
        return PseudoTranslator(compiled(pseudo_catalog(
            _read(self._directory / f"{MESSAGES_DOMAIN}.pot", None))))


@functools.cache
def shipped_catalogs() -> GettextCatalogs:
    """The catalogs Nazh ships, each read at most once per process (its bots share them)."""
    # reading one is Babel parsing it, about 50 ms of CPU: the tests build a bot per test
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
