"""The dependency-injector containers: how every part of Nazh is built and started.

``Core`` (dice, clock, odds), ``Storage`` (the roll log and saved rolls on one database, with
its lifecycle), ``Service`` (metrics and the use cases behind chat) and ``Discord`` (the
interaction core and the gateway transport, the HTTP sidecar) are assembled by
:class:`Container` from validated settings. Lifecycles are ``Resource`` providers: starting
the storage migrates the schema (retrying while the database is unreachable) and starts the
log writer and the retention job; stopping flushes and closes. Tests and entry points build
the app through :func:`bot_container` and override providers, never patch.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dependency_injector import containers, providers
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.chart.stats_chart import render_fairness_png
from nazh.adapters.cli.app import Console
from nazh.adapters.cli.log import (
    Anchors,
    StorageTools,
    TargetDatabaseError,
    no_log_yet,
    run_storage_command,
)
from nazh.adapters.clock import SystemClock
from nazh.adapters.config.settings import Settings, StorageSettings
from nazh.adapters.crypto.ed25519 import Ed25519Signer, public_key_of, valid_signature
from nazh.adapters.discord.about import AboutFeature, AboutInfo
from nazh.adapters.discord.anchors import AnchorChannels
from nazh.adapters.discord.attachments import AttachmentReader
from nazh.adapters.discord.builder import BuilderFeature
from nazh.adapters.discord.callbacks import DiscordCallbacks
from nazh.adapters.discord.core import DiscordCore, Router
from nazh.adapters.discord.gateway.app import DiscordConfig, GatewayApp
from nazh.adapters.discord.history import HistoryFeature
from nazh.adapters.discord.http.app import HttpApp, HttpConfig
from nazh.adapters.discord.http.endpoint import InteractionEndpoint
from nazh.adapters.discord.odds import OddsFeature
from nazh.adapters.discord.responder import Replies
from nazh.adapters.discord.roll import RollFeature
from nazh.adapters.discord.saved import SavedFeature
from nazh.adapters.discord.settings import SettingsFeature
from nazh.adapters.discord.stats import StatsFeature
from nazh.adapters.discord.wrapper import InteractionWrapper
from nazh.adapters.heap import freeze_startup_heap
from nazh.adapters.http.checkpoint_url import UrlCheckpointMirror
from nazh.adapters.http.sidecar import Route, Sidecar
from nazh.adapters.memory.interactions import LocalInteractionLedger
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.metrics.prometheus import (
    PrometheusMetrics,
    new_registry,
    register_gateway,
    register_roll_log,
)
from nazh.adapters.numeric.numpy_convolution import NumpyConvolution
from nazh.adapters.ratelimit.local import LocalRateLimiter
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.adapters.stopping import Stop
from nazh.adapters.storage.checkpoint_file import (
    CheckpointFileError,
    FileCheckpointSink,
    FileMirrorProgress,
    read_checkpoints,
)
from nazh.adapters.storage.database import (
    UnsupportedDatabaseError,
    create_engine,
    display_url,
)
from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.adapters.storage.integrity import StorageDamagedError, check_sqlite, sqlite_path
from nazh.adapters.storage.interactions import SqlInteractionLedger
from nazh.adapters.storage.journal import FileJournal, JournalError
from nazh.adapters.storage.migrations import current_revision, upgrade_database
from nazh.adapters.storage.roll_claims import SqlRollClaims
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.saved_rolls import SqlSavedRollStore
from nazh.adapters.storage.stats import SqlStats
from nazh.adapters.storage.transfer import TransferError, backup_sqlite, copy_log
from nazh.adapters.workers.odds import ProcessOddsWorker
from nazh.application.admission.gate import Admission
from nazh.application.admission.once import HandledOnce, InteractionLedger
from nazh.application.checkpoints.mirrors import CheckpointMirror, MirrorJob
from nazh.application.checkpoints.signed import (
    CheckpointCheck,
    CheckpointedRetention,
    CheckpointJob,
)
from nazh.application.log.chain import ChainVerdict, QueueStats
from nazh.application.log.history import RollLogQueries
from nazh.application.log.retention import RetentionJob
from nazh.application.log.store import LoggedRollStore
from nazh.application.log.writer import LogWriter
from nazh.application.odds.use_cases import OddsOf, ShowOdds
from nazh.application.rate_limits.limits import Limit, RateLimits
from nazh.application.rolls.builder import Builders
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.metrics import FanOutRollMetrics, RollStats
from nazh.application.rolls.suggestions import Suggestions
from nazh.application.rolls.table import TableRolls
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import GuildSettings
from nazh.application.shared.periodic import Periodic
from nazh.application.stats.dice_stats import AuditJob, DiceStats, Tallier
from nazh.application.status.health import BuildInfo, GatewayProbe, ServiceProbe, StatusReport
from nazh.jobs import odds_with_chart

if TYPE_CHECKING:
    from nazh.adapters.ratelimit.redis import RedisRateLimiter

log = logging.getLogger(__name__)

STORAGE_ATTEMPTS = 6
"""Attempts to reach the database at start: 1 + 2 + 4 + 8 + 16 s between them, about 31 s."""
PRUNE_SECONDS = 60.0
"""How often expired interaction ids and settled roll claims are forgotten."""


class StorageUnavailableError(Exception):
    """The database could not be reached (or migrated) at start."""


# -- lifecycles ----------------------------------------------------------------------------------


async def storage_lifecycle(engine: AsyncEngine, writer: LogWriter, retention: RetentionJob,
                            attempts: int,
                            checkpoints: CheckpointJob | None = None) -> AsyncIterator[None]:
    """Migrate (retrying while the database is unreachable), start the log writer, the
    retention job and the checkpoints (with a signing key); at the end stop them, flush the log
    (bounded), publish the last checkpoints and close the pool."""
    try:
        await asyncio.to_thread(check_sqlite, engine.url)
        await upgrade_with_retries(engine, attempts)
        await recover_journal(writer)
        writer.start()
        retention.start()
        if checkpoints is not None:
            checkpoints.start()
        yield
    finally:
        await retention.stop()
        await writer.close()
        if checkpoints is not None:
            await checkpoints.stop()
        await engine.dispose()


def _checkpoint_job(settings: StorageSettings, roll_log: SqlRollLog,
                    clock: Any) -> CheckpointJob | None:
    """The checkpoint job when ``NAZH_SIGNING_KEY`` is set."""
    if settings.signing_key is None:
        return None
    return CheckpointJob(roll_log, FileCheckpointSink(settings.checkpoint_file),
                         Ed25519Signer(settings.signing_key.get_secret_value()), clock,
                         every=settings.checkpoint_every, minutes=settings.checkpoint_minutes)


def _checkpoint_check(settings: StorageSettings) -> CheckpointCheck | None:
    """What /verify checks rolls against when ``NAZH_SIGNING_KEY`` is set."""
    if settings.signing_key is None:
        return None
    return CheckpointCheck(FileCheckpointSink(settings.checkpoint_file),
                           public_key_of(settings.signing_key.get_secret_value()),
                           valid_signature)


def _tallier() -> Tallier:
    """Counts for /stats, with pools too big to count exactly approximated."""
    return Tallier(OddsOf(NumpyConvolution()))


def _retention(roll_log: SqlRollLog, checkpoints: CheckpointJob | None) -> Any:
    """The log's purges, publishing their anchors when checkpoints are on."""
    return roll_log if checkpoints is None else CheckpointedRetention(roll_log, checkpoints)


