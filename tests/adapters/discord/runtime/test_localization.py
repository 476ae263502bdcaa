"""Commands in the player's language: every name, description and choice of every command in
es-ES, es-419, pt-BR and fr, within Discord's rules in each language, the registration
payloads valid against Discord's spec, and the catalogs current with the code."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping
from pathlib import Path

import hikari
import pytest

from nazh.adapters.discord.features import FEATURES
from nazh.adapters.discord.runtime.localization import (
    COMMANDS_DOMAIN,
    LOCALES,
    CommandLocalizations,
    commands_of,
    payloads_of,
    shipped_localizations,
)
from tests.e2e.fake_discord.spec import validate_request
from tests.i18n_catalogs import (
    BABEL_LOCALES,
    DOMAINS,
    TEMPLATES,
    catalog_path,
    read,
    template_path,
)

CHAT_INPUT = 1
Payload = Mapping[str, object]


@pytest.fixture(scope="module")
def payloads() -> list[dict[str, object]]:
    """What Discord is sent to register every command, localized."""
    async def made() -> list[dict[str, object]]:
        modules = (row.commands for row in FEATURES if row.commands is not None)
        return await payloads_of(await commands_of(modules), CommandLocalizations())

    return asyncio.run(made())


def in_locale(node: Payload, field: str, locale: hikari.Locale) -> str:
    """``node``'s ``field`` as a member whose client speaks ``locale`` sees it."""
    localized = node.get(f"{field}_localizations")
    text = localized.get(locale.value) if isinstance(localized, Mapping) else None
    return str(text if text is not None else node[field])


def children(node: Payload, key: str) -> list[Payload]:
    """``node``'s options or choices."""
    found = node.get(key)
    return [item for item in found if isinstance(item, Mapping)] if isinstance(found, list) else []


def nodes(payload: Payload) -> Iterator[tuple[str, Payload, list[Payload]]]:
    """Every command and option under ``payload``: its path, itself and its siblings."""
    def walk(node: Payload, path: str, siblings: list[Payload]) -> Iterator[
            tuple[str, Payload, list[Payload]]]:
        yield path, node, siblings
        options = children(node, "options")
        for option in options:
            yield from walk(option, f"{path} {option['name']}", options)
    yield from walk(payload, f"/{payload['name']}", [])


def is_chat_input_name(text: str) -> bool:
    """Discord's rule for a slash command's or option's name: lowercase letters, digits, - _."""
    return (1 <= len(text) <= 32 and text == text.lower()
            and all(char.isalnum() or char in "-_" for char in text))


def test_every_command_is_translated_into_every_language(
        payloads: list[dict[str, object]]) -> None:
    for payload in payloads:
        for path, node, _ in nodes(payload):
            for field in ("name", "description") if node.get("description") else ("name",):
                localized = node.get(f"{field}_localizations")
                assert isinstance(localized, Mapping), (path, field)
                missing = [locale.value for locale in LOCALES if not localized.get(locale.value)]
                assert missing == [], (path, field, missing)
            for choice in children(node, "choices"):
                localized = choice.get("name_localizations")
                assert isinstance(localized, Mapping), (path, choice["name"])
                assert all(localized.get(locale.value) for locale in LOCALES), (path, choice)


@pytest.mark.parametrize("locale", [hikari.Locale.EN_US, *LOCALES], ids=str)
def test_names_and_descriptions_keep_discords_rules_in_each_language(
        payloads: list[dict[str, object]], locale: hikari.Locale) -> None:
    for payload in payloads:
        chat_input = payload.get("type", CHAT_INPUT) == CHAT_INPUT
        for path, node, siblings in nodes(payload):
            name = in_locale(node, "name", locale)
            assert is_chat_input_name(name) if chat_input else 1 <= len(name) <= 32, (path, name)
            description = in_locale(node, "description", locale) if chat_input else "(none)"
            assert 1 <= len(description) <= 100, path
            names = [in_locale(sibling, "name", locale) for sibling in siblings]
            assert len(names) == len(set(names)), (path, sorted(names))
            choices = [in_locale(choice, "name", locale) for choice in children(node, "choices")]
            assert all(1 <= len(choice) <= 100 for choice in choices), (path, choices)
            assert len(choices) == len(set(choices)), (path, choices)


