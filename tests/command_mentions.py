"""Commands named in a translation as the reader's Discord names them: ``/personnage recharger``
in French, not ``/character reload`` (Discord shows a client its language's command, subcommand,
option and choice names, so a message saying the English one names what that reader cannot see).

:func:`localized_mentions` rewrites the mentions in a text: ``/`` and a command, then its
subcommands, then the options it names (``/attaquer arme: cible:``, ``/vérifier id-du-jet``),
each by its name in the language; and an option named alone (``cible:``), with the choice
written after it (``visibilité:privé``; any other value stays as written).
"""

from __future__ import annotations

import asyncio
import functools
import re
from dataclasses import dataclass, field

import hikari

from nazh.adapters.discord.features import FEATURES
from nazh.adapters.discord.runtime.localization import (
    commands_of,
    payloads_of,
    shipped_localizations,
)

SUBCOMMANDS = {hikari.OptionType.SUB_COMMAND.value, hikari.OptionType.SUB_COMMAND_GROUP.value}
MENTION = re.compile(r"(?<![\w/:.])/([a-z][a-z0-9-]*)")
"""A command's mention begins: a ``/`` that is not in a URL, a path or a fraction."""
NEXT_WORD = re.compile(r" ([a-z][a-z0-9-]*)(:?)")
OPTION = re.compile(r"(?<![\w/:.-])([a-z][a-z0-9_-]*):(?!//)([a-z][a-z0-9-]*)?")
"""An option named alone, ``target:`` or ``visibility:private`` (its choice)."""


@dataclass
class Named:
    """A command, a subcommand or an option: its name in each locale, and what it holds."""

    names: dict[str, str]
    commands: dict[str, Named] = field(default_factory=dict)
    options: dict[str, Named] = field(default_factory=dict)
    choices: dict[str, Named] = field(default_factory=dict)  # by value

    def name_in(self, locale: hikari.Locale) -> str:
        return self.names.get(locale.value) or self.names["en-US"]


def _named(payload: dict[str, object]) -> Named:
    names = {"en-US": str(payload["name"]),
             **dict(payload.get("name_localizations") or {})}  # type: ignore[call-overload]
    node = Named(names)
    for choice in payload.get("choices") or []:  # type: ignore[attr-defined]
        node.choices[str(choice["value"])] = Named(
            {"en-US": str(choice["name"]), **dict(choice.get("name_localizations") or {})})
    for option in payload.get("options") or []:  # type: ignore[attr-defined]
        child = _named(option)
        held = node.commands if option["type"] in SUBCOMMANDS else node.options
        held[str(option["name"])] = child
    return node


@functools.cache
def options() -> dict[str, Named]:
    """Every option of Nazh's commands, by English name (one catalog entry names each)."""
    found: dict[str, Named] = {}

    def walk(node: Named) -> None:
        for name, option in node.options.items():
            found.setdefault(name, option)
        for command in node.commands.values():
            walk(command)
    for command in commands().values():
        walk(command)
    return found


@functools.cache
def commands() -> dict[str, Named]:
    """Nazh's commands as Discord is sent them, by English name."""
    async def payloads() -> list[dict[str, object]]:
        found = await commands_of(row.commands for row in FEATURES if row.commands is not None)
        return await payloads_of(found, shipped_localizations())
    return {str(payload["name"]): _named(payload) for payload in asyncio.run(payloads())}


def localized_mentions(text: str, locale: hikari.Locale) -> str:
    """``text`` with each command and option it mentions named as ``locale``'s client names
    them (an option named alone with its colon, and the choice written after it)."""
    # options first, by their English names: a command's pass then leaves localized ones be
    return _commands_named(OPTION.sub(lambda found: _option(found, locale), text), locale)


def _option(found: re.Match[str], locale: hikari.Locale) -> str:
    name, value = found.groups()
    option = options().get(name)
    if option is None:
        return found.group(0)
    choice = None if value is None else option.choices.get(value)
    said = value if choice is None else choice.name_in(locale)
    return f"{option.name_in(locale)}:{said or ''}"


def _commands_named(text: str, locale: hikari.Locale) -> str:
    known = commands()
    parts: list[str] = []
    done = 0
    for mention in MENTION.finditer(text):
        command = known.get(mention.group(1))
        if command is None or mention.start() < done:
            continue
        parts.append(text[done:mention.start()])
        parts.append("/" + command.name_in(locale))
        done = mention.end()
        node = command
        while (word := NEXT_WORD.match(text, done)) is not None:
            name, colon = word.groups()
            if name in node.commands:
                node = node.commands[name]
            elif name in node.options:
                parts.append(f" {node.options[name].name_in(locale)}{colon}")
                done = word.end()
                continue
            else:
                break
            parts.append(" " + node.name_in(locale))
            done = word.end()
    parts.append(text[done:])
    return "".join(parts)