def _mirror_job(settings: Settings, guild_settings: GuildSettings, roll_log: SqlRollLog,
                app: Callable[[], Any]) -> MirrorJob | None:
    """Forwards the checkpoints to the servers' anchor channels and ``NAZH_CHECKPOINT_URL``
    (with a signing key: without one there are no checkpoints)."""
    if settings.signing_key is None:
        return None
    mirrors: list[CheckpointMirror] = [
        AnchorChannels(lambda: app().bot.rest, guild_settings, roll_log)]
    if settings.checkpoint_url is not None:
        token = settings.checkpoint_url_token
        mirrors.append(UrlCheckpointMirror(
            settings.checkpoint_url.get_secret_value(),
            None if token is None else token.get_secret_value()))
    return MirrorJob(FileCheckpointSink(settings.checkpoint_file), mirrors,
                     FileMirrorProgress(settings.checkpoint_mirror_file))


async def mirror_lifecycle(job: MirrorJob | None) -> AsyncIterator[None]:
    """Forward the checkpoints while the bot runs."""
    if job is not None:
        job.start()
    try:
        yield
    finally:
        if job is not None:
            await job.stop()


async def odds_worker_lifecycle(worker: ProcessOddsWorker) -> AsyncIterator[None]:
    """Warm the odds worker pool in the background; stop it at the end."""
    warming = asyncio.create_task(worker.warm())
    try:
        yield
    finally:
        warming.cancel()
        await worker.close()


