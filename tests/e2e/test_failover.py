"""A replica killed mid-burst behind the real load balancer (HAProxy): two ``nazh serve``
replicas on one PostgreSQL, a stream of /roll and of /attack at a live encounter's boss sent
through HAProxy, replica 0 SIGKILLed in the middle and started again after (as its supervisor
would: it appends what its journal held). Every interaction is answered but those the dead
replica had taken and not answered (HAProxy sent each again to the other replica, whose once
key made it wait for an answer that never came: at most the ones in flight); every roll an
answer showed is in the log exactly once, every chain verifies, and the boss's damage replays
in log order to the health the encounter holds, no attack landing twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from benchmarks.scale import encounter_problems, roll_problems
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.balancer_kit import LoadBalancer, haproxy
from tests.e2e.fake_discord import FakeDiscord, slash_command
from tests.e2e.load import USERS
from tests.e2e.scale_kit import (
    ADVERSARY,
    START_HEALTH,
    WEAPON,
    PooledTarget,
    Replicas,
    Scene,
    Sent,
    answered_rolls,
    kept_encounters,
    logged_entries,
    send,
    settled,
)
from tests.waiting import until

pytestmark = [pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF),
              pytest.mark.skipif(haproxy() is None, reason="HAProxy is not installed "
                                 "(Debian's haproxy; scripts/test installs it)")]

INTERACTIONS = 240
IN_FLIGHT = 8
KILL_AFTER = 80


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    admin_url = postgres_admin_url()
    assert admin_url is not None
    async with scratch_postgres(admin_url) as url:
        yield url


async def test_a_replica_killed_mid_burst_loses_no_answered_roll_and_no_encounter_change(
        tmp_path: Path, database_url: str) -> None:
    key = SigningKey.generate()
    async with FakeDiscord(strict=False) as fake:
        replicas = Replicas(fake, tmp_path, database_url, 2, key, NAZH_DEV_GUILDS="")
        await replicas.start()
        try:
            async with LoadBalancer(tmp_path, replicas.ports) as balancer:
                target = PooledTarget(balancer.url, key)
                try:
                    sent = await burst(fake, target, replicas)
                finally:
                    await target.close()
            await replicas.restart(0)  # it appends what its journal held
            await settled(replicas)
        finally:
            await replicas.stop()

    unanswered = [s for s in sent if s.answer is None]
    assert len(unanswered) <= IN_FLIGHT, [target.statuses.get(str(s.payload["id"]))
                                          for s in unanswered]
    assert len(sent) - len(unanswered) >= INTERACTIONS - IN_FLIGHT
    counts, broken = await logged_entries(database_url)
    answered = answered_rolls(sent, fake)
    assert len(answered) >= INTERACTIONS - IN_FLIGHT
    assert roll_problems(answered, counts, broken) == []
    health, applications = await kept_encounters(database_url)
    assert applications, "no attack landed"
    assert encounter_problems(START_HEALTH, applications, health) == []


async def burst(fake: FakeDiscord, target: PooledTarget, replicas: Replicas) -> list[Sent]:
    """The stream of interactions, replica 0 killed once ``KILL_AFTER`` were answered."""
    scene = Scene.make(0)
    await scene.set_up(fake, target)
    sent: list[Sent] = []
    turns = asyncio.Semaphore(IN_FLIGHT)

    async def one(n: int) -> None:
        async with turns:
            if n % 4 == 0:
                player = scene.players[n // 4 % len(scene.players)]
                payload = scene.slash("attack", player, weapon=WEAPON, target=ADVERSARY)
            else:
                payload = slash_command("roll", {"pool": "a1d20+5, 2d6"},
                                        user=USERS[n % len(USERS)], guild_id=scene.guild_id,
                                        channel_id=str(885000000000000000 + n % 7))
            sent.append(await send(fake, target, "attack" if n % 4 == 0 else "roll",
                                   payload))

    async def kill() -> None:
        await until(lambda: len(sent) >= KILL_AFTER, timeout=60, what="the burst under way")
        await replicas.processes[0].kill()

    await asyncio.gather(kill(), *(one(n) for n in range(INTERACTIONS)))
    return sent
