"""Nazh scaled out on loopback, for the failover test and ``benchmarks/scale.py``: ``nazh serve``
replicas on one PostgreSQL behind HAProxy (:mod:`tests.e2e.balancer_kit`), the fake Discord
signing each interaction and POSTing it through the balancer on kept-alive connections, the
scenes a table plays in (an encounter, a request card), and what the database kept of it all."""

from __future__ import annotations

import copy
import json
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from nacl.signing import SigningKey
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.request_tables import requests
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.tables import encounter_log, encounters, roll_log
from nazh.application.log.chain import verify_chain
from nazh.application.shared.json_types import JsonMapping, JsonObject
from tests.e2e.bot_process import BotProcess
from tests.e2e.card_kit import card_controls, card_custom_id, card_text, is_card
from tests.e2e.fake_discord import (
    FakeDiscord,
    HttpTarget,
    component_click,
    make_user,
    new_snowflake,
    slash_command,
)
from tests.e2e.fake_discord.http_client import HttpReply, _read
from tests.local_http import free_port
from tests.waiting import until

MANAGE_SERVER = 1 << 5 | 1 << 10
"""Manage Server and View Channel: with no GM role set, a GM."""
START_HEALTH = 999
"""The adversary's health (the most a combatant may have): many attacks before it falls."""
ADVERSARY = "Szeth"
WEAPON = "Spear"


class PooledTarget(HttpTarget):
    """The balancer's ``/interactions``, POSTed to on one session's kept-alive connections
    (Discord's side does not open a connection per interaction, and here its CPU is the
    machine's)."""

    def __init__(self, url: str, key: SigningKey) -> None:
        super().__init__(url, key)
        self._session: aiohttp.ClientSession | None = None
        self.statuses: dict[str, int] = {}
        """The balancer's HTTP status for each interaction id POSTed."""

    async def post(self, payload: JsonMapping, *, body: bytes | None = None,
                   headers: Mapping[str, str] | None = None) -> HttpReply:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=15),
                connector=aiohttp.TCPConnector(limit=0, force_close=False))
        raw = json.dumps(dict(payload)).encode() if body is None else body
        sent = dict(self.signed_headers(raw)) if headers is None else dict(headers)
        async with self._session.post(self.url, data=raw, headers=sent) as response:
            reply = await _read(response)
        self.statuses[str(payload.get("id"))] = reply.status
        return reply

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class Replicas:
    """``nazh serve`` workers on one database and one application key, each on its own port
    and data directory (its journal), started one after the other (the first migrates)."""

    def __init__(self, fake: FakeDiscord, directory: Path, database_url: str, count: int,
                 key: SigningKey, **settings: str) -> None:
        public_key = bytes(key.verify_key).hex()
        self.ports = [free_port() for _ in range(count)]
        self.processes = [self._process(fake, directory / f"replica{n}", database_url, port,
                                        public_key, settings)
                          for n, port in enumerate(self.ports)]

    @staticmethod
    def _process(fake: FakeDiscord, directory: Path, database_url: str, port: int,
                 public_key: str, settings: Mapping[str, str]) -> BotProcess:
        directory.mkdir(parents=True, exist_ok=True)
        return BotProcess(fake, directory, database_url, command="serve",
                          DISCORD_PUBLIC_KEY=public_key, NAZH_HTTP_HOST="127.0.0.1",
                          NAZH_HTTP_PORT=str(port), NAZH_ANSWER_BUDGET_SECONDS="3",
                          **settings)

    async def start(self) -> None:
        for process in self.processes:
            await process.start()

    async def restart(self, index: int) -> None:
        """Start replica ``index`` again after it died (its journal is recovered at start)."""
        old = self.processes[index]
        again = BotProcess(old.fake, old.cwd, old.env["NAZH_DATABASE_URL"], command="serve")
        again.env = dict(old.env)
        self.processes[index] = again
        await again.start()

    async def stop(self) -> None:
        for process in self.processes:
            if process.process is not None and process.process.returncode is None:
                await process.stop()

    async def handled(self) -> list[float]:
        """The interactions each replica has handled (its ``nazh_interactions_total``)."""
        counts = []
        async with aiohttp.ClientSession() as session:
            for port in self.ports:
                async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                    text = await response.text()
                counts.append(sum(sample.value for family in text_string_to_metric_families(text)
                                  for sample in family.samples
                                  if sample.name == "nazh_interactions_total"))
        return counts

    async def waiting(self) -> float:
        """Records durable in the replicas' journals, not yet in the database."""
        total = 0.0
        async with aiohttp.ClientSession() as session:
            for port in self.ports:
                async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                    text = await response.text()
                total += sum(sample.value for family in text_string_to_metric_families(text)
                             for sample in family.samples
                             if sample.name == "nazh_roll_log_waiting")
        return total


