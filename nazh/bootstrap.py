"""The composition root: the dependency-injector container and the entry points built on it.

``nazh roll`` must start fast, so the Discord stack (hikari, lightbulb, pydantic) is imported
only when the bot is built: its providers call small factories below that import lazily.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import TYPE_CHECKING, Any

from nazh.adapters.chart.matplotlib_chart import MatplotlibOddsChart
from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console, build_parser, run_roll
from nazh.adapters.cli.odds import run_odds
from nazh.adapters.clock import SystemClock
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.numeric.numpy_convolution import NumpyConvolution
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.application.history import RollLogQueries
from nazh.application.log_writer import LogWriter
from nazh.application.logged_store import LoggedRollStore
from nazh.application.metrics import FanOutRollMetrics, RollStats
from nazh.application.odds import OddsOf
from nazh.application.ports import Clock
from nazh.application.retention import RetentionJob
from nazh.application.rolls import RollDice
from nazh.application.saved_rolls import SavedRolls
from nazh.application.status import BuildInfo, StatusReport
from nazh.application.table import TableRolls

if TYPE_CHECKING:
    import argparse

    from prometheus_client import CollectorRegistry
    from sqlalchemy.ext.asyncio import AsyncEngine

    from nazh.adapters.config.settings import Settings, StorageSettings
    from nazh.adapters.discord.app import DiscordApp, DiscordConfig
    from nazh.adapters.discord.gate import InteractionGate
    from nazh.adapters.discord.handlers import RollHandlers
    from nazh.adapters.discord.log_handlers import LogHandlers
    from nazh.adapters.discord.odds import OddsHandlers
    from nazh.adapters.discord.runner import InteractionRunner
    from nazh.adapters.http.sidecar import Sidecar
    from nazh.adapters.metrics.prometheus import PrometheusMetrics
    from nazh.adapters.storage.roll_log import SqlRollLog
    from nazh.adapters.storage.saved_rolls import SqlSavedRollStore
    from nazh.application.ports import GatewayProbe, InteractionMetrics, OddsChart, RollMetrics
    from nazh.application.status import StatusReport


class _HidePydantic(importlib.abc.MetaPathFinder):
    """An import hook that makes pydantic look absent (see :func:`_without_pydantic`)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] in {"pydantic", "pydantic_settings"}:
            raise ModuleNotFoundError(f"{fullname} is hidden while the container loads")
        return None


@contextmanager
def _without_pydantic() -> Iterator[None]:
    """Import dependency-injector without its optional pydantic integration.

    dependency-injector imports pydantic-settings eagerly (about 140 ms) for
    ``Configuration.from_pydantic``, which Nazh does not use; hiding it keeps ``nazh roll``
    fast. Nothing changes when pydantic is already loaded (the bot loads it for settings).
    """
    if "pydantic_settings" in sys.modules:
        yield
        return
    finder = _HidePydantic()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


with _without_pydantic():
    from dependency_injector import containers, providers


# -- lazy factories of the Discord side (imported only when the bot is built) -------------------


def _discord_config(settings: Settings) -> DiscordConfig:
    from nazh.adapters.discord.app import DiscordConfig  # noqa: PLC0415

    return DiscordConfig(settings.discord_token.get_secret_value(), settings.discord_api_url,
                         settings.dev_guilds)


def _gate() -> InteractionGate:
    from nazh.adapters.discord.gate import InteractionGate  # noqa: PLC0415

    return InteractionGate()


def _runner(gate: InteractionGate, rolls: RollMetrics,
            interactions: InteractionMetrics) -> InteractionRunner:
    from nazh.adapters.discord.runner import InteractionRunner  # noqa: PLC0415

    return InteractionRunner(gate, rolls, interactions)


def _roll_handlers(table: TableRolls, runner: InteractionRunner, saved: SavedRolls,
                   queries: RollLogQueries) -> RollHandlers:
    from nazh.adapters.discord.handlers import RollHandlers  # noqa: PLC0415

    return RollHandlers(table, runner, saved, queries)


def _log_handlers(queries: RollLogQueries, saved: SavedRolls,
                  runner: InteractionRunner) -> LogHandlers:
    from nazh.adapters.discord.log_handlers import LogHandlers  # noqa: PLC0415

    return LogHandlers(queries, saved, runner)


def _registry() -> CollectorRegistry:
    from nazh.adapters.metrics.prometheus import new_registry  # noqa: PLC0415

    return new_registry()


