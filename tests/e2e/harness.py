"""The real Nazh bot, built by the same bootstrap as ``nazh run``, against the fake Discord."""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers

from nazh.adapters.config.environment import Config, load_config
from nazh.adapters.crypto.ed25519 import new_key
from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.gateway.app import GatewayApp
from nazh.adapters.discord.http.app import HttpApp
from nazh.adapters.http.sidecar import Sidecar
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.storage.database import UnsupportedDatabaseError, create_engine, sqlite_url
from nazh.adapters.storage.integrity import sqlite_path
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.workers.odds import ProcessOddsWorker
from nazh.application.admission.gate import BUSY
from nazh.composition.containers import Container
from nazh.composition.serving import bot_container, start_services, stop_services
from tests.e2e.fake_discord import (
    ANSWER_WAIT,
    DEFAULT_GUILD_ID,
    FakeDiscord,
    HttpTarget,
    JsonObject,
    UploadedFile,
    slash_command,
)
from tests.fakes import ScriptedDice
from tests.waiting import until

SEED = 7
DEFERRED_MESSAGE = 5
DEFERRED_UPDATE = 6
UPDATE_MESSAGE = 7
CHANNEL_MESSAGE = 4


SHED = ("expired", "dropped", "busy")
"""The outcomes of an interaction the bot's admission shed (``nazh_interactions_total``)."""
TRANSPORTS = ("gateway", "http")
SIGNING_SEED, SIGNING_PUBLIC = new_key()
"""The key the ``signed_nazh`` bots sign their checkpoints with (a checkpoint every record)."""
gateway_only = pytest.mark.parametrize("nazh", ["gateway"], indirect=True)
"""For a test of what only the gateway has: its connection, shards, guild cache."""


