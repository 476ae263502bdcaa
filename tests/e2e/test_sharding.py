"""Gateway shards over processes: the real bot, two processes against the fake Discord with
4 shards (one names its shards, ``NAZH_SHARD_IDS=0,1``; the other takes its place among
replicas, ``NAZH_REPLICA_COUNT=2`` + ``NAZH_REPLICA_INDEX=1``). Discord sends a guild's
interactions to shard ``(guild_id >> 22) % 4``: each guild is answered by exactly one process,
each sidecar reports its own shards, and killing one process leaves the other's shards serving.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import aiohttp

from nazh.application.shared.json_types import JsonObject
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord, slash_command
from tests.local_http import free_port

SHARDS = 4
GUILDS = {shard: str(((100_000_000 + shard) << 22) | 4242) for shard in range(SHARDS)}
"""One guild on each shard (a guild's shard is ``(guild_id >> 22) % SHARDS``)."""


def shard_of(guild_id: str) -> int:
    return (int(guild_id) >> 22) % SHARDS


def logged_guilds(data: Path) -> list[str]:
    """The guild of every roll in a process's SQLite roll log."""
    with sqlite3.connect(data / "nazh.sqlite3") as connection:
        return [str(row[0]) for row in connection.execute("SELECT guild_id FROM roll_log")]


async def status(port: int) -> tuple[int, JsonObject]:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/readyz") as ready:
            ready_status = ready.status
        async with session.get(f"http://127.0.0.1:{port}/api/status") as response:
            body: JsonObject = await response.json()
    return ready_status, body


async def roll_in_every_guild(fake: FakeDiscord) -> dict[str, JsonObject]:
    interactions = {guild: slash_command("roll", {"pool": f"1d20+{shard}"}, guild_id=guild,
                                         channel_id=str(int(guild) + 1))
                    for shard, guild in GUILDS.items()}
    for interaction in interactions.values():
        await fake.dispatch("INTERACTION_CREATE", interaction)
    return interactions


def callbacks(fake: FakeDiscord, interaction: JsonObject) -> int:
    prefix = f"/interactions/{interaction['id']}/"
    return sum(1 for request in fake.requests
               if request.path.startswith(prefix) and request.path.endswith("/callback"))


async def test_four_shards_over_two_processes(tmp_path: Path) -> None:
    async with FakeDiscord(guild_ids=list(GUILDS.values())) as fake:
        assert sorted(shard_of(guild) for guild in GUILDS.values()) == list(range(SHARDS))
        ports = (free_port(), free_port())
        first = BotProcess(fake, tmp_path / "a", "sqlite+aiosqlite:///" + str(
            tmp_path / "a" / "data" / "nazh.sqlite3"),
            NAZH_SHARD_COUNT=str(SHARDS), NAZH_SHARD_IDS="0,1", NAZH_HTTP_PORT=str(ports[0]),
            NAZH_HTTP_HOST="127.0.0.1", NAZH_DEV_GUILDS="")
        second = BotProcess(fake, tmp_path / "b", "sqlite+aiosqlite:///" + str(
            tmp_path / "b" / "data" / "nazh.sqlite3"),
            NAZH_SHARD_COUNT=str(SHARDS), NAZH_REPLICA_COUNT="2", NAZH_REPLICA_INDEX="1",
            NAZH_HTTP_PORT=str(ports[1]), NAZH_HTTP_HOST="127.0.0.1",
            NAZH_DEV_GUILDS="")
        for bot in (first, second):
            bot.cwd.mkdir(parents=True, exist_ok=True)
        await first.start()
        await second.start()
        await fake.gateway.wait_shards({(shard, SHARDS) for shard in range(SHARDS)}, 30)

        # each sidecar reports its own shards, all ready, with their latency
        for port, own in zip(ports, ({"0", "1"}, {"2", "3"}), strict=True):
            ready, body = await status(port)
            assert ready == 200
            assert body["shards"] == dict.fromkeys(own, True)
            assert set(body["shard_latency_ms"]) == own

        first_round = await roll_in_every_guild(fake)
        for interaction in first_round.values():
            answer = await fake.wait_for_interaction_response(interaction, timeout=15)
            assert answer["type"] == 4
        assert [callbacks(fake, i) for i in first_round.values()] == [1] * SHARDS

        # exactly one process answered each guild: the one running its shard
        await second.stop()
        second_guilds = logged_guilds(tmp_path / "b" / "data")
        assert sorted(second_guilds) == sorted([GUILDS[2], GUILDS[3]])

        # the first process's shards go on serving; nobody answers the stopped one's
        interactions = await roll_in_every_guild(fake)
        for shard in (0, 1):
            answer = await fake.wait_for_interaction_response(interactions[GUILDS[shard]],
                                                              timeout=15)
            assert answer["type"] == 4
        await asyncio.sleep(1.0)  # an answer, were there one, would have arrived by now
        assert [callbacks(fake, i) for i in first_round.values()] == [1] * SHARDS
        assert callbacks(fake, interactions[GUILDS[2]]) == 0
        assert callbacks(fake, interactions[GUILDS[3]]) == 0
        ready, body = await status(ports[0])
        assert ready == 200
        assert body["shards"] == {"0": True, "1": True}

        # killed outright (SIGKILL) rather than stopped, the second process still takes
        # nothing from the first
        await second.start()
        await fake.gateway.wait_shards({(2, SHARDS), (3, SHARDS)}, 30)
        await second.kill()
        interactions = await roll_in_every_guild(fake)
        for shard in (0, 1):
            answer = await fake.wait_for_interaction_response(interactions[GUILDS[shard]],
                                                              timeout=15)
            assert answer["type"] == 4

        await first.stop()
        first_guilds = logged_guilds(tmp_path / "a" / "data")
        assert sorted(first_guilds) == sorted([GUILDS[0], GUILDS[1]] * 3)
