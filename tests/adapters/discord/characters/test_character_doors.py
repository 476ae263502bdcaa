"""Every door of /character that shows or changes a character, as a table: for each, whether it
lets through the owner, a GM, another player, and another player once the sheet is shared.

The doors are the subcommands, the sheet's buttons (each kind of control) and every
autocompleted option; the table is checked against the command group and the codec, so a new
subcommand, control or autocompleted option without a row fails here. ``new`` and ``import``
only make the maker's own characters, so they open no door to an existing one.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import hikari
import lightbulb
import pytest

from nazh.adapters.discord.characters.commands import character_group
from nazh.adapters.discord.characters.controls import (
    CODEC,
    delete_control,
    details_control,
    sheet_control,
)
from nazh.adapters.discord.characters.options import Rest, WeaponOptions
from nazh.application.shared.json_types import JsonObject
from nazh.domain.character import Resource
from tests.adapters.discord.characters.kit import GM, OTHER, OWNER, VEYLA_ID, Table

YES, NO = True, False
ROLES = ("owner", "gm", "other", "table")
"""The owner, a GM, another player (the sheet not shared), another player (shared)."""
USERS = {"owner": OWNER, "gm": GM, "other": OTHER, "table": OTHER}

Door = Callable[[Table, JsonObject], Awaitable[bool]]


def refused(answer: JsonObject) -> bool:
    return str(answer["data"].get("content", "")).startswith("**Can't do that.**")


def command(name: str, call: Callable[[Table, hikari.CommandInteraction], Awaitable[None]],
            options: JsonObject | None = None) -> Door:
    """A subcommand: let through when it is not answered with a refusal."""
    async def door(table: Table, user: JsonObject) -> bool:
        interaction = table.command(f"character {name}", user, options)
        return not refused(await table.kit.answer(interaction, call(table, interaction)))
    return door


async def listed(table: Table, user: JsonObject) -> bool:
    interaction = table.command("character list", user)
    answer = await table.kit.answer(interaction, table.feature.listing(interaction))
    return "Veyla Tarn" in str(answer["data"])


def control(custom_id: str) -> Door:
    """A button: let through when it updates the sheet (the sheet's own message: ephemeral
    unless shared)."""
    async def door(table: Table, user: JsonObject) -> bool:
        shared = table.store.records[VEYLA_ID].shared
        answer = await table.pressed(custom_id, user, ephemeral=not shared)
        return bool(answer["type"] == hikari.ResponseType.MESSAGE_UPDATE)
    return door


def opened(custom_id: str) -> Door:
    """A button answering privately: let through when its answer shows the sheet."""
    async def door(table: Table, user: JsonObject) -> bool:
        shared = table.store.records[VEYLA_ID].shared
        answer = await table.pressed(custom_id, user, ephemeral=not shared)
        return bool(answer["data"].get("embeds"))
    return door


def suggested(name: str, option: str, **options: str) -> Door:
    """An autocompleted option, through its own provider: let through when it offers
    anything of Veyla Tarn (her name, or her fields, skills or weapons)."""
    async def door(table: Table, user: JsonObject) -> bool:
        interaction = table.suggesting(f"character {name}", option, user, **options)
        data = lightbulb.utils.get_command_data(character_group.subcommands[name])
        provider: Any = data.options[option].autocomplete_provider
        leaf = interaction.options[0].options or []
        context = SimpleNamespace(interaction=interaction, options=leaf,
                                  focused=next(o for o in leaf if o.is_focused))
        suggest = inspect.unwrap(provider)
        answer = await table.kit.answer(interaction, suggest(context, table.feature))
        return bool(answer["data"]["choices"])
    return door


VEYLA = {"character": "Veyla Tarn"}
DOORS: dict[str, tuple[Door, tuple[bool, bool, bool, bool]]] = {
    "show": (command("show", lambda t, i: t.feature.show(i, "Veyla Tarn")), (YES, YES, NO, YES)),
    "list": (listed, (YES, YES, NO, YES)),
    "use": (command("use", lambda t, i: t.feature.use(i, "Veyla Tarn")), (YES, NO, NO, NO)),
    "set": (command("set", lambda t, i: t.feature.set(i, "Veyla Tarn", "health", "3")),
            (YES, YES, NO, NO)),
    "weapon": (command("weapon", lambda t, i: t.feature.weapon(i, "Veyla Tarn", WeaponOptions(
        "Sling", "light-weaponry", "1d4"))), (YES, YES, NO, NO)),
    "reload": (command("reload", lambda t, i: t.feature.reload(i, "Veyla Tarn", "Crossbow")),
               (YES, YES, NO, NO)),
    "skill": (command("skill", lambda t, i: t.feature.skill(i, "Veyla Tarn", "insight", None,
                                                            2, False)), (YES, YES, NO, NO)),
    "share": (command("share", lambda t, i: t.feature.share(i, "Veyla Tarn", True)),
              (YES, NO, NO, NO)),
    "rest": (command("rest", lambda t, i: t.feature.rest(i, Rest.LONG, "Veyla Tarn")),
             (YES, YES, NO, NO)),
    "delete": (command("delete", lambda t, i: t.feature.delete(i, "Veyla Tarn")),
               (YES, YES, NO, NO)),
    "export": (command("export", lambda t, i: t.feature.export(i, "Veyla Tarn")),
               (YES, YES, NO, YES)),
    "control chs": (control(sheet_control(VEYLA_ID, Resource.HEALTH, -1)), (YES, YES, NO, NO)),
    "control chd": (control(delete_control(VEYLA_ID, 1)), (YES, YES, NO, NO)),
    "control chv": (opened(details_control(VEYLA_ID)), (YES, YES, NO, YES)),  # as show
    "show name": (suggested("show", "name"), (YES, YES, NO, YES)),
    "export name": (suggested("export", "name"), (YES, YES, NO, YES)),
    "use name": (suggested("use", "name"), (YES, NO, NO, NO)),
    "delete name": (suggested("delete", "name"), (YES, YES, NO, NO)),
    "share character": (suggested("share", "character"), (YES, NO, NO, NO)),
    "set character": (suggested("set", "character"), (YES, YES, NO, NO)),
    "set field": (suggested("set", "field", **VEYLA), (YES, YES, NO, NO)),
    "weapon character": (suggested("weapon", "character"), (YES, YES, NO, NO)),
    "weapon name": (suggested("weapon", "name", **VEYLA), (YES, YES, NO, NO)),
    "weapon skill": (suggested("weapon", "skill", **VEYLA), (YES, YES, NO, NO)),
    "reload character": (suggested("reload", "character"), (YES, YES, NO, NO)),
    "reload weapon": (suggested("reload", "weapon", **VEYLA), (YES, YES, NO, NO)),
    "skill character": (suggested("skill", "character"), (YES, YES, NO, NO)),
    "skill name": (suggested("skill", "name", **VEYLA), (YES, YES, NO, NO)),
    "rest character": (suggested("rest", "character"), (YES, YES, NO, NO)),
    "rest tended-by": (suggested("rest", "tended-by"), (YES, YES, NO, YES)),
}
"""door -> (its outcome, let through: owner, GM, other player, other player when shared)."""
MAKERS = {"new", "import"}
"""Subcommands that only make the maker's own characters."""


def test_every_door_has_a_row() -> None:
    subcommands = set(character_group.subcommands) - MAKERS
    autocompleted = {f"{name} {option}" for name, cls in character_group.subcommands.items()
                     for option, data in lightbulb.utils.get_command_data(cls).options.items()
                     if data.autocomplete}
    controls = {f"control {kind}" for kind in CODEC.kinds}
    assert set(DOORS) == subcommands | autocompleted | controls


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("door", list(DOORS))
async def test_the_door_lets_through_whom_the_rule_says(door: str, role: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hikari.CommandInteraction, "execute", _no_followups)
    table = Table(shared=role == "table")
    entered, expected = DOORS[door]
    before = table.store.records[VEYLA_ID]
    let_through = await entered(table, USERS[role])
    assert let_through is expected[ROLES.index(role)]
    unchanged = table.store.records.get(VEYLA_ID) == before
    assert let_through or unchanged  # refused: nothing changed


async def _no_followups(*args: object, **kwargs: object) -> None:
    """An export's file goes nowhere in these tests."""
