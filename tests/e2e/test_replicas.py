"""Replicas on one PostgreSQL, as real processes: three ``nazh serve`` workers behind one
"load balancer" (the fake Discord POSTs each interaction to one of them).

- 510 rolls made concurrently in ONE channel, spread over the three: every one answered, and the
  channel's hash chain stays a single line (seq 1..510, each record linked to the one before,
  no fork, no gap, no duplicate); ``nazh log verify`` passes.
- A roll made on one replica is amended (Add Plot Die) through another.
- A rolling restart (each replica taken out of rotation, stopped with SIGTERM, started again,
  put back) under a steady stream of rolls: every interaction answered, every answered roll in
  the log exactly once.
- One signed POST reaching two workers (a replay, a retry): rolled once, both replies the same.
- The roller's Add Plot Die reaching two workers 0 to 200 ms apart (a double click split by the
  load balancer), one of them the worker that made the roll: one change is made, and the face
  shown in the one successful answer is the face in the log; the other click is refused. These
  workers run in this process (the real bot, each its own container), so their dice are
  scripted: each worker's plot die shows its own face.

Gateway replicas split the shards instead (``tests/e2e/test_sharding.py``): a guild's
interactions reach one process, so a channel is never written by two at once.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import itertools
import json
import os
import re
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from nacl.signing import SigningKey
from redis.asyncio import Redis
from sqlalchemy import select

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.tables import handled_interactions, roll_log
from nazh.application.shared.json_types import JsonObject
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import (
    FakeDiscord,
    HttpTarget,
    component_click,
    make_user,
    slash_command,
)
from tests.e2e.fake_discord.payloads import DEFAULT_GUILD_ID
from tests.e2e.harness import (
    NazhUnderTest,
    components_of,
    custom_id_of,
    embed_of,
    final_answer,
)
from tests.e2e.load import players_raise_stakes
from tests.e2e.log_kit import answered_roll_ids, logged_entry_counts, nazh_log_verify, workers_here
from tests.local_http import free_port
from tests.waiting import until

ONE_SERVER = (DEFAULT_GUILD_ID,)
"""The server these tests roll in (its house rule set for them)."""

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


async def post_all(fake: FakeDiscord, make: Callable[[int], JsonObject], count: int,
                   targets: Sequence[HttpTarget]) -> list[JsonObject]:
    """Make ``count`` interactions (each when its turn comes: Discord stamps an interaction
    when it sends it) and POST them round-robin over ``targets``, ``IN_FLIGHT`` at a time."""
    turns = asyncio.Semaphore(IN_FLIGHT)
    made: list[JsonObject] = [{} for _ in range(count)]

    async def post(n: int) -> None:
        async with turns:
            made[n] = make(n)
            await fake.dispatch("INTERACTION_CREATE", made[n],
                                target=targets[n % len(targets)])

    await asyncio.gather(*(post(n) for n in range(count)))
    return made


async def results_answered(fake: FakeDiscord, interactions: Sequence[JsonObject]) -> int:
    """How many of ``interactions`` were answered with a result: in the reply, or, where the
    replica deferred (its work past 2 s on a loaded machine), in the message it became."""
    answered = 0
    for interaction in interactions:
        body = await fake.wait_for_interaction_response(interaction)
        if (await final_answer(fake, interaction, body)).get("embeds"):
            answered += 1
    return answered


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
            await players_raise_stakes(fake, ONE_SERVER, target=workers.targets[0])
            interactions = await post_all(
                fake, lambda n: slash_command("roll", {"pool": f"a1d20+{n % 9}, 2d6"},
                                              channel_id=CHANNEL,
                                              user=PLAYERS[n % len(PLAYERS)]),
                CONCURRENT_ROLLS, workers.targets)
            assert await results_answered(fake, interactions) == CONCURRENT_ROLLS, others(fake)
            answered = answered_roll_ids(fake)
            assert len(answered) == CONCURRENT_ROLLS

            # a roll made on replica 0 gets its plot die through replica 1
            first = interactions[0]
            message = fake.original_message(first)
            fake.http_target = workers.targets[1]
            clicked = await fake.click(custom_id_of(message, "Add Plot Die"),
                                       user=first["member"]["user"])
            update = await fake.wait_for_interaction_response(clicked)
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
        sent: list[JsonObject] = []
        stop_sending = asyncio.Event()
        dispatched: list[asyncio.Task[None]] = []
        in_flight: list[set[asyncio.Task[None]]] = [set() for _ in range(REPLICAS)]
        replied = [0] * REPLICAS  # the POSTs each replica answered

        def finished(replica: int, task: asyncio.Task[None]) -> None:
            in_flight[replica].discard(task)
            if not task.cancelled() and task.exception() is None:
                replied[replica] += 1

        async def steady_stream() -> None:
            n = 0
            while not stop_sending.is_set():
                interaction = slash_command("roll", {"pool": f"1d20+{n % 7}"},
                                            channel_id=str(int(CHANNEL) + n % 3),
                                            user=PLAYERS[n % len(PLAYERS)])
                sent.append(interaction)
                replica = rotation[n % len(rotation)]
                task = asyncio.create_task(fake.dispatch("INTERACTION_CREATE", interaction,
                                                         target=workers.targets[replica]))
                dispatched.append(task)
                in_flight[replica].add(task)
                task.add_done_callback(functools.partial(finished, replica))
                n += 1
                await asyncio.sleep(1 / 40)
            await asyncio.gather(*dispatched)

        stream = asyncio.create_task(steady_stream())
        try:
            await until(lambda: all(replied), what="every replica answering the stream")
            for replica in range(REPLICAS):
                rotation.remove(replica)  # the load balancer stops sending to it first
                await until(lambda: not in_flight[replica],  # noqa: B023 (awaited at once)
                            what=f"the POSTs already sent to replica {replica} answered")
                await workers.processes[replica].stop()  # SIGTERM: drains, flushes, exit 0
                await workers.processes[replica].start()
                before = replied[replica]
                rotation.append(replica)
                rotation.sort()
                await until(lambda: replied[replica] > before,  # noqa: B023 (awaited at once)
                            what=f"replica {replica} answering again after its restart")
            stop_sending.set()
            await stream
        finally:
            stop_sending.set()
            await workers.stop()

        assert len(sent) >= 100
        assert await results_answered(fake, sent) == len(sent), others(fake)
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
        await players_raise_stakes(fake, ONE_SERVER)
        interaction = slash_command("roll", {"pool": "a1d20+5, 2d6+3"}, user=roller)
        await fake.dispatch("INTERACTION_CREATE", interaction)
        await fake.wait_for_interaction_response(interaction)
        await first.stop()

        await second.start()
        try:
            message = fake.original_message(interaction)
            roll_id = str(message["embeds"][0]["footer"]["text"]).rsplit("roll ", 1)[1]
            clicked = await fake.click(custom_id_of(message, "Add Plot Die"), user=roller)
            update = await fake.wait_for_interaction_response(clicked)
            assert update["type"] == 7
            assert "`p`" in update["data"]["embeds"][0]["description"]
        finally:
            await second.stop()
        counts = await logged_entry_counts(database_url)
        assert counts[f"{roll_id}.1"] == 1
        assert counts[f"{roll_id}.2"] == 1


# -- in this process: scripted dice ------------------------------------------------------------

MESSAGE_UPDATE = 7
EPHEMERAL = 1 << 6
ROLLER = PLAYERS[0]


REDIS_URL = os.environ.get("NAZH_TEST_REDIS_URL")


@pytest.mark.parametrize("ledger", [
    "postgresql",
    pytest.param("redis", marks=pytest.mark.skipif(REDIS_URL is None,
                                                   reason="NAZH_TEST_REDIS_URL unset")),
])
async def test_one_post_reaching_two_workers_is_rolled_once(
        tmp_path: Path, database_url: str, ledger: str) -> None:
    """The workers claim the interaction in PostgreSQL, or in Redis when it is set."""
    redis = {"NAZH_REDIS_URL": REDIS_URL or ""} if ledger == "redis" else {}
    async with FakeDiscord() as fake, \
            workers_here(fake, tmp_path, database_url, 2, **redis) as workers:
        payload = slash_command("roll", {"pool": "a1d20+2, 2d8"}, channel_id=CHANNEL)
        fake.state.resolve_command(payload)
        fake.state.register_interaction(payload)
        body = json.dumps(payload).encode()
        headers = workers[0].target.signed_headers(body)
        replies = [*await asyncio.gather(
            fake.post_interaction(payload, body=body, headers=headers,
                                  target=workers[0].target),
            workers[1].target.post(payload, body=body, headers=headers)),
            await workers[1].target.post(payload, body=body, headers=headers)]
        assert replies[0].status == 200
        assert "`a1d20+2`" in embed_of(replies[0].body)["description"]
        for reply in replies[1:]:
            assert (reply.status, reply.content_type, reply.text) == (
                replies[0].status, replies[0].content_type, replies[0].text)
    counts = await logged_entry_counts(database_url)
    assert list(counts.values()) == [1]
    assert next(iter(counts)).endswith(".1")
    assert await claimed_in(ledger, database_url, int(payload["id"]))


async def claimed_in(ledger: str, database_url: str, interaction_id: int) -> bool:
    """Whether the interaction's claim, with its kept answer, is in ``ledger``."""
    if ledger == "redis":
        client: Redis = Redis.from_url(REDIS_URL or "")
        try:
            return bool(await client.get(f"nazh:interaction:{interaction_id}"))
        finally:
            await client.aclose()
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            status = (await connection.execute(
                select(handled_interactions.c.status)
                .where(handled_interactions.c.interaction_id == interaction_id))).scalar()
        return status == 200
    finally:
        await engine.dispose()


