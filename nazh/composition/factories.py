"""Small functions the containers call to build a part from the settings."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.config.settings import Settings, StorageSettings
from nazh.adapters.crypto.ed25519 import Ed25519Signer, public_key_of, valid_signature
from nazh.adapters.discord.about import AboutInfo
from nazh.adapters.discord.anchors import AnchorChannels
from nazh.adapters.discord.attachments import AttachmentReader
from nazh.adapters.discord.callbacks import DiscordCallbacks
from nazh.adapters.discord.gateway.app import DiscordConfig
from nazh.adapters.discord.http.app import HttpApp, HttpConfig
from nazh.adapters.discord.http.endpoint import InteractionEndpoint
from nazh.adapters.http.checkpoint_url import UrlCheckpointMirror
from nazh.adapters.http.sidecar import Route, Sidecar
from nazh.adapters.memory.interactions import LocalInteractionLedger
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
from nazh.application.odds.use_cases import OddsOf
from nazh.application.settings.server import GuildSettings
from nazh.application.shared.periodic import Periodic
from nazh.application.stats.dice_stats import Tallier
from nazh.application.status.health import BuildInfo, GatewayProbe, StatusReport

if TYPE_CHECKING:
    from nazh.adapters.ratelimit.redis import RedisRateLimiter

log = logging.getLogger(__name__)


PRUNE_SECONDS = 60.0
"""How often expired interaction ids and settled roll claims are forgotten."""


def checkpoint_job(settings: StorageSettings, roll_log: SqlRollLog,
                    clock: Any) -> CheckpointJob | None:
    """The checkpoint job when ``NAZH_SIGNING_KEY`` is set."""
    if settings.signing_key is None:
        return None
    return CheckpointJob(roll_log, FileCheckpointSink(settings.checkpoint_file),
                         Ed25519Signer(settings.signing_key.get_secret_value()), clock,
                         CheckpointSchedule(settings.checkpoint_every, settings.checkpoint_minutes))


def checkpoint_check(settings: StorageSettings) -> CheckpointCheck | None:
    """What /verify checks rolls against when ``NAZH_SIGNING_KEY`` is set."""
    if settings.signing_key is None:
        return None
    return CheckpointCheck(FileCheckpointSink(settings.checkpoint_file),
                           public_key_of(settings.signing_key.get_secret_value()),
                           valid_signature)


def tallier() -> Tallier:
    """Counts for /stats, with pools too big to count exactly approximated."""
    return Tallier(OddsOf(NumpyConvolution()))


def retention(roll_log: SqlRollLog, checkpoints: CheckpointJob | None) -> Any:
    """The log's purges, publishing their anchors when checkpoints are on."""
    return roll_log if checkpoints is None else CheckpointedRetention(roll_log, checkpoints)


def mirror_job(settings: Settings, guild_settings: GuildSettings, roll_log: SqlRollLog,
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


def shared_ledger(settings: Settings, engine: AsyncEngine) -> InteractionLedger:
    """Where ``nazh serve``'s workers claim interaction ids: Redis when ``NAZH_REDIS_URL`` is
    set (the client imported only then), else PostgreSQL, else this process (SQLite serves one
    process)."""
    if settings.redis_url is not None:
        from nazh.adapters.redis.interactions import RedisInteractionLedger  # noqa: PLC0415

        return RedisInteractionLedger(settings.redis_url.get_secret_value())
    if engine.dialect.name == "postgresql":
        return SqlInteractionLedger(engine)
    return LocalInteractionLedger()


def claims_pruning(claims: SqlRollClaims) -> Periodic:
    return Periodic("roll-claims", claims.prune, PRUNE_SECONDS, "pruning roll claims failed",
                    first_at_once=False)


def rate_limiter(settings: Settings) -> LocalRateLimiter | RedisRateLimiter:
    """Shared by the replicas through Redis when ``NAZH_REDIS_URL`` is set, else local (the
    Redis client is imported only then)."""
    if settings.redis_url is None:
        return LocalRateLimiter()
    from nazh.adapters.ratelimit.redis import RedisRateLimiter  # noqa: PLC0415

    return RedisRateLimiter(settings.redis_url.get_secret_value())


def discord_config(settings: Settings) -> DiscordConfig:
    return DiscordConfig(settings.discord_token.get_secret_value(), settings.discord_api_url,
                         settings.dev_guilds, shards=settings.shard_plan)


def about_info(settings: Settings) -> AboutInfo:
    key = settings.signing_key
    return AboutInfo(
        version=package_version(), commit=settings.commit,
        seeded=settings.rng == "seeded" and settings.rng_seed is not None,
        public_key=None if key is None else public_key_of(key.get_secret_value()),
        checkpoint_every=settings.checkpoint_every,
        checkpoint_minutes=settings.checkpoint_minutes,
        url_mirror=settings.checkpoint_url is not None)


def build_info(settings: Settings) -> BuildInfo:
    return BuildInfo(version=package_version(), commit=settings.commit)


def package_version() -> str:
    """Nazh's installed version (``unknown`` when not installed)."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("nazh")
    except PackageNotFoundError:
        return "unknown"


def registry(service: Any, probe: GatewayProbe, build: BuildInfo,
             writes: QueueStats) -> CollectorRegistry:
    """The service's metrics registry, with the gateway's and the roll log writer's."""
    found: CollectorRegistry = service.registry()
    register_gateway(found, probe, build)
    register_roll_log(found, writes)
    return found


def sidecar(settings: Settings, metrics: CollectorRegistry, probe: GatewayProbe,
            status: StatusReport, routes: Sequence[Route]) -> Sidecar:
    host, port = settings.sidecar_address
    return Sidecar(host, port, metrics, probe, status, routes)


def interactions_route(endpoint: InteractionEndpoint) -> Route:
    return ("POST", "/interactions", endpoint.handle)


def callbacks(settings: Settings) -> DiscordCallbacks:
    return DiscordCallbacks(settings.discord_api_url,
                            user_agent=f"DiscordBot (nazh, {package_version()})")


def attachments(settings: Settings) -> AttachmentReader:
    return AttachmentReader(settings.attachment_origins)


def http_config(settings: Settings) -> HttpConfig:
    return HttpConfig(settings.discord_token.get_secret_value(), settings.discord_public_key or "",
                      settings.discord_api_url, settings.dev_guilds)


def endpoint(settings: Settings, app: HttpApp) -> InteractionEndpoint:
    return InteractionEndpoint(settings.discord_public_key or "", app.dispatch,
                               lambda: app.application_id)
