"""Sending an interaction and reading its answer as it ended up, and a member with or without
the Manage Server permission."""

from __future__ import annotations

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import CHANNEL_MESSAGE, DEFERRED_MESSAGE, final_answer

MANAGE_GUILD = 1 << 5


def as_member(interaction: JsonObject, *, manages: bool,
              roles: tuple[str, ...] = ()) -> JsonObject:
    """``interaction`` by a member who manages the server or not, holding ``roles``."""
    member = interaction["member"]
    permissions = int(member["permissions"])
    member["permissions"] = str(permissions | MANAGE_GUILD if manages
                                else permissions & ~MANAGE_GUILD)
    member["roles"] = list(roles)
    return interaction


async def send(fake: FakeDiscord, interaction: JsonObject) -> JsonObject:
    """The answer to ``interaction``; one the bot deferred (a loaded machine) as it ended up."""
    await fake.dispatch("INTERACTION_CREATE", interaction)
    body = await fake.wait_for_interaction_response(interaction)
    if body["type"] != DEFERRED_MESSAGE:
        return body
    return {"type": CHANNEL_MESSAGE, "data": await final_answer(fake, interaction, body)}
