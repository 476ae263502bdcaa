"""The requests' and endeavors' tables (migration 0013), described on the schema's one
:data:`~.tables.metadata`.

``requests``
    One row per request (``/request``): where it was asked, by whom, its ``version`` (changed
    only on the version read, as an encounter's), the whole request as JSON
    (:mod:`.request_document`), its card's message, and when it was asked and last changed.
    Indexed by ``channel_id``.
``request_log``
    Each change of a request (who, when, what), appended with the change in one transaction;
    read newest first by ``(request_id, id)``. ``once``: the key of a change made once (a
    roll settled, ``rolled:<roll id>``), unique: a second one is refused in the change's
    transaction, on any number of replicas.
``endeavors``
    One row per endeavor (``/endeavor``): where it runs, who started it, its ``version``, the
    whole endeavor with its history as JSON (:mod:`.endeavor_document`), its card's message,
    when it started, last changed and ended. Indexed by ``channel_id``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text
from sqlalchemy.types import JSON

from nazh.adapters.storage.tables import UtcDateTime, metadata

REQUEST_ID_LENGTH = 32

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
