"""Alembic environment: on the connection :func:`upgrade_database` passes, or the URL."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import Connection

from nazh.adapters.storage import (
    request_tables,  # noqa: F401 - its tables on the metadata
    session_tables,  # noqa: F401 - its tables on the metadata
)
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.tables import metadata


def run_on(connection: Connection) -> None:
    """Run the migrations on an open connection."""
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


async def run_standalone(url: str) -> None:
    """Run the migrations on a new engine for ``url``."""
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_on)
    finally:
        await engine.dispose()


def main() -> None:
    """Alembic's entry point (offline mode is not supported)."""
    if context.is_offline_mode():
        raise SystemExit("offline migrations are not supported; run `nazh db upgrade`")
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get("NAZH_DATABASE_URL")
    if not url:
        raise SystemExit("set NAZH_DATABASE_URL (or use `nazh db upgrade`)")
    asyncio.run(run_standalone(url))


main()