class NazhUnderTest:
    """Starts, restarts and stops the bot; sends commands and reads what users see.

    ``transport``: ``gateway`` (``nazh run``: interactions are dispatched on the fake's gateway)
    or ``http`` (``nazh serve``: the fake signs each interaction and POSTs it to the bot's
    ``/interactions``, then records the reply as the interaction's callback).
    """

    def __init__(self, fake: FakeDiscord, data_dir: Path,
                 configure: Callable[[Container], None] | None = None,
                 transport: str = "gateway", **settings: str) -> None:
        self.fake = fake
        self.data_dir = data_dir
        self.configure = configure
        self.transport = transport
        self.extra = settings
        self.container: Container | None = None
        self.app: GatewayApp | HttpApp | None = None
        self.sidecar: Sidecar | None = None
        self.odds_workers: providers.Resource[None] | None = None
        self.target = HttpTarget("http://127.0.0.1:0/interactions")
        self.dice = ScriptedDice(SeededRandomSource(SEED))
        """The bot's dice: ``nazh.dice.script(20, 18)`` forces the next d20."""

    def settings(self) -> Config:
        """The settings ``nazh run`` would read from the environment."""
        values = {
            "DISCORD_TOKEN": self.fake.token,
            "NAZH_DISCORD_API_URL": self.fake.rest_url,
            "NAZH_DEV_GUILDS": DEFAULT_GUILD_ID,
            "NAZH_RNG": "seeded",
            "NAZH_RNG_SEED": str(SEED),
            "APP_ENV": "test",
            "NAZH_HTTP_PORT": "0",
            "GIT_COMMIT": "0123456789abcdef",
            "NAZH_DATA_DIR": str(self.data_dir),
            "DISCORD_PUBLIC_KEY": self.target.public_key,
            "NAZH_ATTACHMENT_HOSTS": self.fake.attachment_origin,
            **self.extra,
        }
        return load_config(values, env_file=None)

    async def start(self) -> None:
        """Build the app through the composition root and connect it."""
        settings = self.settings()
        await _from_migrated_log(settings.database_url)
        self.container = bot_container(settings, self.transport)
        self.container.basics.dice.override(providers.Object(self.dice))
        service = self.container.service
        self.odds_workers = providers.Resource(unwarmed, service.odds_worker)
        service.odds_workers.override(self.odds_workers)
        if self.configure is not None:
            self.configure(self.container)
        await start_services(self.container)
        self.sidecar = self.container.sidecar()
        if self.transport == "http":
            self.app = self.container.discord.http()
            await self.app.start()
            self.target.url = f"{self.sidecar.url}/interactions"
            self.fake.http_target = self.target
            return
        self.app = self.container.discord.gateway()
        ready_before = self.fake.identify_count
        await self.app.start()
        await self.fake.wait_ready()
        assert self.fake.identify_count > ready_before or self.fake.gateway_connected

    async def stop(self) -> None:
        """Stop gracefully, as on SIGTERM."""
        if self.app is not None:
            await self.app.stop()
            self.app = None
        if self.container is not None:
            await stop_services(self.container)
            self.container = None
            self.sidecar = None
        if self.odds_workers is not None:
            # a provider's shutdown leaves its override running: unclosed, the worker was closed
            # by the garbage collector at any later moment, its pipes' descriptors closed first
            # and their numbers, by then another test's sockets, written to and closed again
            closing = self.odds_workers.shutdown()
            self.odds_workers = None
            if closing is not None:
                await closing

    async def cards_sent(self) -> None:
        """Send the live cards' waiting edits now, as before the bot stops, and wait for them
        (a change's edit may otherwise wait its card's turn, a second at most)."""
        assert self.container is not None
        card = self.container.discord.needs().shared.made(LiveCard)
        if card is not None:
            await card.edits.flush()
        await self.fake.settled()

    async def restart(self) -> None:
        """A new process, in effect: new container, new bot, nothing kept in memory."""
        await self.stop()
        await self.start()

    async def slash(self, command: str = "roll", /,
                    **options: Any) -> tuple[JsonObject, JsonObject]:
        """Dispatch a slash command; returns the interaction and the callback body."""
        user = options.pop("_user", None)

        async def sent() -> JsonObject:
            interaction = slash_command(command, options or None, user=user)
            await self.fake.dispatch("INTERACTION_CREATE", interaction)
            return interaction

        return await self.asked(sent)

    async def click(self, custom_id: str, values: list[str] | None = None,
                    user: JsonObject | None = None) -> tuple[JsonObject, JsonObject]:
        """Click a component of a message the bot sent; returns the interaction and callback."""
        return await self.asked(lambda: self.fake.click(custom_id, values, user=user))

    def shed(self) -> dict[str, float]:
        """How many interactions the bot's admission has shed so far, by how (its
        ``nazh_interactions_total`` over every kind): ``expired`` (too old when its turn came
        to be answered in Discord's 3 s) and ``dropped`` go unanswered, ``busy`` is told to
        try again."""
        counted: dict[str, float] = dict.fromkeys(SHED, 0.0)
        if self.container is None:
            return counted
        for metric in self.container.basics.registry().collect():
            for sample in metric.samples:
                outcome = sample.labels.get("outcome")
                if sample.name == "nazh_interactions_total" and outcome in counted:
                    counted[outcome] += sample.value
        return counted

    async def asked(self, send: Callable[[], Awaitable[JsonObject]], *,
                     wait: float = ANSWER_WAIT, again: bool = True
                     ) -> tuple[JsonObject, JsonObject]:
        """Send an interaction (``send``) and wait up to ``wait`` seconds for its answer; the
        interaction and the callback body. When no answer comes, the failure says whether the
        bot shed it meanwhile, and why, or answered it too late. One the bot shed as expired
        (too old once its turn came: the machine stalled the test's process between the fake's
        dispatch and the bot's turn, as a loaded machine running the suite on every core can),
        or whose only answer reached the fake after Discord's 3 s (the same stall, after the
        bot's turn), is sent once more (``again``), as its user would send it again after
        "The application did not respond": Discord kept nothing of the first. The faces the
        test scripted for it are scripted again for the second (the first may have drawn them
        unseen)."""
        shed_before = self.shed()
        scripted = {sides: list(faces) for sides, faces in self.dice.unused.items()}
        interaction = await send()
        try:
            answer = await self._answered(interaction, wait)
        except TimeoutError as unanswered:
            shed = {why: count - shed_before[why] for why, count in self.shed().items()
                    if count > shed_before[why]}
            late = self.fake.late_answers(interaction)
            stalled = set(shed) == {"expired"} or (late and not shed)
            if not again or not stalled:
                said = ", ".join(f"{why} {count:g}" for why, count in shed.items())
                lateness = "".join(f"\nanswered {after:.1f} s after the interaction: too late"
                                   for after in late)
                raise TimeoutError(f"{unanswered}\nthe bot shed meanwhile: {said or 'nothing'}"
                                   f"{lateness}") from None
            self.dice.rescript(scripted)
            return await self._asked_again(send, interaction, wait)
        # over HTTP an interaction shed as expired still gets a reply (Discord's POST waits
        # for one): "very busy", sent again as its user would
        data = answer.get("data")
        busy = isinstance(data, dict) and data.get("content") == BUSY
        if again and busy and self._shed_since(shed_before) == {"expired"}:
            self.dice.rescript(scripted)
            return await self._asked_again(send, interaction, wait)
        return interaction, answer

    async def _asked_again(self, send: Callable[[], Awaitable[JsonObject]],
                           first: JsonObject, wait: float) -> tuple[JsonObject, JsonObject]:
        """``send`` once more after ``first`` went unanswered: a new interaction, as its
        user's second press is (the bot rightly ignores an interaction id it has seen)."""
        async def resent() -> JsonObject:
            interaction = await send()
            if interaction["id"] == first["id"]:
                msg = "the test sent the same interaction again: build a new one for each send"
                raise AssertionError(msg)
            return interaction
        return await self.asked(resent, wait=wait, again=False)

    def _shed_since(self, before: dict[str, float]) -> set[str]:
        """How the bot shed interactions since ``before`` (a :meth:`shed`)."""
        return {why for why, count in self.shed().items() if count > before[why]}

    async def _answered(self, interaction: JsonObject, wait: float = ANSWER_WAIT) -> JsonObject:
        """The callback body, or, when the bot deferred its answer (its work took longer than
        it waits before deferring, as on a loaded machine), the message it answered with
        since, as the callback body the answer would have been without the deferral: what a
        user sees either way."""
        body = await self.fake.wait_for_interaction_response(interaction, wait)
        if body["type"] == DEFERRED_UPDATE:
            return await updated_answer(self.fake, interaction)
        if body["type"] != DEFERRED_MESSAGE:
            return body
        return {"type": CHANNEL_MESSAGE, "data": await final_answer(self.fake, interaction, body)}


