"""Load against the real bot: offer /roll interactions (or /attack, or clicks on the messages rolls
were answered with) at a rate (or all at once) through the fake Discord, then read what the fake
received: which were answered within Discord's 3 s, how long each took (from the interaction's
snowflake to the initial response's arrival), and what the answer was (a result, "busy", "slow
down").

Used by the overload tests (``tests/e2e/test_overload.py``) and by ``benchmarks/load.py`` and
``benchmarks/profile.py``.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import statistics
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import (
    FakeDiscord,
    HttpTarget,
    component_click,
    make_user,
    new_snowflake,
    slash_command,
    snowflake_time,
)
from tests.waiting import NeverHappenedError, until

DEADLINE = 3.0
"""Discord's deadline for an interaction's initial response."""

DEFERRALS = (5, 6)
"""Callback types acknowledging now and answering later."""
YIELD_EVERY = 0.02
"""A burst lets the fake's REST routes run every this many seconds: Discord's API takes the
bot's answers while its gateway sends; a fake that only sent would stamp them late itself."""

GUILDS = tuple(str(871111111111111100 + n) for n in range(40))
USERS = tuple(make_user(str(623456789012345600 + n), f"player{n}") for n in range(400))


@contextmanager
def fake_heap_still() -> Iterator[None]:
    """While a burst is offered and settled: the fake's process (this one, the test run's)
    has its heap collected once and frozen, so its garbage collector does not walk it all again
    in the middle (after thousands of tests, a full collection here paused the fake's loop for
    hundreds of milliseconds, and answers arriving meanwhile were stamped late: the fake's
    lateness, not the bot's). What is made during the block is collected as usual; the heap is
    unfrozen after."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def rolls(count: int, *, users: Sequence[JsonObject] = USERS,
          guilds: Sequence[str] = GUILDS, pool: str = "a1d20+5, 2d6+3") -> list[JsonObject]:
    """``count`` /roll interactions, spread over ``users`` and ``guilds``."""
    return [slash_command("roll", {"pool": pool}, user=users[n % len(users)],
                          guild_id=guilds[n % len(guilds)],
                          channel_id=str(881111111111111100 + n % 97))
            for n in range(count)]


async def offer(fake: FakeDiscord, interactions: Sequence[JsonObject],
                rate: float | None = None) -> None:
    """Send ``interactions``, ``rate`` per second (open loop: on schedule whatever the bot
    does), or as fast as the connection takes them when ``rate`` is None."""
    loop = asyncio.get_running_loop()
    start = turn = loop.time()
    for n, interaction in enumerate(interactions):
        if rate is not None:
            delay = start + n / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
        interaction["id"] = new_snowflake()  # created now, as Discord would
        await fake.dispatch("INTERACTION_CREATE", interaction)
        if loop.time() - turn >= YIELD_EVERY:
            await asyncio.sleep(0)
            turn = loop.time()


@dataclass
class LoadReport:
    """What became of the interactions offered."""

    offered: int
    latencies: list[float] = field(default_factory=list)
    """Seconds from creation to the initial response, for each one answered in time."""
    answers: Counter[str] = field(default_factory=Counter)
    """Answers in time by kind: ``result``, ``busy``, ``slow down``, ``deferred`` (the answer
    follows as an edit), ``other``."""
    late: int = 0
    """Interactions whose initial response Discord refused because the 3 s had passed."""

    @property
    def answered(self) -> int:
        """Interactions answered in time (any answer)."""
        return sum(self.answers.values())

    @property
    def unanswered(self) -> int:
        """Interactions that got no initial response at all (dropped by the bot)."""
        return self.offered - self.answered - self.late

    def percentile(self, fraction: float) -> float:
        """The latency below which ``fraction`` of the answers came."""
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=1000, method="inclusive")[
            min(998, max(0, round(fraction * 1000) - 1))]


def report(fake: FakeDiscord, interactions: Sequence[JsonObject], since: int = 0
           ) -> LoadReport:
    """Read from the fake what became of ``interactions`` (from its ``since``-th request on:
    what it received before they were offered need not be read again)."""
    created = {str(i["id"]): snowflake_time(i["id"]) for i in interactions}
    result = LoadReport(offered=len(interactions))
    refused: set[str] = set()
    for request in itertools.islice(fake.requests, since, None):
        if request.method != "POST" or not request.path.endswith("/callback"):
            continue
        interaction_id = request.path.split("/")[2]
        if interaction_id not in created:
            continue
        if request.status is None or not 200 <= request.status < 300:
            if request.status == 404:
                refused.add(interaction_id)
            continue
        result.latencies.append(request.received - created[interaction_id])
        result.answers[_kind(request.body)] += 1
    result.late = len(refused)
    return result


def _kind(body: object) -> str:
    if isinstance(body, dict) and body.get("type") in DEFERRALS:
        return "deferred"
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        return "other"
    if data.get("embeds"):
        return "result"
    content = str(data.get("content", "")).lower()
    for kind in ("busy", "slow down"):
        if kind in content:
            return kind
    return "other"


async def settle(fake: FakeDiscord, interactions: Sequence[JsonObject],
                 margin: float = 1.5, since: int = 0) -> LoadReport:
    """Wait until every interaction was answered, or its deadline and ``margin`` passed
    (``since``: see :func:`report`; a benchmark's phases pass the fake's count of requests
    before they offered theirs, so that asking does not cost more with every phase)."""
    last = max((snowflake_time(i["id"]) for i in interactions), default=time.time())

    def complete() -> LoadReport | None:
        current = report(fake, interactions, since)
        return current if current.answered + current.late == current.offered else None

    try:
        return await until(complete, timeout=max(0.0, last + DEADLINE + margin - time.time()),
                           what="every interaction answered")
    except NeverHappenedError:
        return report(fake, interactions, since)


def attacks(count: int, *, users: Sequence[JsonObject] = USERS,
            guilds: Sequence[str] = GUILDS) -> list[JsonObject]:
    """``count`` raw /attack interactions (a typed test and damage against a defense), spread
    over ``users`` and ``guilds`` as :func:`rolls` spreads its rolls."""
    options: dict[str, str | int] = {"test": "1d20+5", "damage": "2d6", "defense": 15,
                                     "label": "Longsword"}
    return [slash_command("attack", options, user=users[n % len(users)],
                          guild_id=guilds[n % len(guilds)],
                          channel_id=str(881111111111111100 + n % 97))
            for n in range(count)]


def clicks(fake: FakeDiscord, answered: Sequence[JsonObject],
           label: str = "Add Plot Die") -> list[JsonObject]:
    """A click on the button ``label`` of each message that answered one of ``answered`` (by
    its roller; messages without that button, or never sent, are skipped). "Add Plot Die" is
    the roller's where the server lets players raise the stakes: see
    :func:`players_raise_stakes`."""
    found: list[JsonObject] = []
    for interaction in answered:
        try:
            message = fake.original_message(interaction)
        except LookupError:
            continue
        custom_id = next((str(c["custom_id"]) for row in message.get("components") or []
                          for c in row.get("components") or []
                          if str(c.get("label", "")).startswith(label)), None)
        if custom_id is not None:
            found.append(component_click(
                custom_id, message=message, user=interaction["member"]["user"],
                guild_id=interaction["guild_id"], application_id=fake.application_id))
    return found


MANAGER = make_user("623456789012349999", "manager")
"""A member of every server of :data:`GUILDS` who manages it (sets its settings)."""
MANAGER_PERMISSIONS = str(1 << 5 | 1 << 10)
"""Manage Server and View Channel: with no gm-role set, a manager and a GM."""


async def players_raise_stakes(fake: FakeDiscord, guilds: Sequence[str] = GUILDS, *,
                               target: HttpTarget | None = None) -> None:
    """``/settings set players-raise-stakes:true`` by :data:`MANAGER` in each of ``guilds``
    (through ``target`` when the bot takes interactions over HTTP), each answer awaited: the
    roller's "Add Plot Die" (the house rule) that :func:`clicks` clicks."""
    fake.members[str(MANAGER["id"])] = {"permissions": MANAGER_PERMISSIONS}
    for guild in guilds:
        setting = slash_command("settings set", {"players-raise-stakes": True}, user=MANAGER,
                                guild_id=guild)
        await fake.dispatch("INTERACTION_CREATE", setting, target=target)
        answer = json.dumps(await fake.wait_for_interaction_response(setting),
                            ensure_ascii=False)
        if "**players-raise-stakes**: on" not in answer:
            raise AssertionError(f"players-raise-stakes not set in {guild}: {answer}")