@dataclass
class Sent:
    """One interaction sent through the balancer and what became of it."""

    kind: str
    payload: JsonObject
    seconds: float
    answer: JsonObject | None
    """The initial response the fake recorded (``None``: refused, or no answer)."""


async def send(fake: FakeDiscord, target: HttpTarget, kind: str,
               payload: JsonObject) -> Sent:
    """POST ``payload`` through ``target`` as Discord would; how long the answer took."""
    started = time.perf_counter()
    try:
        await fake.dispatch("INTERACTION_CREATE", payload, target=target)
    except (aiohttp.ClientError, TimeoutError):
        return Sent(kind, payload, time.perf_counter() - started, None)
    return Sent(kind, payload, time.perf_counter() - started, fake.interaction_response(payload))


async def answered(fake: FakeDiscord, target: PooledTarget, payload: JsonObject,
                   attempts: int = 3) -> Sent:
    """``payload`` sent until it is answered (as its user would send it again), at most
    ``attempts`` times."""
    for _ in range(attempts):
        payload = {**copy.deepcopy(payload), "id": new_snowflake(),
                   "token": f"aW50ZXJhY3Rpb246{new_snowflake()}{secrets.token_urlsafe(48)}"}
        sent = await send(fake, target, "setup", payload)
        if sent.answer is not None:
            return sent
    raise AssertionError(f"not answered ({target.statuses.get(str(payload['id']))}): "
                         f"{payload['data']}")


@dataclass
class Scene:
    """A table in its own server and channel: a GM, players with characters in a live
    encounter against one adversary, and the request card the GM posted last."""

    number: int
    guild_id: str
    channel_id: str
    gm: JsonObject
    players: list[JsonObject]
    request_card: str | None = None
    rolled: set[str] = field(default_factory=set)
    """The players who rolled on the current request card."""

    @classmethod
    def make(cls, number: int, players: int = 3) -> Scene:
        guild = str(881000000000000000 + number)
        return cls(number, guild, str(882000000000000000 + number),
                   make_user(str(883000000000000000 + number), f"gm{number}"),
                   [make_user(str(884000000000000000 + number * 100 + n), f"p{number}x{n}")
                    for n in range(players)])

    def slash(self, command: str, user: JsonObject, /,
              **options: str | int | bool) -> JsonObject:
        return slash_command(command, options or None, user=user, guild_id=self.guild_id,
                             channel_id=self.channel_id)

    def click(self, fake: FakeDiscord, message: JsonObject, label: str,
              user: JsonObject) -> JsonObject:
        return component_click(card_custom_id(message, label), 2, None,
                               message=copy.deepcopy(message), user=user,
                               guild_id=self.guild_id, application_id=fake.application_id)

    async def set_up(self, fake: FakeDiscord, target: PooledTarget) -> None:
        """Characters, the encounter, its adversary, every player joined, a request card."""
        fake.members[str(self.gm["id"])] = {"permissions": str(MANAGE_SERVER)}
        steps = [self.slash("encounter start", self.gm, name=f"Table {self.number}"),
                 self.slash("encounter add", self.gm, name=ADVERSARY, health=START_HEALTH,
                            role="boss")]
        for n, player in enumerate(self.players):
            steps += [self.slash("character new", player, name=f"Hero{n}"),
                      self.slash("character weapon", player, name=WEAPON,
                                 skill="light-weaponry", damage="1d8", type="keen"),
                      self.slash("encounter join", player)]
        for step in steps:
            await answered(fake, target, step)
        await self.ask(fake, target)

    async def ask(self, fake: FakeDiscord, target: HttpTarget) -> Sent:
        """The GM posts a new request card; the players may each roll on it once."""
        before = self.request_card
        sent = await send(fake, target, "request",
                          self.slash("request", self.gm, skill="Perception", dc=10))
        if sent.answer is not None:
            self.request_card = await until(lambda: self._newest_request(fake, before),
                                            timeout=10, what="the request card posted")
            self.rolled = set()
        return sent

    def _newest_request(self, fake: FakeDiscord, before: str | None) -> str | None:
        found = [str(m["id"]) for m in fake.messages
                 if str(m.get("channel_id")) == self.channel_id and is_card(m)
                 and "interaction_metadata" not in m and "📣" in card_text(m)]
        return found[-1] if found and found[-1] != before else None

    def live_card(self, fake: FakeDiscord) -> JsonObject | None:
        found = [m for m in fake.messages
                 if str(m.get("channel_id")) == self.channel_id and is_card(m)
                 and "interaction_metadata" not in m and "⚔️" in card_text(m)
                 and card_controls(m)]
        return found[-1] if found else None


