"""Each language's messages: ``nazh/locales/<locale>/LC_MESSAGES/messages.po`` read with Babel."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from nazh.application.settings.language import Language
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
        for language in Language:
            path = directory / language.value / "LC_MESSAGES" / f"{MESSAGES_DOMAIN}.po"
            if language is not Language.ENGLISH and path.exists():
                self._translators[language] = translator_of(_read(path, language))
        self._pseudo = translator_of(pseudo_catalog(
            _read(directory / f"{MESSAGES_DOMAIN}.pot", None)))

    def translator(self, language: Language) -> Translator:
        """The language's translator (English where it has no catalog)."""
        return self._translators.get(language, ENGLISH)

    @property
    def pseudo(self) -> Translator:
        """The pseudo-locale: every message of the template marked ``[!! … !!]``."""
        return self._pseudo


def _read(path: Path, language: Language | None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=None if language is None
                       else language.value.replace("-", "_"))


def translator_of(catalog: Catalog) -> Translator:
    """``catalog`` as gettext translations (compiled in memory: no ``.mo`` is kept)."""
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def pseudo_catalog(template: Catalog) -> Catalog:
    """The template with each message marked (plural forms: English's two)."""
    opening, closing = PSEUDO_MARKS
    pseudo = Catalog(locale="en", domain=MESSAGES_DOMAIN, fuzzy=False)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            pseudo.add(message.id, tuple(f"{opening}{form}{closing}" for form in message.id))
        else:
            pseudo.add(message.id, f"{opening}{message.id}{closing}")
    return pseudo
