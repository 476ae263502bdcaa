"""The sessions' tables (migration 0014), described on the schema's one
:data:`~.tables.metadata`.

``sessions``
    One row per session (``/session``): where it is played, who started it and when, its name,
    and when, how (``ended``: by a GM; ``quiet``: by Nazh after a quiet spell) and by whom it
    ended (null while open), and ``first_seq``: the head of the channel's chain when it
    started (its rolls' records come after it). A partial unique index on ``channel_id``
    where ``ended_at`` is null keeps one open session per channel, decided by the database;
    ``(channel_id, started_at)`` indexes a channel's sessions.
``session_settings``
    One row per server that set its quiet spell: its length in minutes, who set it, when.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

from nazh.adapters.storage.tables import UtcDateTime, metadata

SESSION_ID_LENGTH = 32

sessions = Table(
    "sessions", metadata,
    Column("session_id", String(SESSION_ID_LENGTH), primary_key=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("name", Text, nullable=False),
    Column("started_by", BigInteger, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=True),
    Column("ending", String(16), nullable=True),
    Column("ended_by", BigInteger, nullable=True),
    Column("first_seq", BigInteger, nullable=False),
)
Index("ix_sessions_channel_id_started_at", sessions.c.channel_id, sessions.c.started_at)
# One open session per channel. The migration (0014) makes the index partial on PostgreSQL too
# (postgresql_where); not repeated here, as at the encounters' (see tables.py).
Index("ux_sessions_open_channel", sessions.c.channel_id, unique=True,
      sqlite_where=sessions.c.ended_at.is_(None))

session_settings = Table(
    "session_settings", metadata,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("quiet_minutes", Integer, nullable=False),
    Column("updated_by", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