def _prometheus(registry: CollectorRegistry) -> PrometheusMetrics:
    from nazh.adapters.metrics.prometheus import PrometheusMetrics  # noqa: PLC0415

    return PrometheusMetrics(registry)


def _build_info(settings: Settings) -> BuildInfo:
    return BuildInfo(version=_version(), commit=settings.commit)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("nazh")
    except PackageNotFoundError:
        return "unknown"


def _sidecar(settings: Settings, registry: CollectorRegistry, probe: GatewayProbe,
             status: StatusReport, build: BuildInfo) -> Sidecar:
    from nazh.adapters.http.sidecar import Sidecar  # noqa: PLC0415
    from nazh.adapters.metrics.prometheus import register_gateway  # noqa: PLC0415

    register_gateway(registry, probe, build)
    host, port = settings.sidecar_address
    return Sidecar(host, port, registry, probe, status)


def _odds_handlers(odds_of: OddsOf, chart: OddsChart, runner: InteractionRunner,
                   saved: SavedRolls) -> OddsHandlers:
    from nazh.adapters.discord.odds import OddsHandlers  # noqa: PLC0415

    return OddsHandlers(odds_of, chart, runner, saved)


def _discord_app(config: DiscordConfig, handlers: RollHandlers, gate: InteractionGate,
                 log_handlers: LogHandlers) -> DiscordApp:
    from nazh.adapters.discord.app import DiscordApp  # noqa: PLC0415

    return DiscordApp(config, handlers, gate, log_handlers, with_odds=True)


# -- lazy factories of the storage (SQLAlchemy is imported only by commands that use it) --------


def _database_engine(settings: StorageSettings) -> AsyncEngine:
    from nazh.adapters.storage.database import create_engine  # noqa: PLC0415

    return create_engine(settings.database_url)


def _sql_roll_log(engine: AsyncEngine) -> SqlRollLog:
    from nazh.adapters.storage.roll_log import SqlRollLog  # noqa: PLC0415

    return SqlRollLog(engine)


def _saved_roll_store(engine: AsyncEngine, clock: Clock) -> SqlSavedRollStore:
    from nazh.adapters.storage.saved_rolls import SqlSavedRollStore  # noqa: PLC0415

    return SqlSavedRollStore(engine, clock)


class Container(containers.DeclarativeContainer):
    """Every service of Nazh; tests and entry points override providers, never patch."""

    settings: providers.Dependency[Any] = providers.Dependency()

    rng = providers.Singleton(SystemRandomSource)
    clock = providers.Singleton(SystemClock)
    roll_dice = providers.Factory(RollDice, rng=rng)
    fast_convolution = providers.Singleton(NumpyConvolution)
    odds_of = providers.Factory(OddsOf, fast=fast_convolution)
    odds_chart = providers.Singleton(MatplotlibOddsChart)
    # Storage (settings: StorageSettings or Settings). ``sql_roll_log`` implements the
    # application's RollLog, RollHistory, ChainReader and LogRetention ports.
    database_engine = providers.Singleton(_database_engine, settings)
    sql_roll_log = providers.Singleton(_sql_roll_log, database_engine)
    saved_roll_store = providers.Singleton(_saved_roll_store, database_engine, clock)
    roll_log_writer = providers.Singleton(LogWriter, target=sql_roll_log)

    # Rolls behind buttons: in memory for speed, in the log for restarts and other processes.
    memory_store = providers.Singleton(InMemoryRollStore, clock=clock)
    roll_store = providers.Singleton(LoggedRollStore, cache=memory_store,
                                     writer=roll_log_writer, history=sql_roll_log)
    saved_rolls = providers.Singleton(SavedRolls, saved_roll_store)
    log_queries = providers.Singleton(RollLogQueries, history=sql_roll_log, chains=sql_roll_log)
    table_rolls = providers.Singleton(TableRolls, roll_dice=roll_dice, store=roll_store,
                                      clock=clock, ids=rng)

    registry = providers.Singleton(_registry)
    prometheus = providers.Singleton(_prometheus, registry)
    roll_stats = providers.Singleton(RollStats, clock=clock)
    roll_metrics = providers.Singleton(FanOutRollMetrics, prometheus, roll_stats)

    gate = providers.Singleton(_gate)
    runner = providers.Singleton(_runner, gate=gate, rolls=roll_metrics,
                                 interactions=prometheus)
    roll_handlers = providers.Singleton(_roll_handlers, table=table_rolls, runner=runner,
                                        saved=saved_rolls, queries=log_queries)
    log_handlers = providers.Singleton(_log_handlers, queries=log_queries, saved=saved_rolls,
                                       runner=runner)
    odds_handlers = providers.Singleton(_odds_handlers, odds_of=odds_of, chart=odds_chart,
                                        runner=runner, saved=saved_rolls)
    discord_config = providers.Singleton(_discord_config, settings)
    discord_app = providers.Singleton(_discord_app, config=discord_config,
                                      handlers=roll_handlers, gate=gate,
                                      log_handlers=log_handlers)

    retention_job = providers.Singleton(RetentionJob, sql_roll_log, clock,
                                        settings.provided.history_days)

    build_info = providers.Singleton(_build_info, settings)
    status_report = providers.Singleton(StatusReport, probe=discord_app.provided.probe,
                                        stats=roll_stats, clock=clock, build=build_info)
    sidecar = providers.Singleton(_sidecar, settings, registry, discord_app.provided.probe,
                                  status_report, build_info)