_MIGRATED = Path(tempfile.mkdtemp(prefix="nazh-migrated-"))
"""Where this test process keeps a SQLite log Nazh migrated once (removed at exit)."""
atexit.register(shutil.rmtree, _MIGRATED, ignore_errors=True)


async def _from_migrated_log(database_url: str) -> None:
    """A new SQLite log at ``database_url`` copied from one Nazh's own migrations brought to the
    newest schema once in this process: a bot starting on a new data directory would run
    Alembic, about 0.2 s a test (a log's first migration is tested in tests/adapters/storage
    and by the tests that start ``nazh run`` as a process)."""
    try:
        path = sqlite_path(database_url)
    except UnsupportedDatabaseError:  # the bot's own start says so
        return
    if path is None or path.exists():
        return
    template = _MIGRATED / "nazh.sqlite3"
    if not template.exists():
        # in a folder of its own, then moved in whole: two bots starting together (replicas)
        # each make one, and neither copies a log half migrated
        folder = Path(tempfile.mkdtemp(dir=_MIGRATED))
        engine = create_engine(sqlite_url(folder))
        try:
            await upgrade_database(engine)
        finally:
            await engine.dispose()  # the last connection closed: the WAL is in the file
        (folder / "nazh.sqlite3").replace(template)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)


async def unwarmed(worker: ProcessOddsWorker) -> AsyncIterator[None]:
    """The odds worker's lifecycle without its warm-up at start: starting the worker is a new
    interpreter importing the odds and drawing a chart (about a second of CPU), beside the
    test's first interactions, for the few tests that ask a chart (it starts at the first)."""
    try:
        yield
    finally:
        await worker.close()


