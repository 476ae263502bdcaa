"""Replicas on one PostgreSQL, as real processes: three ``nazh serve`` workers behind one
"load balancer" (the fake Discord POSTs each interaction to one of them).

- 510 rolls made concurrently in ONE channel, spread over the three: every one answered, and the
  channel's hash chain stays a single line (seq 1..510, each record linked to the one before,
  no fork, no gap, no duplicate); ``nazh log verify`` passes.
- A roll made on one replica is amended (Add Plot Die) through another.
- A rolling restart (each replica taken out of rotation, stopped with SIGTERM, started again,
  put back) under a steady stream of rolls: every interaction answered, every answered roll in
  the log exactly once.

Gateway replicas split the shards instead (``tests/e2e/test_sharding.py``): a guild's
interactions reach one process, so a channel is never written by two at once.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from nacl.signing import SigningKey
from sqlalchemy import select

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.tables import roll_log
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord, HttpTarget, make_user, slash_command
from tests.e2e.harness import custom_id_of
from tests.e2e.test_durability import answered_roll_ids, logged_entry_counts, nazh_log_verify
from tests.e2e.test_prometheus import free_port

pytestmark = pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)

REPLICAS = 3
CONCURRENT_ROLLS = 510
IN_FLIGHT = 24
"""Interactions on their way at once (what a load balancer in front of three workers sees in a
busy moment; few enough that a slow shared machine answers each well within Discord's 3 s)."""
CHANNEL = "871111111111111101"
PLAYERS = [make_user(str(623456789012345600 + n), f"player{n}") for n in range(12)]


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    admin_url = postgres_admin_url()
    assert admin_url is not None
    async with scratch_postgres(admin_url) as url:
        yield url


class Workers:
    """``nazh serve`` replicas sharing one database and one application key."""

    def __init__(self, fake: FakeDiscord, tmp_path: Path, database_url: str) -> None:
        key = SigningKey.generate()
        self.ports = [free_port() for _ in range(REPLICAS)]
        self.targets = [HttpTarget(f"http://127.0.0.1:{port}/interactions", key)
                        for port in self.ports]
        self.processes = [
            BotProcess(fake, tmp_path / f"replica{n}", database_url, command="serve",
                       DISCORD_PUBLIC_KEY=self.targets[n].public_key,
                       NAZH_HTTP_HOST="127.0.0.1", NAZH_HTTP_PORT=str(port),
                       NAZH_ANSWER_BUDGET_SECONDS="3")
            for n, port in enumerate(self.ports)]
        for process in self.processes:
            process.cwd.mkdir(parents=True, exist_ok=True)

    async def start(self) -> None:
        # the first migrates; the others find the schema current
        for process in self.processes:
            await process.start()

    async def stop(self) -> None:
        for process in self.processes:
            if process.process is not None and process.process.returncode is None:
                await process.stop()


async def post_all(fake: FakeDiscord, make: Callable[[int], dict[str, Any]], count: int,
                   targets: Sequence[HttpTarget]) -> list[dict[str, Any]]:
    """Make ``count`` interactions (each when its turn comes: Discord stamps an interaction
    when it sends it) and POST them round-robin over ``targets``, ``IN_FLIGHT`` at a time."""
    turns = asyncio.Semaphore(IN_FLIGHT)
    made: list[dict[str, Any]] = [{} for _ in range(count)]

    async def post(n: int) -> None:
        async with turns:
            made[n] = make(n)
            await fake.dispatch("INTERACTION_CREATE", made[n],
                                target=targets[n % len(targets)])

    await asyncio.gather(*(post(n) for n in range(count)))
    return made


def result_replies(fake: FakeDiscord) -> int:
    return sum(1 for reply in fake.http_replies
               if reply.status == 200 and isinstance(reply.body, dict)
               and reply.body.get("type") == 4
               and (reply.body.get("data") or {}).get("embeds"))


def others(fake: FakeDiscord) -> list[str]:
    """What the replies that were not results said (for a failing assertion)."""
    said = sorted({f"{reply.status} {str(reply.body)[:300]}" for reply in fake.http_replies
                   if not (reply.status == 200 and isinstance(reply.body, dict)
                           and reply.body.get("type") == 4
                           and (reply.body.get("data") or {}).get("embeds"))})
    return [f"{len(fake.http_replies)} replies", *said[:10]]


async def channel_chain(database_url: str, channel: str) -> list[tuple[int, str, str, str]]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(roll_log.c.seq, roll_log.c.prev_hash, roll_log.c.hash,
                       roll_log.c.entry_id)
                .where(roll_log.c.channel_id == int(channel)).order_by(roll_log.c.seq))
            return [(int(seq), str(prev), str(hash_), str(entry))
                    for seq, prev, hash_, entry in rows]
    finally:
        await engine.dispose()


