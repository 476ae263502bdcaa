"""A translation names each command and option as its reader's Discord client shows them (issue
"Nazh speaks the table's language": a French client lists /personnage, never /character)."""

from __future__ import annotations

import hikari
import pytest

from tests.command_mentions import localized_mentions
from tests.i18n_catalogs import BABEL_LOCALES, DOMAINS, catalog_path, read


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("locale", list(BABEL_LOCALES))
def test_every_translation_names_commands_in_its_language(locale: hikari.Locale,
                                                          domain: str) -> None:
    catalog = read(catalog_path(locale, domain), BABEL_LOCALES[locale])
    english: list[tuple[str, str]] = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english += [(str(said), localized_mentions(str(said), locale)) for said in strings
                    if said and localized_mentions(str(said), locale) != said]
    assert english == []


@pytest.mark.parametrize(("text", "french"), [
    ("rechargez-la : /character reload", "rechargez-la : /personnage recharger"),
    ("pour une autre, /attack weapon: target:)", "pour une autre, /attaquer arme: cible:)"),
    ("(/character use nom) /character show", "(/personnage utiliser nom) /personnage voir"),
    ("lancez-le avec /roll pool:@nom", "lancez-le avec /jet dés:@nom"),
    ("lancez ici avec visibility:private (target:)", "lancez ici avec visibilité:privé (cible:)"),
    ("une valeur : dice: (1d4), kind:homebrew", "une valeur : des: (1d4), genre:homebrew"),
    # not a command: a URL, a fraction, a word no command has, an English name already French
    ("https://example.org/roll 1/2 /nothing /jet", "https://example.org/roll 1/2 /nothing /jet"),
])
def test_a_mention_is_the_command_its_subcommands_and_the_options_it_names(
        text: str, french: str) -> None:
    assert localized_mentions(text, hikari.Locale.FR) == french


def test_english_keeps_its_names() -> None:
    assert localized_mentions("/character reload", hikari.Locale.EN_US) == "/character reload"