def test_the_commands_as_registered_pass_discords_spec(
        payloads: list[dict[str, object]]) -> None:
    for payload in payloads:
        assert validate_request("POST", "/applications/1/commands", payload) == [], payload["name"]


def test_english_stays_the_name_discord_sends_back(payloads: list[dict[str, object]]) -> None:
    """An interaction names options in the default language: the code reads English names."""
    roll = next(payload for payload in payloads if payload["name"] == "roll")
    assert [option["name"] for option in children(roll, "options")][:3] == [
        "pool", "add_plot", "label"]
    assert in_locale(roll, "name", hikari.Locale.FR) == "jet"


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_templates_are_current_with_the_code(domain: str) -> None:
    """``scripts/extract_messages`` was run since the last change of a command or message."""
    extracted = {message.id for message in TEMPLATES[domain]() if message.id}
    kept = {message.id for message in read(template_path(domain)) if message.id}
    assert sorted(map(str, extracted - kept)) == [], "run scripts/extract_messages"
    assert sorted(map(str, kept - extracted)) == [], "run scripts/extract_messages"


@pytest.mark.parametrize("locale", LOCALES, ids=str)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_catalog_translates_every_id_of_its_template(domain: str,
                                                           locale: hikari.Locale) -> None:
    template = {message.id for message in read(template_path(domain)) if message.id}
    catalog = read(catalog_path(locale, domain), BABEL_LOCALES[locale])
    translated = {message.id for message in catalog
                  if message.id and all(message.string if isinstance(message.string, tuple)
                                        else (message.string,))}
    assert sorted(map(str, template - translated)) == []
    assert catalog.num_plurals >= 2
    assert catalog.locale is not None


def test_a_blank_translation_falls_back_to_english(tmp_path: Path) -> None:
    """An id not yet translated is left out: Discord would refuse an empty name."""
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{COMMANDS_DOMAIN}.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "roll"\nmsgstr "jet"\n\nmsgid "label"\nmsgstr ""\n', encoding="utf-8")
    localizations = CommandLocalizations(tmp_path)
    assert localizations("roll") == {hikari.Locale.EN_US: "roll", hikari.Locale.FR: "jet"}
    assert localizations("label") == {hikari.Locale.EN_US: "label"}



def combined(node: Payload, locale: hikari.Locale) -> int:
    """The characters Discord counts toward a command's 4,000 in ``locale``: names,
    descriptions, and choices' names and values, of it and everything under it."""
    size = len(in_locale(node, "name", locale))
    size += len(in_locale(node, "description", locale)) if node.get("description") else 0
    size += sum(len(in_locale(choice, "name", locale)) + len(str(choice["value"]))
                for choice in children(node, "choices"))
    return size + sum(combined(option, locale) for option in children(node, "options"))


@pytest.mark.parametrize("locale", [hikari.Locale.EN_US, *LOCALES], ids=str)
def test_every_command_fits_discords_combined_length_in_each_language(
        payloads: list[dict[str, object]], locale: hikari.Locale) -> None:
    sizes = {str(payload["name"]): combined(payload, locale) for payload in payloads}
    assert {name: size for name, size in sizes.items() if size > 4000} == {}
    assert sizes["encounter"] > sizes["roll"] > 0


def test_the_commands_localizations_are_read_once_per_process_and_given_as_copies() -> None:
    localizations = shipped_localizations()
    assert shipped_localizations() is localizations
    key = "Roll up to 5 dice pools at once, e.g. a1d20+5, 2d6+3, p"  # /roll's description
    first = localizations(key)
    assert len(first) == 1 + len(LOCALES)
    assert first == CommandLocalizations()(key)
    first.clear()  # lightbulb's to change: the next caller still gets every language
    assert localizations(key) == CommandLocalizations()(key)
