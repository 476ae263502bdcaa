"""Who an interaction comes from, as the use cases see them: plain integers, whatever hikari
hands over (a roll keeps its roller while its buttons may be pressed, and a ``Snowflake`` is
one more object for the garbage collector to walk)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import hikari

from nazh.adapters.discord.runtime.members import member_of, roller_of
from tests.e2e.fake_discord.payloads import slash_command


def interaction(guild_id: str | None) -> Any:
    payload = slash_command("roll", {"pool": "1d20"}, guild_id=guild_id,
                            channel_id="881111111111111100")
    factory = hikari.impl.EntityFactoryImpl(SimpleNamespace())
    return factory.deserialize_command_interaction(payload)


def test_a_roller_in_a_server_is_plain_integers() -> None:
    made = interaction("871111111111111100")
    roller = roller_of(made)
    assert (roller.user_id, roller.channel_id, roller.guild_id) == (
        made.user.id, 881111111111111100, 871111111111111100)
    assert {type(roller.user_id), type(roller.channel_id), type(roller.guild_id)} == {int}


def test_a_roller_in_a_dm_has_no_server() -> None:
    roller = roller_of(interaction(None))
    assert roller.guild_id is None
    assert type(roller.user_id) is int
    assert type(roller.channel_id) is int


def test_a_member_is_plain_integers_in_a_server_and_out_of_one() -> None:
    inside, outside = member_of(interaction("871111111111111100")), member_of(interaction(None))
    assert type(inside.user_id) is int
    assert type(inside.guild_id) is int
    assert inside.guild_id == 871111111111111100
    assert type(outside.user_id) is int
    assert outside.guild_id is None
