"""Small functions the containers call to build a part from the config."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from dependency_injector import containers
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.config.environment import Config, StorageConfig
from nazh.adapters.crypto.ed25519 import Ed25519Signer, public_key_of, valid_signature
from nazh.adapters.discord.gateway.app import DiscordConfig, GatewayApp
from nazh.adapters.discord.http.app import HttpApp, HttpConfig
from nazh.adapters.discord.http.endpoint import InteractionEndpoint
from nazh.adapters.discord.log.anchors import AnchorChannels
from nazh.adapters.discord.runtime.attachments import AttachmentReader
from nazh.adapters.discord.runtime.callbacks import DiscordCallbacks
from nazh.adapters.discord.runtime.dependencies import AboutInfo
from nazh.adapters.discord.runtime.voices import TableVoices
from nazh.adapters.http.checkpoint_url import UrlCheckpointMirror
from nazh.adapters.http.sidecar import Route, Sidecar
from nazh.adapters.i18n.catalogs import shipped_catalogs
from nazh.adapters.memory.interactions import LocalInteractionLedger
from nazh.adapters.memory.roll_claims import LocalRollClaims
from nazh.adapters.metrics.prometheus import (
    register_gateway,
    register_roll_log,
)
from nazh.adapters.numeric.numpy_convolution import NumpyConvolution
from nazh.adapters.ratelimit.local import LocalRateLimiter
from nazh.adapters.storage.checkpoint_file import (
    FileCheckpointSink,
    FileMirrorProgress,
)
from nazh.adapters.storage.interactions import SqlInteractionLedger
from nazh.adapters.storage.roll_claims import SqlRollClaims
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.admission.once import InteractionLedger
from nazh.application.checkpoints.mirrors import CheckpointMirror, MirrorJob
from nazh.application.checkpoints.signed import (
    CheckpointCheck,
    CheckpointedRetention,
    CheckpointJob,
    CheckpointSchedule,
)
from nazh.application.log.chain import QueueStats
from nazh.application.log.ports import RollLog
from nazh.application.odds.use_cases import OddsOf
from nazh.application.rolls.arrival import Arrival
from nazh.application.settings.server import CACHE_SECONDS, GuildSettings, GuildSettingsStore
from nazh.application.shared.clock import Clock
from nazh.application.shared.periodic import Periodic
from nazh.application.stats.dice_stats import DieFairness, Tallier
from nazh.application.status.health import BuildInfo, GatewayProbe, StatusReport

if TYPE_CHECKING:
    from nazh.adapters.ratelimit.redis import RedisRateLimiter

log = logging.getLogger(__name__)


PRUNE_SECONDS = 60.0
"""How often expired interaction ids and settled roll claims are forgotten."""


def checkpoint_job(config: StorageConfig, roll_log: SqlRollLog,
                    clock: Clock) -> CheckpointJob | None:
    """The checkpoint job when ``NAZH_SIGNING_KEY`` is set."""
    if config.signing_key is None:
        return None
    return CheckpointJob(roll_log, FileCheckpointSink(config.checkpoint_file),
                         Ed25519Signer(config.signing_key.get_secret_value()), clock,
                         CheckpointSchedule(config.checkpoint_every, config.checkpoint_minutes))


def checkpoint_check(config: StorageConfig) -> CheckpointCheck | None:
    """What /verify checks rolls against when ``NAZH_SIGNING_KEY`` is set."""
    if config.signing_key is None:
        return None
    return CheckpointCheck(FileCheckpointSink(config.checkpoint_file),
                           public_key_of(config.signing_key.get_secret_value()),
                           valid_signature)


def tallier() -> Tallier:
    """Counts for /stats, with pools too big to count exactly approximated."""
    return Tallier(OddsOf(NumpyConvolution()))


def retention(roll_log: SqlRollLog, checkpoints: CheckpointJob | None) -> object:
    """The log's purges, publishing their anchors when checkpoints are on."""
    return roll_log if checkpoints is None else CheckpointedRetention(roll_log, checkpoints)


def mirror_job(config: Config, guild_settings: GuildSettings, roll_log: SqlRollLog,
                app: Callable[[], GatewayApp | HttpApp]) -> MirrorJob | None:
    """Forwards checkpoints to anchor channels and ``NAZH_CHECKPOINT_URL`` (with a signing key)."""
    if config.signing_key is None:
        return None
    mirrors: list[CheckpointMirror] = [
        AnchorChannels(lambda: app().bot.rest, guild_settings, roll_log)]
    if config.checkpoint_url is not None:
        token = config.checkpoint_url_token
        mirrors.append(UrlCheckpointMirror(
            config.checkpoint_url.get_secret_value(),
            None if token is None else token.get_secret_value()))
    return MirrorJob(FileCheckpointSink(config.checkpoint_file), mirrors,
                     FileMirrorProgress(config.checkpoint_mirror_file))


