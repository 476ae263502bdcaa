"""Commands in the player's language: lightbulb's gettext provider over Nazh's catalogs."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType

import hikari
import lightbulb
from lightbulb.localization import LocalizationProvider

CATALOGS = Path(__file__).resolve().parents[3] / "locales"
"""Where the catalogs are: ``<locale>/LC_MESSAGES/<domain>.po`` (package data)."""
COMMANDS_DOMAIN = "commands"
"""The catalog of command, option and choice names and descriptions."""
LOCALES: tuple[hikari.Locale, ...] = (hikari.Locale.ES_ES, hikari.Locale.ES_LATAM,
                                      hikari.Locale.PT_BR, hikari.Locale.FR)
"""The languages Nazh's commands are translated into (English is the source)."""

CommandOrGroup = lightbulb.Group | type[lightbulb.commands.CommandBase]
"""What a feature's loader registers."""


class CommandLocalizations:
    """The names and descriptions of a command in each language (the English text is the key)."""

    def __init__(self, directory: Path = CATALOGS) -> None:
        self._catalogs = lightbulb.GnuLocalizationProvider(f"{COMMANDS_DOMAIN}.po",
                                                           str(directory))
        self._found: dict[str, Mapping[hikari.Locale, str]] = {}

    def __call__(self, key: str) -> dict[hikari.Locale, str]:
        """``key`` in English, and in every language whose catalog translates it (a copy)."""
        found = self._found.get(key)
        if found is None:
            # an entry not yet translated has an empty text: Discord would refuse it, English
            # shows
            translated = {locale: text for locale, text in self._catalogs(key).items() if text}
            found = self._found[key] = {hikari.Locale.EN_US: key, **translated}
        return dict(found)  # the caller's to change


@functools.cache
def shipped_localizations() -> CommandLocalizations:
    """The commands' names and descriptions Nazh ships, read once per process."""
    return CommandLocalizations()


async def commands_of(modules: Iterable[ModuleType]) -> list[CommandOrGroup]:
    """The commands and groups the ``loader`` of each module registers, in order."""
    client = lightbulb.client_from_app(_offline_bot())
    for module in modules:
        loader: lightbulb.Loader = module.loader
        await loader.add_to_client(client)
    return list(client.registered_commands)


async def payloads_of(commands: Sequence[CommandOrGroup],
                      localizations: LocalizationProvider) -> list[dict[str, object]]:
    """What Discord is sent to register ``commands``, localized (JSON-ready)."""
    factory = _offline_bot().entity_factory
    payloads: list[dict[str, object]] = []
    for command in commands:
        builder = await command.as_command_builder(hikari.Locale.EN_US, localizations)
        payloads.append(dict(builder.build(factory)))
    return payloads


def _offline_bot() -> hikari.RESTBot:
    """A bot never started: its client registers commands, its factory builds their payloads."""
    return hikari.RESTBot("x.y.z", "Bot", banner=None, suppress_optimization_warning=True)
