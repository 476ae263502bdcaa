"""One user's /odds must not stall everyone: the chart is drawn in a worker process, and when
the workers' queue is full the user is told politely to try again."""

from __future__ import annotations

import asyncio
import resource
import time

from tests.e2e.fake_discord import FakeDiscord, JsonObject, make_user, slash_command
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.waiting import NeverHappenedError, until

WORST = ", ".join(["a" * 20 + "20d1000+1000", "d" * 20 + "20d999-5", "20d998",
                   "ad" * 10 + "20d997", "a20d996"])
PLAYERS = [make_user(f"52345678901234567{n}", f"player{n}") for n in range(4)]
"""The other players at the table (20 rolls a second between them, within each one's limit)."""
ODDS_AT_ONCE = 20
ROLLS = 40
ROLL_EVERY = 0.05
ROLL_DEADLINE = 2.5  # Discord's 3 s, with room for the fake's own work
EPHEMERAL = 1 << 6


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def timed_roll(fake: FakeDiscord, n: int) -> float:
    interaction = slash_command("roll", {"pool": f"1d20+{n + 1}"}, user=PLAYERS[n % len(PLAYERS)])
    started = time.perf_counter()
    await fake.dispatch("INTERACTION_CREATE", interaction)
    body = await fake.wait_for_interaction_response(interaction)
    assert f"`1d20+{n + 1}`" in embed_of(body)["description"]
    return time.perf_counter() - started


async def roll_stream(fake: FakeDiscord) -> list[float]:
    waits = []
    for n in range(ROLLS):
        waits.append(asyncio.ensure_future(timed_roll(fake, n)))
        await asyncio.sleep(ROLL_EVERY)
    return list(await asyncio.gather(*waits))


async def odds_outcome(fake: FakeDiscord, interaction: JsonObject) -> str:
    """``chart`` when the odds and their chart were posted, ``busy`` when refused politely."""
    await fake.dispatch("INTERACTION_CREATE", interaction)
    body = await fake.wait_for_interaction_response(interaction)
    if body["type"] == 4 and body["data"].get("flags", 0) & EPHEMERAL:
        return "busy" if "try again" in body["data"]["content"] else body["data"]["content"]

    def outcome() -> str | None:
        message = fake.original_message(interaction)
        if message.get("embeds"):
            return "chart" if message["attachments"] else "no chart"
        return None

    try:
        return await until(outcome, timeout=30, what="the odds posted")
    except NeverHappenedError:
        return "never answered"


async def test_worst_case_odds_do_not_stall_other_users_rolls(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    before = rss_mib()
    odds = [slash_command("odds", {"pool": WORST, "dc": 5000}) for _ in range(ODDS_AT_ONCE)]
    outcomes = asyncio.gather(*(odds_outcome(fake_discord, one) for one in odds))
    waits = await roll_stream(fake_discord)
    answered = await outcomes
    assert max(waits) < ROLL_DEADLINE, sorted(waits)[-5:]
    assert set(answered) <= {"chart", "busy"}, answered
    assert answered.count("chart") >= 1
    assert answered.count("busy") >= 1
    assert rss_mib() - before < 200
