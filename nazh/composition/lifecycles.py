"""Lifecycles (dependency-injector ``Resource`` generators): start what must run, stop in order."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.discord.runtime.callbacks import DiscordCallbacks
from nazh.adapters.http.sidecar import Sidecar
from nazh.adapters.ratelimit.local import LocalRateLimiter
from nazh.adapters.storage.database import warm_pool
from nazh.adapters.storage.integrity import check_sqlite
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.workers.odds import ProcessOddsWorker
from nazh.application.admission.once import HandledOnce
from nazh.application.checkpoints.mirrors import MirrorJob
from nazh.application.checkpoints.signed import (
    CheckpointJob,
)
from nazh.application.log.retention import RetentionJob
from nazh.application.log.writer import LogWriter
from nazh.application.shared.periodic import Periodic
from nazh.application.stats.dice_stats import AuditJob
from nazh.composition.factories import PRUNE_SECONDS

if TYPE_CHECKING:
    from nazh.adapters.ratelimit.redis import RedisRateLimiter

log = logging.getLogger(__name__)


STORAGE_ATTEMPTS = 6
"""Attempts to reach the database at start: 1 + 2 + 4 + 8 + 16 s between them, about 31 s."""


class StorageUnavailableError(Exception):
    """The database could not be reached (or migrated) at start."""


async def storage_lifecycle(engine: AsyncEngine, writer: LogWriter, retention: RetentionJob,
                            attempts: int,
                            checkpoints: CheckpointJob | None = None) -> AsyncIterator[None]:
    """Migrate (with retries), start the log writer, retention and checkpoints; then stop them."""
    try:
        await checked_upgrade(engine, attempts)
        await warm_pool(engine)
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


async def periodic_lifecycle(job: Periodic) -> AsyncIterator[None]:
    """Run ``job`` while the bot runs."""
    job.start()
    try:
        yield
    finally:
        await job.stop()


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
    """Append what crashed runs left in the roll journal, before any new roll."""
    try:
        return await writer.recover()
    except (OSError, ConnectionError, TimeoutError, SQLAlchemyError) as error:
        reason = f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:200]}"
        raise StorageUnavailableError(
            f"nazh run: the roll journal could not be appended to the database ({reason}); "
            "it is kept for the next start") from None


async def checked_upgrade(engine: AsyncEngine, attempts: int) -> None:
    """Refuse a damaged SQLite log, then migrate (retrying while the database is unreachable)."""
    await asyncio.to_thread(check_sqlite, engine.url)
    await upgrade_with_retries(engine, attempts)


async def upgrade_with_retries(engine: AsyncEngine, attempts: int) -> str:
    """Apply the migrations; retry with backoff while the database is unreachable."""
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


async def callbacks_lifecycle(callbacks: DiscordCallbacks) -> AsyncIterator[None]:
    """Close the interaction callbacks' connections at the end."""
    try:
        yield
    finally:
        await callbacks.close()