FACES = (1, 6, 2)
"""Each worker's plot die (worker n shows FACES[n]): Complication +2, Opportunity,
Complication +4."""


def plot_face_shown(update: JsonObject) -> int:
    """The plot face the updated message shows (its plot pool's row: ``| `p` | [**6**]``,
    ``| `ap` | [*1*↑(6)]``: the face kept first)."""
    description = embed_of(update)["description"]
    shown = re.search(r"\| `[ad]?p` \| \[[*_]*(\d+)", description)
    assert shown is not None, description
    return int(shown.group(1))


@dataclass(frozen=True, slots=True)
class Change:
    """A change of a roll two clicks make at once: the roll, and what each click shows and
    logs when it wins (``click``: 0 for the first, 1 for the second; ``worker``: its worker)."""

    pool: str
    labels: tuple[str, str]
    """The buttons clicked first and second."""
    refusals: tuple[str, ...]
    """What the losing click may be told: it read the roll before the winning change (changed
    meanwhile) or after it."""

    def shown(self, worker: int, click: int) -> int:
        """The plot face the winning click shows."""
        return FACES[worker] if self.labels[0] == "Add Plot Die" else CHOICE[click]

    def logged(self, worker: int, click: int) -> JsonObject:
        """The plot die in the log's version 2."""
        if self.labels[0] == "Add Plot Die":
            return {"faces": [FACES[worker]], "kept": 0}
        return {"faces": list(CHOICE), "kept": click}


