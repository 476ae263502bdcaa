"""``nazh db`` and ``nazh log``: the storage commands, on the containers' storage."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.chart.stats_chart import render_fairness_png
from nazh.adapters.cli.app import Console
from nazh.adapters.cli.log import (
    StorageTools,
    TargetDatabaseError,
    no_log_yet,
    run_storage_command,
)
from nazh.adapters.cli.verify import Anchors
from nazh.adapters.config.environment import StorageConfig
from nazh.adapters.crypto.ed25519 import public_key_of, valid_signature
from nazh.adapters.storage.checkpoint_file import (
    CheckpointFileError,
    read_checkpoints,
)
from nazh.adapters.storage.database import (
    UnsupportedDatabaseError,
    create_engine,
    display_url,
)
from nazh.adapters.storage.integrity import StorageDamagedError, check_sqlite, sqlite_path
from nazh.adapters.storage.journal import JournalError
from nazh.adapters.storage.migrations import current_revision, upgrade_database
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.transfer import TransferError, backup_sqlite, copy_log
from nazh.application.log.chain import ChainVerdict
from nazh.application.stats.dice_stats import DiceStats
from nazh.composition.containers import Container

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


def anchors_of(args: argparse.Namespace, config: StorageConfig) -> Anchors:
    """The checkpoints of ``--anchors FILE`` and the key they need (``--public-key`` or ours)."""
    # Never the key the file names: whoever rewrote a chain could have re-signed it with theirs.
    key = args.public_key or (public_key_of(config.signing_key.get_secret_value())
                              if config.signing_key else None)
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
    """Copy the log at ``source`` into the empty database at ``url``; the count and each verdict."""
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


def storage_container(config: StorageConfig) -> Container:
    """A container for the storage commands (storage config only, no Discord token)."""
    return Container(config=config)


async def storage_command(args: argparse.Namespace, config: StorageConfig,
                          console: Console) -> int:
    """Run ``nazh db|log|history`` on the database of ``config``."""
    path = sqlite_path(config.database_url)
    upgrading = args.command == "db" and args.action == "upgrade"
    if not upgrading and path is not None and not path.exists():
        return no_log_yet(args, str(path), console)
    container = storage_container(config)
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
        revision=lambda: current_revision(engine), log=roll_log, clock=container.basics.clock(),
        default_days=config.history_days,
        check=lambda init: check_sqlite(engine.url, allow_empty=init), recover=recover,
        failures=(SQLAlchemyError, OSError, StorageDamagedError, JournalError),
        backup=lambda file: backup_sqlite(config.database_url, file),
        anchors=lambda parsed: anchors_of(parsed, config),
        copy=lambda url: copy_and_verify(engine, url),
        refusals=(TransferError, UnsupportedDatabaseError, ArgumentError, CheckpointFileError),
        named=(JournalError,),
        stats=DiceStats(container.storage.stats(), container.storage.tallier(),
                        container.basics.clock()),
        chart=render_fairness_png, encounters=container.storage.encounter_store(),
        sessions=container.service.sessions())
    try:
        return await run_storage_command(args, tools, console)
    finally:
        await engine.dispose()