async def test_concurrent_rolls_in_one_channel_from_three_replicas_keep_one_chain(
        tmp_path: Path, database_url: str) -> None:
    async with FakeDiscord() as fake:
        workers = Workers(fake, tmp_path, database_url)
        await workers.start()
        try:
            interactions = await post_all(
                fake, lambda n: slash_command("roll", {"pool": f"a1d20+{n % 9}, 2d6"},
                                              channel_id=CHANNEL,
                                              user=PLAYERS[n % len(PLAYERS)]),
                CONCURRENT_ROLLS, workers.targets)
            assert result_replies(fake) == CONCURRENT_ROLLS, others(fake)
            answered = answered_roll_ids(fake)
            assert len(answered) == CONCURRENT_ROLLS

            # a roll made on replica 0 gets its plot die through replica 1
            first = interactions[0]
            message = fake.original_message(first)
            fake.http_target = workers.targets[1]
            clicked = await fake.click(custom_id_of(message, "Add Plot Die"),
                                       user=first["member"]["user"])
            update = await fake.wait_for_interaction_response(clicked, timeout=10)
            assert update["type"] == 7
            assert "`p`" in update["data"]["embeds"][0]["description"]
            assert "Add Plot Die" not in str(update["data"]["components"])
            amended = str(message["embeds"][0]["footer"]["text"]).rsplit("roll ", 1)[1]
        finally:
            await workers.stop()

        chain = await channel_chain(database_url, CHANNEL)
        assert [seq for seq, *_ in chain] == list(range(1, CONCURRENT_ROLLS + 2))
        for (_, _, previous_hash, _), (_, prev_hash, _, _) in itertools.pairwise(chain):
            assert prev_hash == previous_hash  # a single line: no fork, no gap
        assert len({entry for *_, entry in chain}) == len(chain)  # no duplicate
        counts = await logged_entry_counts(database_url)  # also verifies every chain
        assert {roll_id for roll_id in answered if f"{roll_id}.1" in counts} == answered
        assert f"{amended}.2" in counts  # the amendment made on replica 1, logged once
        verified = nazh_log_verify(workers.processes[0])
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert "1 chain(s) checked, 0 broken" in verified.stdout


async def test_a_rolling_restart_answers_everything_and_loses_no_roll(
        tmp_path: Path, database_url: str) -> None:
    async with FakeDiscord() as fake:
        workers = Workers(fake, tmp_path, database_url)
        await workers.start()
        rotation = list(range(REPLICAS))
        sent: list[dict[str, Any]] = []
        stop_sending = asyncio.Event()

        async def steady_stream() -> None:
            n = 0
            pending: set[asyncio.Task[None]] = set()
            while not stop_sending.is_set():
                interaction = slash_command("roll", {"pool": f"1d20+{n % 7}"},
                                            channel_id=str(int(CHANNEL) + n % 3),
                                            user=PLAYERS[n % len(PLAYERS)])
                sent.append(interaction)
                target = workers.targets[rotation[n % len(rotation)]]
                task = asyncio.create_task(
                    fake.dispatch("INTERACTION_CREATE", interaction, target=target))
                pending.add(task)
                task.add_done_callback(pending.discard)
                n += 1
                await asyncio.sleep(1 / 40)
            await asyncio.gather(*pending)

        stream = asyncio.create_task(steady_stream())
        try:
            await asyncio.sleep(1.0)
            for replica in range(REPLICAS):
                rotation.remove(replica)  # the load balancer stops sending to it first
                await asyncio.sleep(0.2)
                await workers.processes[replica].stop()  # SIGTERM: drains, flushes, exit 0
                await workers.processes[replica].start()
                rotation.append(replica)
                rotation.sort()
                await asyncio.sleep(0.5)
            stop_sending.set()
            await stream
        finally:
            stop_sending.set()
            await workers.stop()

        assert len(sent) >= 100
        assert result_replies(fake) == len(sent), others(fake)
        answered = answered_roll_ids(fake)
        assert len(answered) == len(sent)
        counts = await logged_entry_counts(database_url)
        assert {roll_id for roll_id in answered if f"{roll_id}.1" in counts} == answered
        assert set(counts.values()) == {1}


async def test_a_gateway_roll_is_amended_by_the_process_that_runs_its_shard_later(
        tmp_path: Path, database_url: str) -> None:
    """Over the gateway a guild's interactions reach one process at a time; when its shard
    moves (a restart, a new shard range), the process that runs it now amends rolls the other
    made, from the shared database."""
    async with FakeDiscord() as fake:
        first = BotProcess(fake, tmp_path / "a", database_url)
        second = BotProcess(fake, tmp_path / "b", database_url)
        for process in (first, second):
            process.cwd.mkdir(parents=True, exist_ok=True)
        await first.start()
        roller = PLAYERS[0]
        interaction = slash_command("roll", {"pool": "a1d20+5, 2d6+3"}, user=roller)
        await fake.dispatch("INTERACTION_CREATE", interaction)
        await fake.wait_for_interaction_response(interaction, timeout=10)
        await first.stop()

        await second.start()
        try:
            message = fake.original_message(interaction)
            roll_id = str(message["embeds"][0]["footer"]["text"]).rsplit("roll ", 1)[1]
            clicked = await fake.click(custom_id_of(message, "Add Plot Die"), user=roller)
            update = await fake.wait_for_interaction_response(clicked, timeout=10)
            assert update["type"] == 7
            assert "`p`" in update["data"]["embeds"][0]["description"]
        finally:
            await second.stop()
        counts = await logged_entry_counts(database_url)
        assert counts[f"{roll_id}.1"] == 1
        assert counts[f"{roll_id}.2"] == 1
