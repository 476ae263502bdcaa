"""Importing files through Discord in end-to-end tests: character sheets and saved-roll shelves."""

from __future__ import annotations

from pathlib import Path

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import (
    FakeDiscord,
    make_user,
    slash_command,
)
from tests.e2e.harness import (
    NazhUnderTest,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "foundry"
OWNER = make_user("784444444444444441", "owner")


async def imported(fake: FakeDiscord, data: bytes, filename: str,
                   user: JsonObject) -> JsonObject:
    attachment = fake.attachment(data, filename)
    interaction = slash_command(
        "character import", [{"name": "file", "type": 11, "value": attachment["id"]}],
        user=user, resolved={"attachments": {attachment["id"]: attachment}})
    await fake.dispatch("INTERACTION_CREATE", interaction)
    return await fake.wait_for_interaction_response(interaction)


async def import_file(nazh: NazhUnderTest, fake: FakeDiscord, data: bytes,
                      user: JsonObject, scope: str = "me",
                      attachment: JsonObject | None = None) -> JsonObject:
    attachment = attachment or fake.attachment(data, "rolls.json")
    interaction = slash_command(
        "saved import", [{"name": "file", "type": 11, "value": attachment["id"]},
                         {"name": "scope", "type": 3, "value": scope}],
        user=user, resolved={"attachments": {attachment["id"]: attachment}})
    await fake.dispatch("INTERACTION_CREATE", interaction)
    return await fake.wait_for_interaction_response(interaction)
