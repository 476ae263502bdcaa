"""Sessions in SQL: :class:`SqlSessionStore` keeps them and the servers' quiet spells
(:class:`~nazh.application.sessions.ports.SessionStore`, ``QuietSettings``, ``OpenChannels``),
and :class:`SqlSessionReader` reads what a session's channel did (``ChannelActivity``,
``SessionLog``, ``SessionPlay``) from the roll log and the encounters', requests' and
endeavors' tables.

The database decides between two acts made at once, on any number of replicas: a new session
is inserted with ``ON CONFLICT DO NOTHING`` on the partial unique index of the open sessions'
channels (a second one inserts nothing: ``False``), and an end is ``UPDATE ... WHERE ended_at IS
NULL`` (a second one finds no row: ``False``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, select, union_all, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import IMMEDIATE, SINGLE_STATEMENTS, upsert
from nazh.adapters.storage.encounters import SqlEncounterStore
from nazh.adapters.storage.endeavors import SqlEndeavorStore
from nazh.adapters.storage.request_tables import endeavors, request_log, requests
from nazh.adapters.storage.requests import SqlRequestStore
from nazh.adapters.storage.session_tables import session_settings, sessions
from nazh.adapters.storage.tables import (
    chain_heads,
    chained_of,
    encounter_log,
    encounters,
    roll_heads,
    roll_log,
)
from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.log.chain import ChainedEntry, EntryKind
from nazh.application.requests.model import RequestRecord
from nazh.application.sessions.model import Fight, SessionRecord
from nazh.domain.session import Ending, Session

_OPEN = sessions.c.ended_at.is_(None)
FIGHT_LOG = 1000
"""The entries of a fight's log read at most (its newest)."""
PLAYED = 200
"""The fights, requests or endeavors of a session read at most (its first)."""