async def audit_lifecycle(job: AuditJob) -> AsyncIterator[None]:
    """Audit the dice periodically (the metrics' gauges) while the bot runs."""
    job.start()
    try:
        yield
    finally:
        await job.stop()


def _shared_ledger(settings: Settings, engine: AsyncEngine) -> InteractionLedger:
    """Where ``nazh serve``'s workers claim interaction ids: Redis when ``NAZH_REDIS_URL`` is
    set (the client imported only then), else PostgreSQL, else this process (SQLite serves one
    process)."""
    if settings.redis_url is not None:
        from nazh.adapters.redis.interactions import RedisInteractionLedger  # noqa: PLC0415

        return RedisInteractionLedger(settings.redis_url.get_secret_value())
    if engine.dialect.name == "postgresql":
        return SqlInteractionLedger(engine)
    return LocalInteractionLedger()


async def once_lifecycle(once: HandledOnce) -> AsyncIterator[None]:
    """Forget expired interaction ids every minute; close the ledger at the end."""
    job = Periodic("interaction-ledger", once.prune, PRUNE_SECONDS,
                   "forgetting expired interaction ids failed", first_at_once=False)
    job.start()
    try:
        yield
    finally:
        await job.stop()
        await once.close()


def _claims_pruning(claims: SqlRollClaims) -> Periodic:
    return Periodic("roll-claims", claims.prune, PRUNE_SECONDS, "pruning roll claims failed",
                    first_at_once=False)


async def periodic_lifecycle(job: Periodic) -> AsyncIterator[None]:
    """Run ``job`` while the bot runs."""
    job.start()
    try:
        yield
    finally:
        await job.stop()


def _rate_limiter(settings: Settings) -> LocalRateLimiter | RedisRateLimiter:
    """Shared by the replicas through Redis when ``NAZH_REDIS_URL`` is set, else local (the
    Redis client is imported only then)."""
    if settings.redis_url is None:
        return LocalRateLimiter()
    from nazh.adapters.ratelimit.redis import RedisRateLimiter  # noqa: PLC0415

    return RedisRateLimiter(settings.redis_url.get_secret_value())


async def rate_limiter_lifecycle(
        limiter: LocalRateLimiter | RedisRateLimiter) -> AsyncIterator[None]:
    """Close the Redis connections at the end."""
    try:
        yield
    finally:
        await limiter.close()


async def sidecar_lifecycle(sidecar: Sidecar) -> AsyncIterator[Sidecar]:
    """Listen while the service runs."""
    await sidecar.start()
    try:
        yield sidecar
    finally:
        await sidecar.stop()


async def recover_journal(writer: LogWriter) -> int:
    """Append what crashed runs left in the roll journal, before any new roll.

    Raises:
        StorageUnavailableError: the database failed meanwhile (the journal is kept).
        JournalError: the journal directory cannot be used.
    """
    try:
        return await writer.recover()
    except (OSError, ConnectionError, TimeoutError, SQLAlchemyError) as error:
        reason = f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:200]}"
        raise StorageUnavailableError(
            f"nazh run: the roll journal could not be appended to the database ({reason}); "
            "it is kept for the next start") from None