CHOICE = (1, 6)
"""The two faces of the ``ap`` plot die the roller chooses from."""
CHANGES = {
    "add plot die": Change("1d20+5", ("Add Plot Die", "Add Plot Die"),
                           ("this roll was changed meanwhile",
                            "this roll already has a plot die")),
    "keep a face": Change("1d20+5, ap", ("Keep", "Keep#2"),
                          ("this roll was changed meanwhile",
                           "the plot die's face was already chosen")),
}


def button(message: JsonObject, label: str) -> str:
    """The custom id of the button ``label`` (``Keep#2``: the second starting with Keep)."""
    name, _, nth = label.partition("#")
    matching = [str(c["custom_id"]) for c in components_of(message)
                if str(c.get("label", "")).startswith(name)]
    return matching[int(nth or 1) - 1]


@pytest.mark.parametrize("apart_ms", [0, 20, 50, 200])
@pytest.mark.parametrize("order", [(1, 0), (0, 1)], ids=["another worker first",
                                                         "the roll's worker first"])
@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
async def test_a_double_click_split_over_two_workers_makes_one_change(
        tmp_path: Path, database_url: str, change: Change, order: tuple[int, int],
        apart_ms: int) -> None:
    """Worker 0 made the roll (it keeps it in memory); the clicks reach workers ``order``."""
    async with FakeDiscord() as fake, workers_here(fake, tmp_path, database_url, 3) as workers:
        await players_raise_stakes(fake, ONE_SERVER, target=workers[0].target)
        workers[0].dice.script(20, 11).script(6, *CHOICE[:change.pool.count("ap") * 2])
        for worker, face in zip(workers, FACES, strict=True):
            worker.dice.script(6, face)
        made = slash_command("roll", {"pool": change.pool}, channel_id=CHANNEL, user=ROLLER)
        await fake.dispatch("INTERACTION_CREATE", made, target=workers[0].target)
        message = fake.original_message(made)
        roll_id = str(message["embeds"][0]["footer"]["text"]).rsplit("roll ", 1)[1]
        await flushed(workers[:1])  # the roll is in the log: any worker finds it

        async def click(nth: int) -> JsonObject:
            await asyncio.sleep(nth * apart_ms / 1000)
            payload = component_click(button(message, change.labels[nth]), 2, None,
                                      message=copy.deepcopy(message), user=ROLLER,
                                      guild_id=message.get("guild_id"),
                                      application_id=fake.application_id)
            await fake.dispatch("INTERACTION_CREATE", payload,
                                target=workers[order[nth]].target)
            return await fake.wait_for_interaction_response(payload)

        answers = await asyncio.gather(click(0), click(1))
        await flushed(workers)

    won = [(nth, answer) for nth, answer in enumerate(answers)
           if answer["type"] == MESSAGE_UPDATE]
    lost = [answer["data"] for answer in answers if answer["type"] != MESSAGE_UPDATE]
    assert len(won) == 1, answers
    assert len(lost) == 1, answers
    assert lost[0]["flags"] & EPHEMERAL
    assert any(refusal in lost[0]["content"] for refusal in change.refusals), lost[0]
    nth, update = won[0]
    assert plot_face_shown(update) == change.shown(order[nth], nth)
    logged = await logged_versions(database_url, roll_id)
    assert [version for version, _ in logged] == [1, 2]
    assert logged[1][1]["plot"] == change.logged(order[nth], nth)


async def flushed(workers: Sequence[NazhUnderTest]) -> None:
    for worker in workers:
        assert worker.container is not None
        assert await worker.container.storage.writer().flush(5)


async def logged_versions(database_url: str, roll_id: str) -> list[tuple[int, JsonObject]]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(roll_log.c.version, roll_log.c.result)
                .where(roll_log.c.roll_id == roll_id).order_by(roll_log.c.version))
            return [(int(version), dict(result)) for version, result in rows]
    finally:
        await engine.dispose()
