"""The fake gateway: Discord's websocket protocol (v10, JSON, optional zlib-stream or
zstd-stream transport compression)."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from aiohttp import WSMsgType, web

from nazh.application.shared.json_types import JsonObject, JsonValue
from tests.waiting import NeverHappenedError, until

from .json_values import json_bytes, json_copy

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT = 0, 1, 2, 6, 7
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11
GUILDS_INTENT: Final = 1 << 0
AUTHENTICATION_FAILED: Final = 4004
_CLOSE_TIMEOUT_S: Final = 2.0

_LOGGER = logging.getLogger(__name__)


COMPRESSIONS = ("zlib-stream", "zstd-stream")
"""Transport compressions Discord offers: every frame continues one stream per connection."""


def _stream(compression: str | None) -> Callable[[bytes], bytes] | None:
    """One connection's compression stream: each message compressed and flushed to a frame."""
    if compression == "zlib-stream":
        deflater = zlib.compressobj()
        return lambda data: deflater.compress(data) + deflater.flush(zlib.Z_SYNC_FLUSH)
    if compression == "zstd-stream":
        if sys.version_info >= (3, 14):
            from compression import zstd
        else:
            from backports import zstd
        compressor = zstd.ZstdCompressor()
        return lambda data: compressor.compress(data, mode=compressor.FLUSH_BLOCK)
    return None


class _Connection:
    """One websocket; all frames go through one compression stream when compression is on."""

    def __init__(self, ws: web.WebSocketResponse, *, compression: str | None) -> None:
        self.ws = ws
        self.session: _Session | None = None
        self.ready = False
        self._deflater = _stream(compression)
        self._lock = asyncio.Lock()

    async def send(self, payload: JsonObject) -> bool:
        """Send one payload (a BINARY compressed frame, or TEXT); False if the socket is gone."""
        data = json_bytes(payload)
        async with self._lock:  # compressing and sending must happen in the same order
            if self.ws.closed:
                return False
            try:
                if self._deflater is None:
                    await self.ws.send_str(data.decode())
                else:
                    await self.ws.send_bytes(self._deflater(data))
            except ConnectionError:
                return False
        return True


@dataclass
class _Session:
    """A gateway session: survives disconnects until the client identifies anew."""

    id: str
    intents: int
    shard: list[int]
    seq: int = 0
    log: list[JsonObject] = field(default_factory=list)
    connection: _Connection | None = None

    def next_dispatch(self, event: str, data: JsonValue) -> JsonObject:
        """Number a dispatch with the next sequence and keep it for replay on resume."""
        self.seq += 1
        payload: JsonObject = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.log.append(payload)
        return payload


