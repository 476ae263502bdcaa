"""``POST /interactions``: the checks every request passes before anything is parsed."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from nazh.application.shared.json_types import JsonObject
from nazh.application.shared.untrusted_json import loads as untrusted_loads

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1 << 20
MAX_SKEW_SECONDS = 300
PING = 1
AUTOCOMPLETE = 4
INTERACTION_TYPES = frozenset({2, 3, 4, 5})
SIGNATURE_HEADER = "X-Signature-Ed25519"
TIMESTAMP_HEADER = "X-Signature-Timestamp"


@dataclass(frozen=True, slots=True)
class Delivered:
    """What the endpoint read of a verified interaction: its id and type."""

    interaction_id: int
    kind: int

    @property
    def autocomplete(self) -> bool:
        """Suggestions asked while typing (they change nothing)."""
        return self.kind == AUTOCOMPLETE


Dispatch = Callable[[bytes, str, str, Delivered], Awaitable[web.StreamResponse]]
"""Answers a verified interaction: (raw body, signature hex, timestamp, what was read) -> reply."""


class Refused(Exception):  # noqa: N818 - a reply, not a failure
    """A request refused with ``status`` and a short public ``reason``."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class InteractionEndpoint:
    """Verifies Discord's POSTs and hands the interactions on."""

    def __init__(self, public_key: str, dispatch: Dispatch,
                 application_id: Callable[[], int | None], *,
                 clock: Callable[[], float] = time.time, max_body: int = MAX_BODY_BYTES,
                 max_skew: float = MAX_SKEW_SECONDS) -> None:
        # PyNaCl is loaded by the HTTP transport only (`nazh run` never needs it).
        from nacl.exceptions import BadSignatureError  # noqa: PLC0415
        from nacl.signing import VerifyKey  # noqa: PLC0415

        self._key = VerifyKey(bytes.fromhex(public_key))
        self._bad_signature: type[Exception] = BadSignatureError
        self._dispatch = dispatch
        self._application_id = application_id
        self._clock = clock
        self._max_body = max_body
        self._max_skew = max_skew

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The aiohttp handler of ``POST /interactions``."""
        # In order: declared size (413, unread), signature headers (401), age (over 5 minutes: 401),
        # the body up to the limit (413), Ed25519 signature (401), content type (415), JSON, type
        # and id (400), application (another's: 401; 503 until ours is known). Each refusal is one
        # DEBUG line, no body content.
        try:
            body, signature, timestamp = await self._verified(request)
            delivered = self._interaction(request, body)
            if delivered.kind == PING:
                return web.json_response({"type": PING})
        except Refused as refusal:
            log.debug("interaction request refused (%d): %s", refusal.status, refusal.reason)
            return web.Response(status=refusal.status, text=refusal.reason)
        return await self._dispatch(body, signature, timestamp, delivered)

    async def _verified(self, request: web.Request) -> tuple[bytes, str, str]:
        if request.content_length is not None and request.content_length > self._max_body:
            raise Refused(413, "body too large")
        signature, timestamp = _signature_headers(request)
        self._check_age(timestamp)
        body = await _read_bounded(request, self._max_body)
        try:
            self._key.verify(timestamp.encode() + body, bytes.fromhex(signature))
        except self._bad_signature:
            raise Refused(401, "invalid request signature") from None
        return body, signature, timestamp

    def _interaction(self, request: web.Request, body: bytes) -> Delivered:
        """The interaction's id and type, once it is known to be for this application."""
        payload = _payload(request, body)
        kind = _interaction_type(payload)
        interaction_id = _snowflake(payload.get("id"))
        if interaction_id is None:
            raise Refused(400, "missing or malformed interaction id")
        ours = self._application_id()
        if ours is None:
            raise Refused(503, "not ready")
        if _snowflake(payload.get("application_id")) != ours:
            raise Refused(401, "interaction for another application")
        return Delivered(interaction_id, kind)

    def _check_age(self, timestamp: str) -> None:
        if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
            raise Refused(401, "malformed timestamp")
        if abs(self._clock() - int(timestamp)) > self._max_skew:
            raise Refused(401, "timestamp too far from now")


def _signature_headers(request: web.Request) -> tuple[str, str]:
    signature = request.headers.get(SIGNATURE_HEADER, "")
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    if not signature or not timestamp:
        raise Refused(401, "missing signature headers")
    if len(signature) != 128 or not all(c in "0123456789abcdefABCDEF" for c in signature):
        raise Refused(401, "malformed signature")
    return signature, timestamp


async def _read_bounded(request: web.Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise Refused(413, "body too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _payload(request: web.Request, body: bytes) -> JsonObject:
    if request.content_type != "application/json":
        raise Refused(415, "expected application/json")
    try:
        payload: object = untrusted_loads(body.decode("utf-8"))
    except ValueError:  # not UTF-8, not JSON, or nested too deeply
        raise Refused(400, "invalid JSON body") from None
    if not isinstance(payload, dict):
        raise Refused(400, "unknown interaction type")
    return payload


def _interaction_type(payload: JsonObject) -> int:
    kind = payload.get("type")
    if not isinstance(kind, int) or isinstance(kind, bool) or (
            kind != PING and kind not in INTERACTION_TYPES):
        raise Refused(400, "unknown interaction type")
    return kind


def _snowflake(value: object) -> int | None:
    """A snowflake as Discord sends it (a string of digits), else ``None``."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() \
            or len(value) > 20:
        return None
    return int(value)