@contextlib.asynccontextmanager
async def running(fake: FakeDiscord, data_dir: Path, transport: str,
                  **settings: str) -> AsyncIterator[NazhUnderTest]:
    """The real bot on ``transport`` with ``settings``, started, and stopped afterwards."""
    bot = NazhUnderTest(fake, data_dir, None, transport, **settings)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


def components_of(message: JsonObject) -> list[JsonObject]:
    """Every component of a message, flattened (action rows removed)."""
    found: list[JsonObject] = []
    for row in message.get("components") or []:
        found.extend(row.get("components") or [])
    return found


def custom_id_of(message: JsonObject, label: str) -> str:
    """The custom id of the button labelled ``label`` (or starting with it)."""
    for component in components_of(message):
        if str(component.get("label", "")).startswith(label):
            return str(component["custom_id"])
    labels = [c.get("label") for c in components_of(message)]
    raise LookupError(f"no component labelled {label!r}; labels: {labels}")


def select_id(message: JsonObject) -> str:
    """The custom id of the message's select menu."""
    for component in components_of(message):
        if component.get("type") == 3:
            return str(component["custom_id"])
    raise LookupError("no select menu")


def embed_of(body: JsonObject) -> JsonObject:
    """The first embed of a callback body or message."""
    data = body.get("data", body)
    embeds = data.get("embeds") or []
    assert embeds, f"no embed in {body}"
    return dict(embeds[0])


async def final_answer(fake: FakeDiscord, interaction: JsonObject, body: JsonObject,
                       timeout: float = 20.0) -> JsonObject:
    """The message that answers ``interaction``: the callback's own data, or, when the bot
    deferred (slow work, e.g. under load), the original message once its answer is in, or the
    message sent instead of it (an answer only its user sees, after a deferral all saw)."""
    if body["type"] != DEFERRED_MESSAGE:
        return dict(body["data"])

    def answered() -> JsonObject | None:
        try:
            message = fake.original_message(interaction)
        except LookupError:  # deleted: what replaces it follows (or already came)
            followups = fake.followup_messages(interaction)
            return followups[0] if followups else None
        return message if message.get("embeds") or message.get("content") else None

    return await until(answered, timeout=timeout,
                       what=f"interaction {interaction['id']} (deferred) answered")


async def updated_answer(fake: FakeDiscord, interaction: JsonObject,
                         timeout: float = 20.0) -> JsonObject:
    """What a deferred update of a click (slow work, e.g. under load) became, as the callback
    body it would have been: the message it was on, once edited (an update), or the message
    the bot sent instead (a refusal, told to the clicker alone)."""
    token = str(interaction["token"])

    def answered() -> JsonObject | None:
        followups = fake.followup_messages(interaction)
        if followups:
            return {"type": CHANNEL_MESSAGE, "data": followups[0]}
        if any(request.method == "PATCH" and token in request.path
               and request.path.endswith("/messages/@original") for request in fake.requests):
            return {"type": UPDATE_MESSAGE, "data": fake.original_message(interaction)}
        return None

    return await until(answered, timeout=timeout,
                       what=f"interaction {interaction['id']} (a deferred update) answered")


def uploads(fake: FakeDiscord, interaction: JsonObject) -> list[UploadedFile]:
    """Every file the bot uploaded answering ``interaction`` (callback, followups, edits)."""
    token = str(interaction["token"])
    return [upload for request in fake.requests
            if f"/interactions/{interaction['id']}/" in request.path or token in request.path
            for upload in request.files]


MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10


def grant_manage_server(fake: FakeDiscord, user: JsonObject) -> None:
    """``user``'s guild interactions carry Manage Server: with no GM role set, a GM."""
    fake.members[str(user["id"])] = {"permissions": str(MANAGE_GUILD | VIEW_CHANNEL)}