class FakeGateway:
    """Serves ``/gw``: HELLO, heartbeat ACK, IDENTIFY -> READY (+GUILD_CREATE), RESUME."""

    def __init__(
        self,
        *,
        token: str,
        bot_user: JsonObject,
        application_id: str,
        guilds: Sequence[JsonObject],
        heartbeat_interval_ms: int,
    ) -> None:
        self.url = ""
        self.identify_count = 0
        self.resume_count = 0
        self.received: list[JsonObject] = []
        self._token = token
        self._bot_user = bot_user
        self._application_id = application_id
        self._guilds = list(guilds)
        self._heartbeat_interval_ms = heartbeat_interval_ms
        self._connections: set[_Connection] = set()
        self._sessions: dict[str, _Session] = {}
        self._ready = asyncio.Event()

    @property
    def connected(self) -> bool:
        """True while at least one connection has completed READY or RESUMED."""
        return any(conn.ready and not conn.ws.closed for conn in self._connections)

    async def wait_ready(self, timeout: float) -> None:
        """Wait until a connection is ready (READY or RESUMED sent)."""
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            msg = f"gateway not ready within {timeout}s (identifies={self.identify_count})"
            raise TimeoutError(msg) from None

    def ready_shards(self) -> set[tuple[int, int]]:
        """``(shard_id, shard_count)`` of every connection that is ready now."""
        return {(conn.session.shard[0], conn.session.shard[1]) for conn in self._connections
                if conn.ready and not conn.ws.closed and conn.session is not None}

    async def wait_shards(self, shards: set[tuple[int, int]], timeout: float) -> None:
        """Wait until every ``(shard_id, shard_count)`` in ``shards`` is connected and ready."""
        try:
            await until(lambda: shards <= self.ready_shards(), timeout=timeout,
                        what="every shard ready", every=0.02)
        except NeverHappenedError as error:
            msg = (f"shards {sorted(shards - self.ready_shards())} not ready within "
                   f"{timeout}s (ready: {sorted(self.ready_shards())})")
            raise TimeoutError(msg) from error

    async def dispatch(self, event: str, data: JsonValue, *, owned: bool = False) -> None:
        """Send an op-0 dispatch to the session of the event's shard (as Discord does: a
        guild's events go to shard ``(guild_id >> 22) % shard_count``; others to shard 0);
        a disconnected session gets it on resume. ``data`` is copied (it stays the caller's),
        unless ``owned``: a copy the fake made for this dispatch, kept as it is."""
        if not self._sessions:
            msg = "no gateway session yet: start the bot and await wait_ready() first"
            raise RuntimeError(msg)
        guild_id = data.get("guild_id") if isinstance(data, dict) else None
        for session in list(self._sessions.values()):
            if _shard_of(guild_id, session.shard[1]) != session.shard[0]:
                continue
            payload = session.next_dispatch(event, data if owned else json_copy(data))
            if session.connection is not None:
                await session.connection.send(payload)

    async def drop(self, close_code: int, reason: str) -> None:
        """Close every connection with ``close_code`` (sessions stay resumable)."""
        connections = self._unready_all()
        await asyncio.gather(
            *(conn.ws.close(code=close_code, message=reason.encode()) for conn in connections)
        )

    async def send_op(self, op: int, data: JsonValue) -> None:
        """Send a raw opcode (RECONNECT, INVALID_SESSION) to every connection."""
        for conn in self._unready_all():
            await conn.send({"op": op, "d": data, "s": None, "t": None})

    async def invalidate_sessions(self, *, resumable: bool) -> None:
        """Send INVALID_SESSION; when not resumable the sessions are forgotten."""
        if not resumable:
            self._sessions.clear()
        await self.send_op(INVALID_SESSION, resumable)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """aiohttp handler for the websocket endpoint."""
        compression = request.query.get("compress")
        if (
            compression not in {None, *COMPRESSIONS}
            or request.query.get("encoding", "json") != "json"
        ):
            return web.Response(status=400, text=f"unsupported: compress={compression}")
        ws = web.WebSocketResponse(compress=False, timeout=_CLOSE_TIMEOUT_S, max_msg_size=0)
        await ws.prepare(request)
        conn = _Connection(ws, compression=compression)
        self._connections.add(conn)
        try:
            await conn.send({"op": HELLO, "d": {"heartbeat_interval": self._heartbeat_interval_ms}})
            async for message in ws:
                if message.type in {WSMsgType.TEXT, WSMsgType.BINARY}:
                    await self._on_payload(conn, json.loads(message.data))
        finally:
            self._forget(conn)
        return ws

    async def close(self) -> None:
        """Close all connections (going away) and forget all sessions."""
        await self.drop(1001, "fake discord shutting down")
        self._sessions.clear()

    async def _on_payload(self, conn: _Connection, payload: JsonObject) -> None:
        self.received.append(payload)
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            await conn.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY and isinstance(data, dict):
            await self._identify(conn, data)
        elif op == RESUME and isinstance(data, dict):
            await self._resume(conn, data)
        else:
            _LOGGER.debug("fake gateway ignores op %s", op)

    async def _identify(self, conn: _Connection, data: JsonObject) -> None:
        if data.get("token") != self._token:
            await conn.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        shard = list(data.get("shard") or [0, 1])
        # A new IDENTIFY replaces the sessions of that shard that lost their connection.
        self._sessions = {sid: s for sid, s in self._sessions.items()
                          if s.connection is not None or s.shard != shard}
        session = _Session(uuid.uuid4().hex, intents=int(data.get("intents", 0)), shard=shard)
        self._sessions[session.id] = session
        self.identify_count += 1
        self._attach(conn, session)
        await conn.send(session.next_dispatch("READY", self._ready_data(session)))
        if session.intents & GUILDS_INTENT:
            for guild in self._guilds_of(session):
                await conn.send(session.next_dispatch("GUILD_CREATE", json_copy(guild)))
        self._mark_ready(conn)

    async def _resume(self, conn: _Connection, data: JsonObject) -> None:
        session = self._sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self._token:
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        self.resume_count += 1
        self._attach(conn, session)
        last_seen = int(data.get("seq") or 0)
        for payload in [p for p in session.log if p["s"] > last_seen]:
            await conn.send(payload)
        await conn.send(session.next_dispatch("RESUMED", {}))
        self._mark_ready(conn)

    def _ready_data(self, session: _Session) -> JsonObject:
        return {
            "v": 10,
            "user": json_copy(self._bot_user),
            "guilds": [{"id": guild["id"], "unavailable": True}
                       for guild in self._guilds_of(session)],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.url,
            "shard": session.shard,
            "application": {"id": self._application_id, "flags": 0},
            "private_channels": [],
            "presences": [],
            "relationships": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth_session_id_hash": uuid.uuid4().hex,
            "_trace": ["fake-discord"],
        }

    def _guilds_of(self, session: _Session) -> list[JsonObject]:
        return [guild for guild in self._guilds
                if _shard_of(guild["id"], session.shard[1]) == session.shard[0]]

    def _attach(self, conn: _Connection, session: _Session) -> None:
        previous = session.connection
        if previous is not None and previous is not conn:
            previous.session = None
            previous.ready = False
        session.connection = conn
        conn.session = session

    def _mark_ready(self, conn: _Connection) -> None:
        conn.ready = True
        self._ready.set()

    def _unready_all(self) -> list[_Connection]:
        connections = list(self._connections)
        for conn in connections:
            conn.ready = False
        self._ready.clear()
        return connections

    def _forget(self, conn: _Connection) -> None:
        self._connections.discard(conn)
        if conn.session is not None and conn.session.connection is conn:
            conn.session.connection = None
        conn.ready = False
        if not any(other.ready for other in self._connections):
            self._ready.clear()


def _shard_of(guild_id: object, shard_count: int) -> int:
    """The shard Discord sends a guild's events to (DMs and the like: shard 0)."""
    if guild_id is None or not str(guild_id).isdigit():
        return 0
    return (int(str(guild_id)) >> 22) % max(shard_count, 1)
