"""Discord's side of the HTTP transport: sign an interaction and POST it to the bot."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import aiohttp
from nacl.signing import SigningKey

from nazh.application.shared.json_types import JsonMapping, JsonValue

from .recording import UploadedFile


@dataclass(frozen=True, slots=True)
class HttpReply:
    """What the bot answered to a POST: status, content type, parsed body and files."""

    status: int
    content_type: str
    body: JsonValue
    files: list[UploadedFile] = field(default_factory=list)
    text: str = ""


class HttpTarget:
    """The bot's ``/interactions`` URL and the application's signing key."""

    def __init__(self, url: str, key: SigningKey | None = None) -> None:
        self.url = url
        self.key = key or SigningKey.generate()

    @property
    def public_key(self) -> str:
        """The hex public key (``DISCORD_PUBLIC_KEY``)."""
        return bytes(self.key.verify_key).hex()

    def signed_headers(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """Headers as Discord sends them: Ed25519 over timestamp + body."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = self.key.sign(stamp.encode() + body).signature.hex()
        return {"X-Signature-Ed25519": signature, "X-Signature-Timestamp": stamp,
                "Content-Type": "application/json"}

    async def post(self, payload: JsonMapping, *, body: bytes | None = None,
                   headers: Mapping[str, str] | None = None) -> HttpReply:
        """POST ``payload`` (signed), or ``body`` with ``headers`` as given."""
        raw = json.dumps(dict(payload)).encode() if body is None else body
        sent = dict(self.signed_headers(raw)) if headers is None else dict(headers)
        async with aiohttp.ClientSession() as session, \
                session.post(self.url, data=raw, headers=sent) as response:
            return await _read(response)


async def _read(response: aiohttp.ClientResponse) -> HttpReply:
    kind = response.content_type
    if kind.startswith("multipart/"):
        body, files = await _multipart(response)
        return HttpReply(response.status, kind, body, files)
    data = await response.read()
    text = data.decode(errors="replace")
    if kind == "application/json" and data:
        return HttpReply(response.status, kind, json.loads(data), text=text)
    return HttpReply(response.status, kind, None, text=text)


async def _multipart(response: aiohttp.ClientResponse) -> tuple[JsonValue, list[UploadedFile]]:
    reader = aiohttp.MultipartReader.from_response(response)
    body: JsonValue = None
    files: list[UploadedFile] = []
    while (part := await reader.next()) is not None:
        if not isinstance(part, aiohttp.BodyPartReader):
            continue
        data = bytes(await part.read(decode=False))
        if part.name == "payload_json":
            body = json.loads(data)
        else:
            kind = part.headers.get("Content-Type", "application/octet-stream")
            files.append(UploadedFile(part.name or "", part.filename or "file", kind, data))
    return body, files