def use_seed(container: Container, seed: int) -> None:
    """Make the container's random source deterministic."""
    container.rng.override(providers.Singleton(SeededRandomSource, seed))


def build_discord_app(container: Container) -> DiscordApp:
    """The bot, with the services registered in lightbulb's DI registry."""
    import lightbulb  # noqa: PLC0415

    from nazh.adapters.discord.handlers import RollHandlers  # noqa: PLC0415
    from nazh.adapters.discord.log_handlers import LogHandlers  # noqa: PLC0415
    from nazh.adapters.discord.odds import OddsHandlers  # noqa: PLC0415

    app = container.discord_app()
    registry = app.client.di.registry_for(lightbulb.di.Contexts.DEFAULT)
    # A plain function: lightbulb inspects the factory's signature, which providers lack.
    registry.register_factory(RollHandlers, lambda: container.roll_handlers())  # noqa: PLW0108
    registry.register_factory(OddsHandlers, lambda: container.odds_handlers())  # noqa: PLW0108
    registry.register_factory(LogHandlers, lambda: container.log_handlers())  # noqa: PLW0108
    return app


def bot_container(settings: Settings) -> Container:
    """The container of ``nazh run`` for these settings."""
    container = Container(settings=settings)
    if settings.rng == "seeded" and settings.rng_seed is not None:
        use_seed(container, settings.rng_seed)
    return container