class SqlSessionStore:
    """Sessions and the servers' quiet spells (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._postgres = engine.dialect.name == "postgresql"
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        # Reads are single statements (each sees one snapshot): they skip BEGIN/ROLLBACK.
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self._postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})

    async def open_in(self, channel_id: int) -> SessionRecord | None:
        """The channel's open session (``None``: none)."""
        found = await self._listed(1, sessions.c.channel_id == channel_id, _OPEN)
        return found[0] if found else None

    async def get(self, session_id: str) -> SessionRecord | None:
        """A session by id (``None``: no such id)."""
        found = await self._listed(1, sessions.c.session_id == session_id)
        return found[0] if found else None

    async def in_channel(self, channel_id: int, limit: int) -> list[SessionRecord]:
        """The channel's latest sessions, newest first."""
        return await self._listed(limit, sessions.c.channel_id == channel_id)

    async def open_channels(self) -> frozenset[int]:
        """The channels with an open session."""
        async with self._reader.connect() as connection:
            rows = await connection.execute(select(sessions.c.channel_id).where(_OPEN))
        return frozenset(int(row.channel_id) for row in rows)

    async def create(self, record: SessionRecord) -> bool:
        """Keep a new session; ``False`` when its channel has an open one."""
        session = record.session
        statement = upsert(sessions, self._postgres).values(
            session_id=record.session_id, guild_id=record.guild_id,
            channel_id=record.channel_id, name=session.name, started_by=record.started_by,
            started_at=session.started_at, ended_at=None, ending=None, ended_by=None,
            first_seq=record.first_seq)
        async with self._writer.begin() as connection:
            kept = (await connection.execute(
                statement.on_conflict_do_nothing(index_elements=[sessions.c.channel_id],
                                                 index_where=_OPEN)
                .returning(sessions.c.session_id))).first()
        return kept is not None

    async def end(self, record: SessionRecord) -> bool:
        """Keep the session's end; ``False`` when it had ended already."""
        session = record.session
        async with self._writer.begin() as connection:
            changed = await connection.execute(
                update(sessions).where(sessions.c.session_id == record.session_id, _OPEN)
                .values(ended_at=session.ended_at, ended_by=record.ended_by,
                        ending=None if session.ending is None else session.ending.value))
        return changed.rowcount == 1

    async def quiet(self, guild_id: int) -> timedelta | None:
        """The server's quiet spell (``None``: never set)."""
        async with self._reader.connect() as connection:
            minutes = (await connection.execute(
                select(session_settings.c.quiet_minutes)
                .where(session_settings.c.guild_id == guild_id))).scalar_one_or_none()
        return None if minutes is None else timedelta(minutes=int(minutes))

    async def set_quiet(self, guild_id: int, quiet: timedelta, user_id: int,
                        at: datetime) -> None:
        """Keep the server's quiet spell."""
        values = {"quiet_minutes": int(quiet.total_seconds() // 60), "updated_by": user_id,
                  "updated_at": at}
        async with self._writer.begin() as connection:
            await connection.execute(
                upsert(session_settings, self._postgres).values(guild_id=guild_id, **values)
                .on_conflict_do_update(index_elements=[session_settings.c.guild_id],
                                       set_=values))

    async def _listed(self, limit: int, *where: ColumnElement[bool]) -> list[SessionRecord]:
        async with self._reader.connect() as connection:
            rows = (await connection.execute(
                select(sessions).where(*where)
                .order_by(sessions.c.started_at.desc(), sessions.c.session_id.desc())
                .limit(limit))).all()
        return [_record_of(row) for row in rows]


def _record_of(row: Row[object]) -> SessionRecord:
    ending = None if row.ending is None else Ending(row.ending)
    return SessionRecord(
        str(row.session_id), int(row.guild_id), int(row.channel_id), int(row.started_by),
        Session(str(row.name), row.started_at, row.ended_at, ending),
        None if row.ended_by is None else int(row.ended_by), int(row.first_seq))


class SqlSessionReader:
    """What a session's channel did: its rolls in the roll log, and its fights, requests and
    endeavors, read through their own stores."""

    def __init__(self, engine: AsyncEngine, encounter_store: SqlEncounterStore,
                 request_store: SqlRequestStore, endeavor_store: SqlEndeavorStore) -> None:
        postgres = engine.dialect.name == "postgresql"
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})
        self._encounters = encounter_store
        self._requests = request_store
        self._endeavors = endeavor_store

    async def head(self, channel_id: int) -> int:
        """The sequence number of the channel's last record (0: none)."""
        async with self._reader.connect() as connection:
            seq = (await connection.execute(
                select(chain_heads.c.seq).where(chain_heads.c.channel_id == channel_id))
                   ).scalar_one_or_none()
        return 0 if seq is None else int(seq)

    async def rolls(self, record: SessionRecord, limit: int) -> list[ChainedEntry]:
        """The latest record of each roll first made in the session, oldest first: the
        channel's rolls after its first record (an index range of ``roll_heads``), made
        within its times."""
        session = record.session
        where = [roll_heads.c.channel_id == record.channel_id,
                 roll_heads.c.first_seq > record.first_seq,
                 roll_log.c.at >= session.started_at]
        if session.ended_at is not None:
            where.append(roll_log.c.at <= session.ended_at)
        async with self._reader.connect() as connection:
            rows = await connection.execute(
                select(roll_log)
                .join(roll_heads, and_(roll_log.c.channel_id == roll_heads.c.channel_id,
                                       roll_log.c.seq == roll_heads.c.latest_seq))
                .where(*where).order_by(roll_heads.c.first_seq).limit(limit))
            return [chained_of(row) for row in rows]

    async def activity(self, record: SessionRecord, since: datetime,
                       limit: int) -> list[datetime]:
        """The times of the acts in the session's channel after ``since``, oldest first: its
        rolls (after its first record), its encounters' and requests' changes, its
        endeavors' latest change."""
        channel = record.channel_id
        acts = union_all(
            select(roll_log.c.at.label("at")).where(
                roll_log.c.channel_id == channel, roll_log.c.seq > record.first_seq,
                roll_log.c.kind == EntryKind.ROLL.value, roll_log.c.at > since),
            select(encounter_log.c.at).join(
                encounters, encounters.c.encounter_id == encounter_log.c.encounter_id).where(
                encounters.c.channel_id == channel, encounters.c.updated_at > since,
                encounter_log.c.at > since),
            select(request_log.c.at).join(
                requests, requests.c.request_id == request_log.c.request_id).where(
                requests.c.channel_id == channel, requests.c.updated_at > since,
                request_log.c.at > since),
            select(endeavors.c.updated_at).where(endeavors.c.channel_id == channel,
                                                 endeavors.c.updated_at > since),
        ).subquery("acts")
        async with self._reader.connect() as connection:
            rows = await connection.execute(
                select(acts.c.at).order_by(acts.c.at).limit(limit))
            return [row.at for row in rows]

    async def fights(self, record: SessionRecord) -> list[Fight]:
        """The encounters started in the session, oldest first, each with its log."""
        found = []
        for encounter_id in await self._started(encounters.c.encounter_id,
                                                encounters.c.channel_id,
                                                encounters.c.created_at, record):
            kept = await self._encounters.get(encounter_id)
            if kept is not None:
                log = await self._encounters.log(encounter_id, FIGHT_LOG)
                found.append(Fight(kept, tuple(reversed(log))))
        return found

    async def requests(self, record: SessionRecord) -> list[RequestRecord]:
        """The requests asked in the session, oldest first."""
        ids = await self._started(requests.c.request_id, requests.c.channel_id,
                                  requests.c.created_at, record)
        return [kept for request_id in ids
                if (kept := await self._requests.get(request_id)) is not None]

    async def endeavors(self, record: SessionRecord) -> list[EndeavorRecord]:
        """The endeavors started in the session, oldest first."""
        ids = await self._started(endeavors.c.endeavor_id, endeavors.c.channel_id,
                                  endeavors.c.created_at, record)
        return [kept for endeavor_id in ids
                if (kept := await self._endeavors.get(endeavor_id)) is not None]

    async def _started(self, key: ColumnElement[str], channel: ColumnElement[int],
                       created: ColumnElement[datetime], record: SessionRecord) -> list[str]:
        """The ids of the rows of a table made in the session's channel during it."""
        session = record.session
        where = [channel == record.channel_id, created >= session.started_at]
        if session.ended_at is not None:
            where.append(created <= session.ended_at)
        async with self._reader.connect() as connection:
            rows = await connection.execute(
                select(key).where(*where).order_by(created, key).limit(PLAYED))
            return [str(row[0]) for row in rows]
