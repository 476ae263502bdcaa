"""/verify checks a roll against the signed checkpoints, on both transports: a checkpointed
roll is shown under its checkpoint, a rewritten record (hashes recomputed, so the chain alone
looks intact) is reported, and the footer names the public key."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.log.chain import chain_hash
from nazh.application.shared.json_types import JsonObject
from tests.e2e.harness import SIGNING_PUBLIC, NazhUnderTest, embed_of

PUBLIC = SIGNING_PUBLIC


async def checkpoint(nazh: NazhUnderTest) -> None:
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    job = nazh.container.storage.checkpoints()
    assert job is not None
    assert await job.publish_due() == 1


def fields(body: JsonObject) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed_of(body)["fields"]}


def roll_id_of(body: JsonObject) -> str:
    return str(embed_of(body)["footer"]["text"]).rsplit("roll ", 1)[1]


async def test_verify_shows_the_checkpoint_over_the_roll(signed_nazh: NazhUnderTest) -> None:
    _, rolled = await signed_nazh.slash(pool="1d20+5")
    assert signed_nazh.container is not None
    assert await signed_nazh.container.storage.writer().flush(5)
    _, before = await signed_nazh.slash("verify", roll_id=roll_id_of(rolled))
    assert fields(before)["Checkpoints"] == "⏳ no signed checkpoint of this channel yet"
    await checkpoint(signed_nazh)
    _, verified = await signed_nazh.slash("verify", roll_id=roll_id_of(rolled))
    text = fields(verified)["Checkpoints"]
    assert text.startswith("✅ agrees with 1 signed checkpoint; this roll is under the "
                           "checkpoint of <t:")
    assert text.endswith("(record #1)")
    assert PUBLIC in embed_of(verified)["footer"]["text"]


async def test_a_rewritten_roll_is_caught_by_its_checkpoint(signed_nazh: NazhUnderTest) -> None:
    _, rolled = await signed_nazh.slash(pool="1d20+5")
    await checkpoint(signed_nazh)
    database = signed_nazh.data_dir / "nazh.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        [record] = [r for channel in await SqlRollLog(engine).channels()
                    for r in await SqlRollLog(engine).chain(channel)]
    finally:
        await engine.dispose()
    forged = replace(record.entry, label="forged")
    digest = chain_hash(record.prev_hash, forged)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE roll_log SET label = 'forged', hash = ? WHERE seq = 1",
                           (digest,))
        connection.execute("UPDATE chain_heads SET hash = ?", (digest,))
    _, verified = await signed_nazh.slash("verify", roll_id=roll_id_of(rolled))
    assert fields(verified)["Chain"].startswith("✅")  # the chain alone looks intact
    assert fields(verified)["Checkpoints"].startswith(
        "❌ record #1 does not match its checkpoint of")
