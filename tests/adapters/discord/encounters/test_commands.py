"""The /encounter commands: a quick combatant's immunities read from a list, and the group as
Discord receives it (its JSON checked against Discord's spec and limits, each option bounded
by what the encounter accepts)."""

from __future__ import annotations

import hikari
import pytest

from nazh.adapters.discord.encounters.commands import (
    UNTIL_NEXT_TURN,
    encounter_group,
    immunities_of,
)
from nazh.adapters.discord.runtime.localization import CommandLocalizations
from nazh.application.shared.json_types import JsonObject
from nazh.domain.encounter.combatant import MAX_HEALTH, MAX_NAME_LENGTH
from nazh.domain.encounter.conditions import MAX_ROUNDS, MAX_VALUE, ConditionName
from nazh.domain.encounter.damage import DamageType, Immunities
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.roster import MAX_COPIES, copy_names
from tests.e2e.fake_discord.spec import validate_request

SUBCOMMANDS = ["start", "add", "join", "remove", "show", "next", "end", "condition", "damage",
               "heal", "undo", "settings", "log", "export", "list"]
STRING, INTEGER = 3, 4


def test_immunities_are_read_from_a_comma_separated_list_in_any_case() -> None:
    assert immunities_of("prone, Stunned ,UNCONSCIOUS,, Spirit,keen") == Immunities(
        frozenset({ConditionName.PRONE, ConditionName.STUNNED, ConditionName.UNCONSCIOUS}),
        frozenset({DamageType.SPIRIT, DamageType.KEEN}))
    assert immunities_of("") == Immunities()
    assert immunities_of(" , ") == Immunities()


def test_an_unknown_immunity_is_refused_naming_the_damage_types_and_conditions() -> None:
    with pytest.raises(EncounterError) as raised:
        immunities_of("prone, dazed")
    assert raised.value.reason == (
        '"dazed" is no damage type nor condition; the damage types are energy, impact, keen, '
        "spirit, vital, the conditions afflicted, determined, disoriented, empowered, enhanced, "
        "exhausted, focused, immobilized, prone, restrained, slowed, stunned, surprised, "
        "unconscious")


async def group() -> JsonObject:
    """The /encounter group as it is registered with Discord."""
    builder = await encounter_group.as_command_builder(hikari.Locale.EN_US,
                                                       CommandLocalizations())
    built: JsonObject = dict(builder.build(hikari.RESTBot("x.y.z", "Bot",
                                                          banner=None).entity_factory))
    return built


def options_of(command: JsonObject, name: str) -> dict[str, JsonObject]:
    [sub] = [o for o in command["options"] if o["name"] == name]
    return {str(o["name"]): o for o in sub.get("options") or []}


async def test_the_group_passes_discords_spec() -> None:
    command = await group()
    assert validate_request("POST", "/applications/1/commands", command) == []
    assert [o["name"] for o in command["options"]] == SUBCOMMANDS


async def test_each_subcommand_keeps_discords_rules_for_options() -> None:
    command = await group()
    assert len(command["options"]) <= 25
    for sub in command["options"]:
        options = sub.get("options") or []
        assert len(options) <= 25
        required = [bool(o.get("required")) for o in options]
        assert required == sorted(required, reverse=True), sub["name"]
        for option in options:
            assert option["name"] == option["name"].lower()
            assert 1 <= len(option["name"]) <= 32
            assert 1 <= len(option["description"]) <= 100
            assert len(option.get("choices") or []) <= 25
            assert not (option.get("choices") and option.get("autocomplete")), option["name"]


async def test_the_options_accept_what_the_encounter_does() -> None:
    command = await group()
    add = options_of(command, "add")
    longest = "n" * add["name"]["max_length"]
    assert len(copy_names(longest, MAX_COPIES)[-1]) == MAX_NAME_LENGTH
    assert (add["health"]["min_value"], add["health"]["max_value"]) == (1, MAX_HEALTH)
    assert (add["count"]["min_value"], add["count"]["max_value"]) == (1, MAX_COPIES)
    assert [c["value"] for c in add["side"]["choices"]] == ["enemy", "ally"]
    assert [c["value"] for c in add["role"]["choices"]] == ["minion", "rival", "boss"]
    condition = options_of(command, "condition")
    assert [c["value"] for c in condition["condition"]["choices"]] == [
        c.value for c in ConditionName]
    assert condition["value"]["max_value"] == MAX_VALUE
    assert condition["rounds"]["max_value"] == MAX_ROUNDS
    assert [c["value"] for c in condition["until"]["choices"]] == [UNTIL_NEXT_TURN]
    assert condition["combatant"]["max_length"] == MAX_NAME_LENGTH
    assert condition["combatant"]["autocomplete"] is True
    assert options_of(command, "remove")["combatant"]["autocomplete"] is True


async def test_the_group_is_offered_in_servers_only() -> None:
    command = await group()
    assert command["contexts"] == [hikari.ApplicationContextType.GUILD]