async def upgrade_with_retries(engine: AsyncEngine, attempts: int) -> str:
    """Apply the migrations; retry with backoff while the database is unreachable.

    Raises:
        StorageUnavailableError: the database stayed unreachable.
        SidecarAddressError: the sidecar cannot listen where the settings say.
    """
    delay = 1.0
    for attempt in range(1, attempts + 1):
        try:
            revision = await upgrade_database(engine)
        except (OSError, ConnectionError, TimeoutError, SQLAlchemyError) as error:
            reason = f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:200]}"
            if attempt == attempts:
                raise StorageUnavailableError(
                    f"nazh run: the database is unreachable ({reason}); giving up") from None
            log.warning("database unreachable (%s); retrying in %.0f s", reason, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
        else:
            log.info("database schema at revision %s", revision)
            return revision
    raise AssertionError("unreachable")


# -- containers ----------------------------------------------------------------------------------


class Core(containers.DeclarativeContainer):
    """Dice, roll ids and the clock: what every command needs."""

    dice = providers.Singleton(SystemRandomSource)
    ids = providers.Singleton(SystemRandomSource)
    clock = providers.Singleton(SystemClock)
    roll_dice = providers.Factory(RollDice, rng=dice)
    registry = providers.Singleton(new_registry)
    prometheus = providers.Singleton(PrometheusMetrics, registry)


class Storage(containers.DeclarativeContainer):
    """The roll log and saved rolls on one database (SQLite or PostgreSQL).

    ``roll_log`` implements the application's RollLog, RollHistory, ChainReader and
    LogRetention ports.
    """

    settings: providers.Dependency[Any] = providers.Dependency()
    clock: providers.Dependency[Any] = providers.Dependency()
    metrics: providers.Dependency[Any] = providers.Dependency()
    attempts = providers.Object(STORAGE_ATTEMPTS)

    engine = providers.Singleton(create_engine, settings.provided.database_url)
    tallier = providers.Singleton(_tallier)
    roll_log = providers.Singleton(SqlRollLog, engine, tallier)
    stats = providers.Singleton(SqlStats, engine)
    saved_store = providers.Singleton(SqlSavedRollStore, engine, clock)
    guild_settings = providers.Singleton(SqlGuildSettingsStore, engine, clock)
    journal = providers.Singleton(FileJournal, settings.provided.journal_dir)
    writer = providers.Singleton(LogWriter, target=roll_log, journal=journal, metrics=metrics)
    checkpoints = providers.Singleton(_checkpoint_job, settings, roll_log, clock)
    checkpoint_check = providers.Singleton(_checkpoint_check, settings)
    purges = providers.Singleton(_retention, roll_log, checkpoints)
    retention = providers.Singleton(RetentionJob, purges, clock, settings.provided.history_days)
    running = providers.Resource(storage_lifecycle, engine, writer, retention, attempts,
                                 checkpoints)
    roll_claims = providers.Singleton(SqlRollClaims, engine, clock)
    claims_pruning = providers.Resource(periodic_lifecycle,
                                        providers.Singleton(_claims_pruning, roll_claims))


class Service(containers.DeclarativeContainer):
    """Metrics and the use cases behind the chat front end."""

    settings: providers.Dependency[Any] = providers.Dependency()
    core = providers.DependenciesContainer()
    storage = providers.DependenciesContainer()

    registry = core.registry
    prometheus = core.prometheus
    roll_stats = providers.Singleton(RollStats, clock=core.clock)
    roll_metrics = providers.Singleton(FanOutRollMetrics, prometheus, roll_stats)

    # Rolls behind buttons: in memory for speed, in the log for restarts and other processes.
    memory_store = providers.Singleton(InMemoryRollStore, clock=core.clock)
    roll_store = providers.Singleton(LoggedRollStore, cache=memory_store, writer=storage.writer,
                                     history=storage.roll_log, claims=storage.roll_claims)
    checkpoint_check = storage.checkpoint_check
    guild_settings = providers.Singleton(GuildSettings, storage.guild_settings, core.clock,
                                         settings.provided.history_days)
    saved_rolls = providers.Singleton(SavedRolls, storage.saved_store, guild_settings)
    dice_stats = providers.Singleton(DiceStats, storage.stats, storage.tallier, core.clock)
    audit_job = providers.Singleton(AuditJob, dice_stats, prometheus,
                                    settings.provided.audit_minutes)
    auditing = providers.Resource(audit_lifecycle, audit_job)
    log_queries = providers.Singleton(RollLogQueries, history=storage.roll_log,
                                      chains=storage.roll_log,
                                      checkpoints=storage.checkpoint_check)
    table_rolls = providers.Singleton(TableRolls, roll_dice=core.roll_dice, store=roll_store,
                                      clock=core.clock, ids=core.ids, metrics=roll_metrics,
                                      saved=saved_rolls, settings=guild_settings)
    builders = providers.Singleton(Builders, table=table_rolls, saved=saved_rolls,
                                   metrics=prometheus)
    suggestions = providers.Singleton(Suggestions, saved=saved_rolls, queries=log_queries)
    odds_worker = providers.Singleton(ProcessOddsWorker, odds_with_chart)
    odds_workers = providers.Resource(odds_worker_lifecycle, odds_worker)
    show_odds = providers.Singleton(ShowOdds, worker=odds_worker, saved=saved_rolls)
    rate_limiter = providers.Singleton(_rate_limiter, settings)
    rate_limiting = providers.Resource(rate_limiter_lifecycle, rate_limiter)
    rate_limits = providers.Singleton(
        RateLimits, limiter=rate_limiter,
        user=providers.Factory(Limit, settings.provided.user_per_minute,
                               settings.provided.user_burst),
        guild=providers.Factory(Limit, settings.provided.guild_per_minute,
                                settings.provided.guild_burst))
    # Each interaction once: over the gateway a redelivery reaches the process holding the
    # session, so ids are claimed here; nazh serve's workers share them (see _shared_ledger).
    gateway_once = providers.Singleton(HandledOnce, ledger=providers.Singleton(
        LocalInteractionLedger), clock=core.clock)
    http_once = providers.Singleton(
        HandledOnce, ledger=providers.Singleton(_shared_ledger, settings, storage.engine),
        clock=core.clock, fallback=providers.Singleton(LocalInteractionLedger))
    admission = providers.Singleton(Admission, metrics=prometheus,
                                    budget=settings.provided.answer_budget,
                                    max_in_flight=settings.provided.max_in_flight,
                                    concurrency=settings.provided.concurrency)


def _discord_config(settings: Settings) -> DiscordConfig:
    return DiscordConfig(settings.discord_token.get_secret_value(), settings.discord_api_url,
                         settings.dev_guilds, shards=settings.shard_plan)


def _about_info(settings: Settings) -> AboutInfo:
    key = settings.signing_key
    return AboutInfo(
        version=package_version(), commit=settings.commit,
        seeded=settings.rng == "seeded" and settings.rng_seed is not None,
        public_key=None if key is None else public_key_of(key.get_secret_value()),
        checkpoint_every=settings.checkpoint_every,
        checkpoint_minutes=settings.checkpoint_minutes,
        url_mirror=settings.checkpoint_url is not None)


def _build_info(settings: Settings) -> BuildInfo:
    return BuildInfo(version=package_version(), commit=settings.commit)


def package_version() -> str:
    """Nazh's installed version (``unknown`` when not installed)."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("nazh")
    except PackageNotFoundError:
        return "unknown"


def _sidecar(settings: Settings, service: Any, probe: GatewayProbe, status: StatusReport,
             build: BuildInfo, routes: Sequence[Route], writes: QueueStats) -> Sidecar:
    registry = service.registry()
    register_gateway(registry, probe, build)
    register_roll_log(registry, writes)
    host, port = settings.sidecar_address
    return Sidecar(host, port, registry, probe, status, routes)


def _interactions_route(endpoint: InteractionEndpoint) -> Route:
    return ("POST", "/interactions", endpoint.handle)


def _callbacks(settings: Settings) -> DiscordCallbacks:
    return DiscordCallbacks(settings.discord_api_url,
                            user_agent=f"DiscordBot (nazh, {package_version()})")


async def callbacks_lifecycle(callbacks: DiscordCallbacks) -> AsyncIterator[None]:
    """Close the interaction callbacks' connections at the end."""
    try:
        yield
    finally:
        await callbacks.close()


def _attachments(settings: Settings) -> AttachmentReader:
    return AttachmentReader(settings.attachment_origins)


def _http_config(settings: Settings) -> HttpConfig:
    return HttpConfig(settings.discord_token.get_secret_value(), settings.discord_public_key or "",
                      settings.discord_api_url, settings.dev_guilds)


def _endpoint(settings: Settings, app: HttpApp) -> InteractionEndpoint:
    return InteractionEndpoint(settings.discord_public_key or "", app.dispatch,
                               lambda: app.application_id)


class Discord(containers.DeclarativeContainer):
    """The Discord core (features, wrapper, router) and the gateway transport."""

    settings: providers.Dependency[Any] = providers.Dependency()
    service = providers.DependenciesContainer()

    callbacks = providers.Singleton(_callbacks, settings)
    replies = providers.Singleton(Replies, callbacks=callbacks)
    wrapper = providers.Singleton(InteractionWrapper, admission=service.admission,
                                  replies=replies)
    rolls = providers.Singleton(RollFeature, table=service.table_rolls,
                                suggestions=service.suggestions, wrapper=wrapper,
                                settings=service.guild_settings)
    builders = providers.Singleton(BuilderFeature, builders=service.builders, wrapper=wrapper)
    odds = providers.Singleton(OddsFeature, show_odds=service.show_odds, wrapper=wrapper)
    history = providers.Singleton(HistoryFeature, queries=service.log_queries, wrapper=wrapper,
                                  settings=service.guild_settings)
    attachments = providers.Singleton(_attachments, settings)
    saved = providers.Singleton(SavedFeature, saved=service.saved_rolls, wrapper=wrapper,
                                attachments=attachments)
    stats = providers.Singleton(StatsFeature, stats=service.dice_stats,
                                chart=providers.Object(render_fairness_png), wrapper=wrapper)
    server_settings = providers.Singleton(SettingsFeature, settings=service.guild_settings,
                                          wrapper=wrapper)
    about = providers.Singleton(AboutFeature, info=providers.Callable(_about_info, settings),
                                settings=service.guild_settings, wrapper=wrapper)
    router = providers.Singleton(Router, rolls=rolls, builders=builders, history=history,
                                 wrapper=wrapper)
    core = providers.Singleton(
        DiscordCore, router=router, admission=service.admission, wrapper=wrapper,
        limits=service.rate_limits,
        features=providers.Dict({RollFeature: rolls.provider, BuilderFeature: builders.provider,
                                 OddsFeature: odds.provider, HistoryFeature: history.provider,
                                 SavedFeature: saved.provider, StatsFeature: stats.provider,
                                 SettingsFeature: server_settings.provider,
                                 AboutFeature: about.provider}))

    config = providers.Singleton(_discord_config, settings)
    gateway = providers.Singleton(GatewayApp, config=config, core=core,
                                  admission=service.admission, once=service.gateway_once)
    http_config = providers.Singleton(_http_config, settings)
    http = providers.Singleton(HttpApp, config=http_config, core=core, replies=replies,
                               admission=service.admission, once=service.http_once)
    endpoint = providers.Singleton(_endpoint, settings, http)
    answering = providers.Resource(callbacks_lifecycle, callbacks)


class Container(containers.DeclarativeContainer):
    """Every service of ``nazh run`` (``transport`` gateway) or ``nazh serve`` (``transport``
    http), from validated settings."""

    settings: providers.Dependency[Any] = providers.Dependency()
    transport = providers.Object("gateway")

    core = providers.Container(Core)
    storage = providers.Container(
        Storage, settings=settings, clock=core.clock, metrics=core.prometheus
    )
    service = providers.Container(Service, settings=settings, core=core, storage=storage)
    discord = providers.Container(Discord, settings=settings, service=service)

    build_info = providers.Singleton(_build_info, settings)
    app = providers.Selector(transport, gateway=discord.gateway, http=discord.http)
    once = providers.Selector(transport, gateway=service.gateway_once, http=service.http_once)
    guarding = providers.Resource(once_lifecycle, once)
    routes = providers.Selector(
        transport, gateway=providers.Object(()),
        http=providers.List(providers.Factory(_interactions_route, discord.endpoint)))
    probe = providers.Singleton(ServiceProbe, app.provided.probe, storage.writer.provided.stats)
    status_report = providers.Singleton(StatusReport, probe=probe,
                                        stats=service.roll_stats, clock=core.clock,
                                        build=build_info)
    sidecar = providers.Singleton(_sidecar, settings, service, probe,
                                  status_report, build_info, routes,
                                  storage.writer.provided.stats)
    serving = providers.Resource(sidecar_lifecycle, sidecar)
    mirrors = providers.Singleton(_mirror_job, settings, service.guild_settings,
                                  storage.roll_log, app.provider)
    mirroring = providers.Resource(mirror_lifecycle, mirrors)


def use_seed(core: Any, seed: int) -> None:
    """Make the dice deterministic (never for real games; roll ids stay random)."""
    core.dice.override(providers.Singleton(SeededRandomSource, seed))


def bot_container(settings: Settings, transport: str = "gateway") -> Container:
    """The container of ``nazh run`` (``gateway``) or ``nazh serve`` (``http``)."""
    container = Container(settings=settings)
    container.transport.override(providers.Object(transport))
    if settings.rng == "seeded" and settings.rng_seed is not None:
        use_seed(container.core, settings.rng_seed)
    return container


async def start_services(container: Container) -> None:
    """Storage first (migrations, log writer, retention), then the sidecar (health checks
    answer while the gateway connects).

    Raises:
        StorageUnavailableError: the database stayed unreachable.
    """
    started: list[Any] = []
    try:
        for resource in _lifecycles(container):
            await resource.init()
            started.append(resource)
    except BaseException:
        for resource in reversed(started):  # what started is stopped again, in reverse
            await resource.shutdown()
        raise


async def stop_services(container: Container) -> None:
    """After the bot stopped: close the sidecar, then stop the storage (flushing the log)."""
    for resource in reversed(_lifecycles(container)):
        await resource.shutdown()


def _lifecycles(container: Container) -> list[Any]:
    """The Resource providers, in the order they start."""
    return [container.storage.running, container.storage.claims_pruning, container.guarding,
            container.service.odds_workers,
            container.service.rate_limiting, container.service.auditing,
            container.discord.answering, container.serving, container.mirroring]


async def serve_gateway(container: Container) -> None:
    """``nazh run``: the services, then the bot until a signal; everything closes in reverse.
    A signal during the start-up (the database or Discord still retried) stops it at once."""
    stop = Stop.on_signals()
    if not await stop.unless(start_services(container)):
        log.info("%s while starting: stopped", stop.reason)
        return
    app = container.discord.gateway()
    try:
        if not await stop.unless(app.start()):
            await app.abandon()
            log.info("%s while connecting to Discord: stopped", stop.reason)
            return
        freeze_startup_heap()
        log.info("Nazh is running")
        closed = asyncio.ensure_future(app.join())
        signalled = asyncio.ensure_future(stop.wait())
        await asyncio.wait({closed, signalled}, return_when=asyncio.FIRST_COMPLETED)
        log.info("shutting down")
        await app.stop()
        signalled.cancel()
        await asyncio.gather(closed, return_exceptions=True)
        log.info("stopped")
    finally:
        await stop_services(container)


async def serve_http(container: Container) -> None:
    """``nazh serve``: the services (the sidecar takes Discord's POSTs), the commands
    registered over REST, then interactions until a signal; everything closes in reverse.
    A signal during the start-up (the database or Discord still retried) stops it at once."""
    stop = Stop.on_signals()
    if not await stop.unless(start_services(container)):
        log.info("%s while starting: stopped", stop.reason)
        return
    app = container.discord.http()
    try:
        if not await stop.unless(app.start()):
            log.info("%s while registering the commands with Discord: stopped", stop.reason)
            return
        freeze_startup_heap()
        log.info("Nazh is serving interactions on %s/interactions", container.sidecar().url)
        await stop.wait()
        log.info("shutting down")
        await app.stop()
    finally:
        await stop_services(container)
    log.info("stopped")


def anchors_of(args: argparse.Namespace, settings: StorageSettings) -> Anchors:
    """The signed checkpoints of ``--anchors FILE`` and the key they must be signed with
    (``--public-key``, else ``NAZH_SIGNING_KEY``'s): never the key the file itself names,
    which whoever rewrote a chain could have re-signed it with.

    Raises:
        CheckpointFileError, OSError: no expected key, the file cannot be read, or a line is
            not a checkpoint.
    """
    key = args.public_key or (public_key_of(settings.signing_key.get_secret_value())
                              if settings.signing_key else None)
    if key is None:
        raise CheckpointFileError(
            "--anchors needs the public key the checkpoints must be signed with: pass "
            "--public-key HEX (the operator publishes it) or set NAZH_SIGNING_KEY; the key "
            "named in the file is never trusted")
    path = Path(args.anchors)
    if not path.exists():
        raise CheckpointFileError(f"no checkpoint file at {path}")
    return Anchors(read_checkpoints(path), key, valid_signature)


async def copy_and_verify(source: AsyncEngine, url: str) -> tuple[int, list[ChainVerdict]]:
    """Copy the log at ``source`` into the empty database at ``url``; the records copied and
    the verdict on every chain there.

    Raises:
        TargetDatabaseError: the database at ``url`` cannot be made or reached.
    """
    try:
        target = create_engine(url)
    except OSError as error:  # a SQLite file whose directory cannot be made
        raise TargetDatabaseError(display_url(url), error) from None
    try:
        try:
            async with target.connect():
                pass
        except (OSError, SQLAlchemyError) as error:
            raise TargetDatabaseError(display_url(target.url), error) from None
        copied = await copy_log(source, target)
        log = SqlRollLog(target)
        verdicts = []
        for channel in await log.channels():
            head = await log.head(channel)
            verdicts.append((await log.scan(channel, head=head)).verdict)
        return copied, verdicts
    finally:
        await target.dispose()


def storage_container(settings: StorageSettings) -> Container:
    """A container for the storage commands (storage settings only, no Discord token)."""
    return Container(settings=settings)


async def storage_command(args: argparse.Namespace, settings: StorageSettings,
                          console: Console) -> int:
    """Run ``nazh db|log|history`` on the database of ``settings``."""
    path = sqlite_path(settings.database_url)
    upgrading = args.command == "db" and args.action == "upgrade"
    if not upgrading and path is not None and not path.exists():
        return no_log_yet(args, str(path), console)
    container = storage_container(settings)
    engine = container.storage.engine()
    roll_log = container.storage.roll_log()
    writer = container.storage.writer()

    async def recover() -> int:
        try:
            return int(await writer.recover())
        finally:
            await writer.close(timeout=0)

    tools = StorageTools(
        target=display_url(engine.url), upgrade=lambda: upgrade_database(engine),
        revision=lambda: current_revision(engine), log=roll_log, clock=container.core.clock(),
        default_days=settings.history_days,
        check=lambda init: check_sqlite(engine.url, allow_empty=init), recover=recover,
        failures=(SQLAlchemyError, OSError, StorageDamagedError, JournalError),
        backup=lambda file: backup_sqlite(settings.database_url, file),
        anchors=lambda parsed: anchors_of(parsed, settings),
        copy=lambda url: copy_and_verify(engine, url),
        refusals=(TransferError, UnsupportedDatabaseError, ArgumentError, CheckpointFileError),
        named=(JournalError,),
        stats=DiceStats(container.storage.stats(), container.storage.tallier(),
                        container.core.clock()),
        chart=render_fairness_png)
    try:
        return await run_storage_command(args, tools, console)
    finally:
        await engine.dispose()
