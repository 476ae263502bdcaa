"""The requests' and endeavors' tables (migration 0013), on :data:`~.tables.metadata`."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text
from sqlalchemy.types import JSON

from nazh.adapters.storage.tables import UtcDateTime, metadata

REQUEST_ID_LENGTH = 32

# Version as an encounter's (a change kept only on the version read); the request as JSON
# (:mod:`.request_document`).
requests = Table(
    "requests", metadata,
    Column("request_id", String(REQUEST_ID_LENGTH), primary_key=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("requested_by", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", JSON, nullable=False),
    Column("card_message_id", BigInteger, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
Index("ix_requests_channel_id", requests.c.channel_id)

# ``once``: the key of a change made once (``rolled:<roll id>``), unique: a second is refused in the
# change's transaction, on any replica.
request_log = Table(
    "request_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(REQUEST_ID_LENGTH), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("detail", Text, nullable=False),
    Column("once", Text, nullable=True, unique=True),
)
Index("ix_request_log_request_id", request_log.c.request_id, request_log.c.id)

endeavors = Table(
    "endeavors", metadata,
    Column("endeavor_id", String(REQUEST_ID_LENGTH), primary_key=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("started_by", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", JSON, nullable=False),
    Column("card_message_id", BigInteger, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=True),
)
Index("ix_endeavors_channel_id", endeavors.c.channel_id)