STORAGE_COMMANDS = frozenset({"db", "log", "history"})


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``nazh`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return run_bot()
    if args.command in STORAGE_COMMANDS:
        return run_storage_command(args)
    container = Container()
    if args.command == "odds":
        return run_odds(args, container.odds_of(), Console.system(), container.odds_chart())
    if args.seed is not None:
        use_seed(container, args.seed)
    return run_roll(args, container.roll_dice(), Console.system())


def run_bot(overrides: dict[str, Any] | None = None) -> int:
    """``nazh run``: validate the settings (exit 2 on any problem), log, serve until signalled."""
    from nazh.adapters.config.settings import SettingsError, load_settings  # noqa: PLC0415
    from nazh.adapters.logs.setup import configure_logging  # noqa: PLC0415

    try:
        settings = load_settings(overrides)
    except SettingsError as error:
        print(f"nazh run: {error}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(level=settings.log_level, fmt=settings.log_format, file=settings.log_file,
                      secrets=_secrets(settings))
    container = bot_container(settings)
    try:
        asyncio.run(serve(container))
    except StorageUnavailableError as error:
        logging.getLogger(__name__).error("%s", error)
        return EXIT_STORAGE
    finally:
        logging.shutdown()
    return EXIT_OK


EXIT_STORAGE = 3
STORAGE_ATTEMPTS = 6


class StorageUnavailableError(Exception):
    """The database could not be reached (or migrated) at start."""


def _secrets(settings: Settings) -> list[str]:
    """What must never appear in a log: the token, and the database password if any."""
    from urllib.parse import urlsplit  # noqa: PLC0415

    password = urlsplit(settings.database_url).password
    return [settings.discord_token.get_secret_value(), *([password] if password else [])]


async def serve(container: Container) -> None:
    """Storage first (migrations, the log writer), then the sidecar (health checks answer while
    connecting), then the bot until a signal; everything closes in reverse order."""
    await start_services(container)
    app = build_discord_app(container)
    try:
        await app.serve()
    finally:
        await stop_services(container)


async def start_services(container: Container, attempts: int = STORAGE_ATTEMPTS) -> None:
    """Migrate the database (retrying with backoff while it is unreachable), start the log
    writer, the retention job and the sidecar.

    Raises:
        StorageUnavailableError: the database stayed unreachable (about a minute).
    """
    await _upgrade_with_retries(container, attempts)
    container.roll_log_writer().start()
    container.retention_job().start()
    await container.sidecar().start()


async def stop_services(container: Container) -> None:
    """After the bot stopped: close the sidecar, stop retention, flush the log, close the pool."""
    await container.sidecar().stop()
    await container.retention_job().stop()
    await close_storage(container)


# -- storage commands and lifecycle -------------------------------------------------------------


def run_storage_command(args: argparse.Namespace,
                        overrides: dict[str, Any] | None = None) -> int:
    """``nazh db|log|history``: storage settings only (no Discord token); exit 2 on bad
    settings, 3 when the database fails."""
    from nazh.adapters.config.settings import SettingsError, load_storage_settings  # noqa: PLC0415

    try:
        settings = load_storage_settings(overrides)
    except SettingsError as error:
        print(f"nazh {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    container = Container(settings=settings)
    return asyncio.run(_storage_command(args, container, Console.system()))


async def _storage_command(args: argparse.Namespace, container: Container,
                           console: Console) -> int:
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    from nazh.adapters.cli.log import EXIT_DATABASE  # noqa: PLC0415
    from nazh.adapters.storage.database import display_url  # noqa: PLC0415

    engine = container.database_engine()
    try:
        return await _dispatch_storage(args, container, console)
    except (SQLAlchemyError, OSError) as error:
        reason = (str(error).strip().splitlines() or [""])[0][:200]
        console.stderr.write(f"nazh {args.command}: the database at {display_url(engine.url)} "
                             f"failed: {type(error).__name__}: {reason}\n")
        return EXIT_DATABASE
    finally:
        await engine.dispose()


async def _dispatch_storage(args: argparse.Namespace, container: Container,
                            console: Console) -> int:
    from nazh.adapters.cli import log as cli  # noqa: PLC0415
    from nazh.adapters.storage.database import display_url  # noqa: PLC0415
    from nazh.adapters.storage.migrations import current_revision  # noqa: PLC0415

    engine = container.database_engine()
    target = display_url(engine.url)
    if args.command == "db":
        return await cli.run_db_upgrade(lambda: upgrade_storage(container), target, console)
    if await current_revision(engine) is None:
        console.stderr.write(f"nazh {args.command}: the database at {target} has no schema "
                             "yet; run `nazh db upgrade` first\n")
        return cli.EXIT_DATABASE
    log = container.sql_roll_log()
    if args.command == "history":
        return await cli.run_history(args, log, log, console)
    if args.action == "verify":
        return await cli.run_log_verify(args, log, console)
    return await cli.run_log_purge(args, log, container.clock(), container.settings().history_days,
                                   console)


async def upgrade_storage(container: Container) -> str:
    """Apply the schema migrations to the container's database; its revision afterwards.
    The bot calls this at start, before the log writer starts."""
    from nazh.adapters.storage.migrations import upgrade_database  # noqa: PLC0415

    return await upgrade_database(container.database_engine())


async def _upgrade_with_retries(container: Container, attempts: int) -> None:
    log = logging.getLogger(__name__)
    delay = 1.0
    for attempt in range(1, attempts + 1):
        try:
            revision = await upgrade_storage(container)
        except (OSError, ConnectionError, TimeoutError, _sqlalchemy_error()) as error:
            reason = f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:200]}"
            if attempt == attempts:
                raise StorageUnavailableError(
                    f"nazh run: the database is unreachable ({reason}); giving up") from None
            log.warning("database unreachable (%s); retrying in %.0f s", reason, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
        else:
            log.info("database schema at revision %s", revision)
            return


def _sqlalchemy_error() -> type[Exception]:
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    return SQLAlchemyError


async def close_storage(container: Container, timeout: float = 10.0) -> None:
    """On shutdown: flush the roll log writer (bounded), then close the database pool."""
    await container.roll_log_writer().close(timeout)
    await container.database_engine().dispose()