@dataclass(frozen=True, slots=True)
class Application:
    """One damage application the encounter log kept (oldest first)."""

    encounter_id: str
    combatant: str
    before: int
    after: int
    applied: int
    roll_id: str | None


async def logged_entries(database_url: str) -> tuple[dict[str, int], list[str]]:
    """How often each entry id is in the roll log, and the chains that do not verify."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(roll_log.c.entry_id, func.count()).group_by(roll_log.c.entry_id))
            counts = {str(entry): int(count) for entry, count in rows}
        log = SqlRollLog(engine)
        broken = []
        for channel in await log.channels():
            verdict = verify_chain(channel, await log.chain(channel), await log.head(channel))
            if not verdict.intact:
                broken.append(str(channel))
        return counts, broken
    finally:
        await engine.dispose()


async def kept_encounters(database_url: str
                          ) -> tuple[dict[str, dict[str, int]], list[Application]]:
    """Each encounter's combatants' health now, and every damage application its log kept."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            health: dict[str, dict[str, int]] = {}
            for encounter_id, document in await connection.execute(
                    select(encounters.c.encounter_id, encounters.c.document)):
                kept = document if isinstance(document, dict) else json.loads(document)
                health[str(encounter_id)] = _health_of(kept)
            applications = [
                Application(str(encounter_id), str(combatant), int(a["before"]),
                            int(a["after"]), int(a["applied"]), a.get("roll_id"))
                for encounter_id, combatant, applied in await connection.execute(
                    select(encounter_log.c.encounter_id, encounter_log.c.combatant,
                           encounter_log.c.applied)
                    .where(encounter_log.c.kind == "damage-taken")
                    .order_by(encounter_log.c.id))
                for a in [applied if isinstance(applied, dict) else json.loads(applied)]]
        return health, applications
    finally:
        await engine.dispose()


def _health_of(document: JsonMapping) -> dict[str, int]:
    combatants = document.get("combatants") or []
    assert isinstance(combatants, list)
    return {str(c["name"]): int(c["health"]) for c in combatants
            if isinstance(c, dict) and c.get("health") is not None}


async def request_results(database_url: str) -> dict[str, list[str]]:
    """The roll ids of every request's results."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            found: dict[str, list[str]] = {}
            for request_id, document in await connection.execute(
                    select(requests.c.request_id, requests.c.document)):
                kept = document if isinstance(document, dict) else json.loads(document)
                found[str(request_id)] = [str(r["outcome"]["roll"])
                                          for r in kept.get("results") or []
                                          if r.get("outcome")]
        return found
    finally:
        await engine.dispose()


async def settled(replicas: Replicas, timeout: float = 30.0) -> None:
    """Until every replica's journal has reached the database."""
    async def empty() -> bool:
        return await replicas.waiting() == 0
    await until(empty, timeout=timeout, what="the replicas' journals in the database",
                every=0.2)


DEFERRED_MESSAGE = 5


def answered_rolls(sent: Sequence[Sent], fake: FakeDiscord) -> set[str]:
    """The roll ids the answers showed (an embed's footer: ``... roll <id>``), in the reply
    or, where the replica deferred, in the message it became."""
    ids = set()
    for item in sent:
        data = (item.answer or {}).get("data") or {}
        if (item.answer or {}).get("type") == DEFERRED_MESSAGE:
            try:
                data = fake.original_message(item.payload)
            except LookupError:
                continue
        for embed in data.get("embeds") or []:
            footer = str((embed.get("footer") or {}).get("text", ""))
            if " roll " in f" {footer}":
                ids.add(footer.rsplit("roll ", 1)[1])
    return ids