def shared_ledger(config: Config, engine: AsyncEngine) -> InteractionLedger:
    """Where ``nazh serve`` claims interaction ids: Redis if set, else PostgreSQL, else here."""
    if config.redis_url is not None:
        from nazh.adapters.redis.interactions import RedisInteractionLedger  # noqa: PLC0415

        return RedisInteractionLedger(config.redis_url.get_secret_value())
    if engine.dialect.name == "postgresql":
        return SqlInteractionLedger(engine)
    return LocalInteractionLedger()


def arrival(engine: AsyncEngine) -> Arrival | None:
    """How long a click waits for a roll another replica made (only PostgreSQL has replicas)."""
    return Arrival() if engine.dialect.name == "postgresql" else None


def guild_settings(store: GuildSettingsStore, clock: Clock, history_days: int | None,
                   engine: AsyncEngine) -> GuildSettings:
    """Servers' settings through a cache: 10 s on PostgreSQL (replicas change them), else LRU."""
    return GuildSettings(store, clock, history_days,
                         cache_seconds=CACHE_SECONDS if engine.dialect.name == "postgresql"
                         else None)


def roll_claims(engine: AsyncEngine, clock: Clock,
                log: SqlRollLog) -> SqlRollClaims | LocalRollClaims:
    """Where amendments are claimed: PostgreSQL's table, else this process (no statement)."""
    if engine.dialect.name == "postgresql":
        return SqlRollClaims(engine, clock)
    return LocalRollClaims(log, clock)


def log_target(claims: SqlRollClaims | LocalRollClaims, log: SqlRollLog) -> RollLog:
    """What the log writer appends to: the claims when they are this process's, else the log."""
    return claims if isinstance(claims, LocalRollClaims) else log


def claims_pruning(claims: SqlRollClaims | LocalRollClaims) -> Periodic:
    return Periodic("roll-claims", claims.prune, PRUNE_SECONDS, "pruning roll claims failed",
                    first_at_once=False)


def rate_limiter(config: Config) -> LocalRateLimiter | RedisRateLimiter:
    """Shared by the replicas through Redis when ``NAZH_REDIS_URL`` is set, else local."""
    if config.redis_url is None:
        return LocalRateLimiter()
    from nazh.adapters.ratelimit.redis import RedisRateLimiter  # noqa: PLC0415

    return RedisRateLimiter(config.redis_url.get_secret_value())


def discord_config(config: Config) -> DiscordConfig:
    return DiscordConfig(config.discord_token.get_secret_value(), config.discord_api_url,
                         config.dev_guilds, shards=config.shard_plan)


def about_info(config: Config) -> AboutInfo:
    key = config.signing_key
    return AboutInfo(
        version=package_version(), commit=config.commit,
        seeded=config.rng == "seeded" and config.rng_seed is not None,
        public_key=None if key is None else public_key_of(key.get_secret_value()),
        checkpoint_every=config.checkpoint_every,
        checkpoint_minutes=config.checkpoint_minutes,
        url_mirror=config.checkpoint_url is not None)


def build_info(config: Config) -> BuildInfo:
    return BuildInfo(version=package_version(), commit=config.commit)


def package_version() -> str:
    """Nazh's installed version (``unknown`` when not installed)."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("nazh")
    except PackageNotFoundError:
        return "unknown"


def registry(service: containers.Container, probe: GatewayProbe, build: BuildInfo,
             writes: QueueStats) -> CollectorRegistry:
    """The service's metrics registry: the gateway's and the roll log writer's."""
    found: CollectorRegistry = service.registry()
    register_gateway(found, probe, build)
    register_roll_log(found, writes)
    return found


def sidecar(config: Config, metrics: CollectorRegistry, probe: GatewayProbe,
            status: StatusReport, routes: Sequence[Route]) -> Sidecar:
    host, port = config.sidecar_address
    return Sidecar(host, port, metrics, probe, status, routes)


def interactions_route(endpoint: InteractionEndpoint) -> Route:
    return ("POST", "/interactions", endpoint.handle)


def callbacks(config: Config) -> DiscordCallbacks:
    # Interaction callbacks are outside Discord's global rate limit: nothing to share, no
    # proxy in their way (nor its outage).
    return DiscordCallbacks(config.discord_callback_url or config.discord_api_url,
                            user_agent=f"DiscordBot (nazh, {package_version()})")


def voices(config: Config, settings: GuildSettings) -> TableVoices:
    """The languages interactions are answered in, from the shipped catalogs."""
    return TableVoices(settings, shipped_catalogs(), pseudo=config.pseudo_locale)


def attachments(config: Config) -> AttachmentReader:
    return AttachmentReader(config.attachment_origins)


def http_config(config: Config) -> HttpConfig:
    return HttpConfig(config.discord_token.get_secret_value(), config.discord_public_key or "",
                      config.discord_api_url, config.dev_guilds)


def endpoint(config: Config, app: HttpApp) -> InteractionEndpoint:
    return InteractionEndpoint(config.discord_public_key or "", app.dispatch,
                               lambda: app.application_id)


def fairness_chart(die: DieFairness, title: str, caption: str) -> bytes:
    """The /stats chart of ``die`` (its drawing code imported on the first /stats)."""
    from nazh.adapters.chart.stats_chart import render_fairness_png  # noqa: PLC0415

    return render_fairness_png(die, title, caption)
