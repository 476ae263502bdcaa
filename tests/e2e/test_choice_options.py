"""Every option declared with choices, end to end on both transports: a value outside them (an
interaction is data: a forged or replayed one may carry any string) gets an ephemeral answer
naming the option and the values it takes, and nothing else is sent.

The table below has a row per choice option of every command; the commands the bot registers
are read back from the fake Discord, so a new choice option without a row fails the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import DEFAULT_GUILD_ID, FakeDiscord, make_user, slash_command
from tests.e2e.harness import NazhUnderTest

EPHEMERAL = 1 << 6
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, ATTACHMENT = 1, 2, 3, 11
PLAYER = make_user("783333333333333333", "player")
OUTSIDE = "everyone-and-their-dog"

CHOICE_OPTIONS: dict[tuple[str, str], JsonObject] = {
    ("attack", "visibility"): {"damage": "2d6"},
    ("attack", "advantage"): {"damage": "2d6"},
    ("attack", "against"): {"weapon": "Spear", "target": "Bandit"},
    ("attack", "type"): {"weapon": "Spear", "target": "Bandit"},
    ("check", "visibility"): {"skill": "Insight"},
    ("check", "advantage"): {"skill": "Insight"},
    ("check", "against"): {"skill": "Insight", "target": "Bandit"},
    ("check", "action"): {"skill": "Insight", "target": "Bandit"},
    ("roll", "visibility"): {"pool": "1d20"},
    ("odds", "type"): {"pool": "1d20+5", "defense": "15", "damage": "1d6"},
    ("injury", "visibility"): {},
    ("save", "scope"): {"name": "sneak", "pool": "1d20"},
    ("saved delete", "scope"): {"name": "sneak"},
    ("saved rename", "scope"): {"name": "sneak", "new-name": "hide"},
    ("saved import", "scope"): {"file": ATTACHMENT},
    ("settings set", "default-visibility"): {},
    ("settings set", "language"): {},
    ("settings set", "answer-format"): {},
    ("settings channel-language", "language"): {},
    ("settings reset", "setting"): {},
    ("stats", "scope"): {},
    ("stats", "period"): {},
    ("character new", "kind"): {"name": "Kal"},
    ("character weapon", "type"): {"name": "Spear", "skill": "heavy-weaponry", "damage": "1d8"},
    ("character skill", "attribute"): {"name": "Adhesion", "ranks": "1"},
    ("character rest", "kind"): {},
    ("character rest", "first"): {"kind": "short"},
    ("encounter add", "role"): {"name": "Bandit", "health": "6"},
    ("encounter add", "side"): {"name": "Bandit", "health": "6"},
    ("encounter condition", "condition"): {"combatant": "Kaladin"},
    ("encounter condition", "until"): {"combatant": "Kaladin", "condition": "prone"},
    ("encounter condition", "attribute"): {"combatant": "Kaladin", "condition": "enhanced"},
    ("encounter condition", "type"): {"combatant": "Kaladin", "condition": "afflicted",
                                      "value": "3"},
    ("encounter damage", "type"): {"combatant": "Kaladin", "amount": "3"},
    ("request", "visibility"): {"skill": "Perception"},
    ("endeavor count", "as"): {"roll": "ab12cd34"},
}
"""(command, option) -> the command's other options sent with the value outside the choices
(``ATTACHMENT``: a file attached)."""


def registered_choices(fake: FakeDiscord) -> dict[tuple[str, str], list[str]]:
    """(command, option) -> its choices, for every option with choices the bot registered."""
    found: dict[tuple[str, str], list[str]] = {}
    for command in fake.commands(DEFAULT_GUILD_ID):
        for path, option in _leaf_options(command["name"], command.get("options") or []):
            if option.get("choices"):
                found[(path, option["name"])] = [str(c["value"]) for c in option["choices"]]
    return found


def _leaf_options(path: str, options: list[JsonObject]) -> Iterator[
        tuple[str, JsonObject]]:
    for option in options:
        if option["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP):
            yield from _leaf_options(f"{path} {option['name']}", option.get("options") or [])
        else:
            yield path, option


async def test_every_choice_option_has_a_row(nazh: NazhUnderTest,
                                             fake_discord: FakeDiscord) -> None:
    registered = registered_choices(fake_discord)
    assert registered, "no command with choices registered"
    assert sorted(registered) == sorted(CHOICE_OPTIONS)


@pytest.mark.parametrize(("command", "option"), list(CHOICE_OPTIONS),
                         ids=[f"{c}:{o}" for c, o in CHOICE_OPTIONS])
async def test_a_value_outside_the_choices_is_refused_naming_the_option(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, command: str, option: str) -> None:
    allowed = registered_choices(fake_discord)[(command, option)]
    interaction = outside_choices(fake_discord, command, option)
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    answer = await fake_discord.wait_for_interaction_response(interaction)
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == (
        f"**Can't do that.** {option} must be one of: {', '.join(allowed)}")
    await fake_discord.settled()
    assert [m["content"] for m in fake_discord.messages] == [answer["data"]["content"]]


async def test_the_message_lists_the_values_in_order(nazh: NazhUnderTest,
                                                     fake_discord: FakeDiscord) -> None:
    interaction = outside_choices(fake_discord, "roll", "visibility")
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    answer = await fake_discord.wait_for_interaction_response(interaction)
    assert "visibility must be one of: public, private, gm, blind" in answer["data"]["content"]


def outside_choices(fake: FakeDiscord, command: str, option: str) -> JsonObject:
    """``/command`` with ``option`` set outside its choices (and the row's other options)."""
    options: list[JsonObject] = []
    resolved: JsonObject | None = None
    for name, value in CHOICE_OPTIONS[(command, option)].items():
        if value == ATTACHMENT:
            attachment = fake.attachment(b'{"format": "nazh-saved-rolls", "version": 1, '
                                         b'"rolls": []}', "rolls.json")
            options.append({"name": name, "type": ATTACHMENT, "value": attachment["id"]})
            resolved = {"attachments": {attachment["id"]: attachment}}
        else:
            options.append({"name": name, "type": STRING, "value": value})
    options.append({"name": option, "type": STRING, "value": OUTSIDE})
    return slash_command(command, options, user=PLAYER, resolved=resolved)
