"""Signed checkpoints posted to a server's anchor channel (``/settings set anchor-channel``) and
``/about``, on both transports: the posted lines are the checkpoint file's own, signed with the
key /about shows; a rewrite of the database is caught against what Discord holds; servers
without an anchor channel get none."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from nazh.adapters.crypto.ed25519 import valid_signature
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.checkpoints.mirrors import MirrorJob
from nazh.application.checkpoints.signed import SignedCheckpoint
from nazh.application.log.chain import chain_hash
from nazh.application.shared.json_types import JsonObject
from nazh.bootstrap import run_cli
from tests.e2e.fake_discord import FakeDiscord, make_user, slash_command
from tests.e2e.harness import SIGNING_PUBLIC, NazhUnderTest, embed_of, grant_manage_server

PUBLIC = SIGNING_PUBLIC
ADMIN = make_user("761111111111111111", "admin")
ANCHOR = "762222222222222222"


async def set_anchor_channel(fake: FakeDiscord) -> JsonObject:
    grant_manage_server(fake, ADMIN)
    setting = slash_command("settings set", [
        {"name": "anchor-channel", "type": 7, "value": ANCHOR}], user=ADMIN, resolved={
        "channels": {ANCHOR: {"id": ANCHOR, "name": "dice-anchors", "type": 0,
                              "permissions": "0"}}})
    await fake.dispatch("INTERACTION_CREATE", setting)
    return await fake.wait_for_interaction_response(setting)


async def roll_and_checkpoint(nazh: NazhUnderTest) -> JsonObject:
    """A roll, then its channel's checkpoint published; the roll's interaction."""
    interaction, _ = await nazh.slash(pool="1d20+5")
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    job = nazh.container.storage.checkpoints()
    assert job is not None
    assert await job.publish_due() == 1
    return interaction


def mirrors(nazh: NazhUnderTest) -> MirrorJob:
    assert nazh.container is not None
    job = nazh.container.mirrors()
    assert job is not None
    return job


def posted_to_anchor(fake: FakeDiscord) -> list[JsonObject]:
    return [request.body for request in fake.requests
            if request.method == "POST" and request.path == f"/channels/{ANCHOR}/messages"
            and request.status == 200]


def checkpoint_lines(content: str) -> list[str]:
    block = content.split("```json\n", 1)[1].split("\n```", 1)[0]
    return block.splitlines()


async def test_checkpoints_are_posted_in_the_anchor_channel_and_catch_a_rewrite(
        signed_nazh: NazhUnderTest, fake_discord: FakeDiscord, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shown = await set_anchor_channel(fake_discord)
    assert f"**anchor-channel**: <#{ANCHOR}>" in embed_of(shown)["description"]
    interaction = await roll_and_checkpoint(signed_nazh)
    assert signed_nazh.container is not None
    assert await mirrors(signed_nazh).forward() == 1
    [body] = posted_to_anchor(fake_discord)
    channel = int(interaction["channel_id"])
    assert f"• <#{channel}> record #1 (head), <t:" in body["content"]
    assert body["allowed_mentions"]["parse"] == []
    [line] = checkpoint_lines(body["content"])
    point = SignedCheckpoint.parse(line)
    assert (point.checkpoint.channel_id, point.checkpoint.seq) == (channel, 1)
    assert point.public_key == PUBLIC
    assert valid_signature(PUBLIC, point.checkpoint.signed_content(), point.signature)
    assert await mirrors(signed_nazh).forward() == 0  # posted once

    anchors = tmp_path / "from-discord.jsonl"
    anchors.write_text(line + "\n", encoding="utf-8")
    database = signed_nazh.data_dir / "nazh.sqlite3"
    await forge_the_only_record(database)
    monkeypatch.setenv("NAZH_DATA_DIR", str(signed_nazh.data_dir))
    monkeypatch.delenv("NAZH_SIGNING_KEY", raising=False)  # a player has the public key only
    assert await asyncio.to_thread(run_cli, ["log", "verify"]) == 0  # alone: intact
    assert await asyncio.to_thread(run_cli, ["log", "verify", "--anchors", str(anchors),
                                             "--public-key", PUBLIC]) == 1


async def forge_the_only_record(database: Path) -> None:
    """Change the label and recompute the hash and the head: the chain alone stays intact."""
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        log = SqlRollLog(engine)
        [record] = [r for channel in await log.channels() for r in await log.chain(channel)]
    finally:
        await engine.dispose()
    digest = chain_hash(record.prev_hash, replace(record.entry, label="forged"))
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE roll_log SET label = 'forged', hash = ? WHERE seq = 1",
                           (digest,))
        connection.execute("UPDATE chain_heads SET hash = ?", (digest,))


async def test_without_an_anchor_channel_nothing_is_posted(
        signed_nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await roll_and_checkpoint(signed_nazh)
    assert signed_nazh.container is not None
    assert await mirrors(signed_nazh).forward() == 1  # handled: nowhere to post
    assert not [r for r in fake_discord.requests
                if r.method == "POST" and r.path.startswith("/channels/")]


async def test_about_shows_the_public_key_and_the_anchor_channel(
        signed_nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    _, before = await signed_nazh.slash("about")
    assert before["data"]["flags"] & (1 << 6)
    fields = {f["name"]: f["value"] for f in embed_of(before)["fields"]}
    assert f"`{PUBLIC}`" in fields["Signed checkpoints"]
    assert "every 1 records or 10 minutes" in fields["Signed checkpoints"]
    assert fields["This server's anchor channel"].startswith("unset: a server admin")
    assert "--public-key KEY" in fields["Check it yourself"]
    await set_anchor_channel(fake_discord)
    _, after = await signed_nazh.slash("about")
    fields = {f["name"]: f["value"] for f in embed_of(after)["fields"]}
    assert fields["This server's anchor channel"].startswith(f"<#{ANCHOR}>:")


async def test_about_without_a_signing_key_says_checkpoints_are_off(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash("about")
    fields = {f["name"]: f["value"] for f in embed_of(body)["fields"]}
    assert fields["Signed checkpoints"].startswith("off: this bot's operator set no signing key")
    assert "This server's anchor channel" not in fields
    # the harness seeds the dice (NAZH_RNG=seeded), and /about says so
    assert fields["Dice"] == "⚠️ seeded: this bot runs in test mode, its dice are predictable"
