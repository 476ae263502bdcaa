"""Signed checkpoints of the roll log: a rewound head, rewritten hashes or a made-up purge anchor
become detectable (docs/verification.md). The Ed25519 signature covers the sorted-key compact
JSON of the fields before ``public_key``."""

from __future__ import annotations

import json
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from nazh.application.log.chain import ChainScan
from nazh.application.log.ports import LogRetention
from nazh.application.shared.clock import Clock
from nazh.application.shared.json_types import JsonObject
from nazh.application.shared.periodic import Periodic
from nazh.application.shared.untrusted_json import JsonTooDeepError
from nazh.application.shared.untrusted_json import loads as untrusted_loads

log = logging.getLogger(__name__)

CHECKPOINT_FORMAT = "nazh-checkpoint"
CHECKPOINT_VERSION = 1
EVERY_RECORDS = 100
EVERY_MINUTES = 10.0
TICK_SECONDS = 30.0
HEAD, PURGE = "head", "purge"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A channel's chain at a moment: record ``seq`` has ``hash`` (``purge``: a purge's anchor)."""

    channel_id: int
    seq: int
    hash: str
    at: datetime
    kind: str = HEAD

    def signed_content(self) -> bytes:
        """The bytes the signature covers."""
        content = {"format": CHECKPOINT_FORMAT, "version": CHECKPOINT_VERSION,
                   "channel_id": self.channel_id, "seq": self.seq, "hash": self.hash,
                   "at": self.at.isoformat(), "kind": self.kind}
        return json.dumps(content, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True, slots=True)
class SignedCheckpoint:
    """A checkpoint with the public key and signature (hex) that vouch for it."""

    checkpoint: Checkpoint
    public_key: str
    signature: str

    def line(self) -> str:
        point = self.checkpoint
        return json.dumps({"format": CHECKPOINT_FORMAT, "version": CHECKPOINT_VERSION,
                           "channel_id": point.channel_id, "seq": point.seq,
                           "hash": point.hash, "at": point.at.isoformat(),
                           "kind": point.kind, "public_key": self.public_key,
                           "signature": self.signature})

    @classmethod
    def parse(cls, line: str) -> SignedCheckpoint:
        """A line of the checkpoint file (ValueError: not a checkpoint of this format)."""
        try:
            data: JsonObject = untrusted_loads(line)
            if data.get("format") != CHECKPOINT_FORMAT or data.get("version") != \
                    CHECKPOINT_VERSION:
                raise ValueError("not a checkpoint of this format")
            point = Checkpoint(int(data["channel_id"]), int(data["seq"]), str(data["hash"]),
                               datetime.fromisoformat(data["at"]), str(data["kind"]))
            return cls(point, str(data["public_key"]), str(data["signature"]))
        except (AttributeError, KeyError, TypeError, json.JSONDecodeError,
                JsonTooDeepError) as error:
            raise ValueError(f"not a checkpoint ({type(error).__name__})") from None


class Signer(Protocol):
    """Signs checkpoints (Ed25519)."""

    @property
    def public_key(self) -> str:
        """The public key, hex."""
        ...

    def sign(self, data: bytes) -> str:
        """The signature of ``data``, hex."""
        ...


class CheckpointSink(Protocol):
    """Where checkpoints are published (outside the database)."""

    async def publish(self, checkpoints: Sequence[SignedCheckpoint]) -> None:
        """Append them durably."""
        ...

    async def published(self) -> list[SignedCheckpoint]:
        """Every checkpoint published so far, oldest first."""
        ...


class ChainHeads(Protocol):
    """The heads and purge anchors of every chain."""

    async def heads(self) -> dict[int, tuple[int, str]]:
        """Each channel's head: (sequence number, hash)."""
        ...

    async def anchors(self) -> dict[int, tuple[int, str]]:
        """Each purged channel's anchor: (sequence number, hash)."""
        ...


@dataclass(frozen=True, slots=True)
class CheckpointSchedule:
    """When checkpoints are due: every ``every`` records, or ``minutes`` if the head moved."""

    every: int = EVERY_RECORDS
    minutes: float = EVERY_MINUTES
    tick: float = TICK_SECONDS


class CheckpointJob:
    """Publishes a signed checkpoint of each head when due, and of each anchor a purge writes."""

    def __init__(self, chains: ChainHeads, sink: CheckpointSink, signer: Signer, clock: Clock,
                 schedule: CheckpointSchedule | None = None) -> None:
        schedule = schedule or CheckpointSchedule()
        self._chains = chains
        self._sink = sink
        self._signer = signer
        self._clock = clock
        self._every = schedule.every
        self._period = timedelta(minutes=schedule.minutes)
        self._last: dict[int, Checkpoint] | None = None
        self._periodic = Periodic("roll-log-checkpoints", self.publish_due, schedule.tick,
                                  "publishing checkpoints failed")

    async def publish_due(self) -> int:
        """Checkpoint every channel whose head is due; how many were published."""
        last = await self._published()
        now = self._clock.now()
        due = [Checkpoint(channel, seq, digest, now)
               for channel, (seq, digest) in sorted((await self._chains.heads()).items())
               if seq > 0 and _due(last.get(channel), seq, now, self._every, self._period)]
        await self._publish(due)
        return len(due)

    async def around_purge(self, purge: Callable[[], Any]) -> Any:
        """Run ``purge`` and publish a ``purge`` checkpoint of each anchor it wrote."""
        before = await self._chains.anchors()
        result = await purge()
        now = self._clock.now()
        after = await self._chains.anchors()
        await self._publish([Checkpoint(channel, seq, digest, now, PURGE)
                             for channel, (seq, digest) in sorted(after.items())
                             if before.get(channel) != (seq, digest)])
        return result

    def start(self) -> None:
        self._periodic.start()

    async def stop(self) -> None:
        """Stop, publishing what is due one last time."""
        await self._periodic.stop()
        try:
            await self.publish_due()
        except Exception:
            log.exception("could not publish the last checkpoints")

    async def _published(self) -> dict[int, Checkpoint]:
        if self._last is None:
            self._last = {}
            for signed in await self._sink.published():
                if signed.checkpoint.kind == HEAD:
                    self._last[signed.checkpoint.channel_id] = signed.checkpoint
        return self._last

    async def _publish(self, points: list[Checkpoint]) -> None:
        if not points:
            return
        signed = [SignedCheckpoint(point, self._signer.public_key,
                                   self._signer.sign(point.signed_content()))
                  for point in points]
        await self._sink.publish(signed)
        last = await self._published()
        for point in points:
            if point.kind == HEAD:
                last[point.channel_id] = point


def _due(last: Checkpoint | None, seq: int, now: datetime, every: int,
         period: timedelta) -> bool:
    if last is None:
        return True
    if seq <= last.seq:
        return False
    return seq - last.seq >= every or now - last.at >= period


def watched(checkpoints: Sequence[Checkpoint]) -> frozenset[int]:
    """The sequence numbers a chain scan must keep the hashes of to check ``checkpoints``."""
    return frozenset(point.seq for point in checkpoints)


def check_against(scan: ChainScan, head: tuple[int, str] | None,
                  checkpoints: Sequence[Checkpoint]) -> list[str]:
    """What in a scanned stretch of a chain and its ``head`` disagrees with its checkpoints."""
    # The checkpoints' signatures are checked already; one of a record outside the stretch is not
    # judged, except one past the head. Empty: it all agrees.
    problems: list[str] = []
    first = scan.first
    purges = {(c.seq, c.hash) for c in checkpoints if c.kind == PURGE}
    if first is not None and first[2] and (first[0], first[1]) not in purges and any(
            c.seq <= first[0] for c in checkpoints if c.kind == HEAD):
        problems.append(f"records up to #{first[0]} were removed, but no signed purge left "
                        "that anchor (removed outside a purge)")
    last_seq = head[0] if head else (scan.last[0] if scan.last else 0)
    for point in sorted((c for c in checkpoints if c.kind == HEAD), key=lambda c: c.seq):
        stamp = point.at.isoformat(timespec="seconds")
        digest = scan.hashes.get(point.seq)
        if point.seq > last_seq:
            problems.append(f"record #{point.seq} was checkpointed at {stamp} but the chain "
                            f"ends at #{last_seq} (records removed and the head rewound)")
        elif digest is not None and digest != point.hash:
            problems.append(f"record #{point.seq} does not match its checkpoint of {stamp} "
                            "(history was rewritten)")
    return problems


def anchored_range(checkpoints: Sequence[Checkpoint], seq: int) -> str:
    """Where record ``seq`` lies among the checkpoints (``between ... #100 (…) and #200 (…)``)."""
    points = sorted(checkpoints, key=lambda c: c.seq)
    before = [point for point in points if point.seq < seq]
    after = [point for point in points if point.seq >= seq]
    if not points:
        return "no signed checkpoint covers it"
    if before and after:
        return (f"between the signed checkpoints of {_mark(before[-1])} and "
                f"{_mark(after[0])}")
    if after:
        return f"before the first signed checkpoint, of {_mark(after[0])}"
    return f"after the last signed checkpoint, of {_mark(before[-1])}"


def _mark(point: Checkpoint) -> str:
    return f"#{point.seq} ({point.at.isoformat(timespec='seconds')})"


class CheckpointedRetention:
    """A :class:`LogRetention` whose purges publish a ``purge`` checkpoint of each new anchor."""

    def __init__(self, retention: LogRetention, job: CheckpointJob) -> None:
        self._retention = retention
        self._job = job

    async def purge_before(self, cutoff: datetime) -> int:
        removed: int = await self._job.around_purge(
            lambda: self._retention.purge_before(cutoff))
        return removed


class CheckpointCheck:
    """The checkpoints of a channel this service's key validly signed (for ``/verify``)."""

    def __init__(self, sink: CheckpointSink, public_key: str,
                 valid: Callable[[str, bytes, str], bool]) -> None:
        self._sink = sink
        self.public_key = public_key
        self._valid = valid
        self._seen = 0
        self._by_channel: dict[int, list[Checkpoint]] = {}

    async def of_channel(self, channel_id: int) -> list[Checkpoint]:
        """The channel's validly signed checkpoints, oldest first (each signature checked once)."""
        published = await self._sink.published()
        if len(published) < self._seen:  # the file was replaced: start again
            self._seen, self._by_channel = 0, {}
        for signed in published[self._seen:]:
            point = signed.checkpoint
            if signed.public_key == self.public_key and self._valid(
                    signed.public_key, point.signed_content(), signed.signature):
                self._by_channel.setdefault(point.channel_id, []).append(point)
        self._seen = len(published)
        return list(self._by_channel.get(channel_id, ()))

    async def window(self, channel_id: int, first_seq: int,
                     last_seq: int) -> tuple[Checkpoint | None, Checkpoint | None,
                                             list[Checkpoint]]:
        """For one roll's records: the checkpoint before, the first head after, what matters."""
        # Those that matter: inside the stretch, every purge, and the newest (a rewound head). Found
        # by bisection, so the cost does not grow with the channel's history.
        points = await self.of_channel(channel_id)
        seqs = [point.seq for point in points]
        if seqs != sorted(seqs):
            points.sort(key=lambda point: point.seq)
            seqs = [point.seq for point in points]
        before = points[:bisect_left(seqs, first_seq)]
        start = max(before[-1:] + [p for p in before[-4:] if p.kind == PURGE],
                    key=lambda p: (p.seq, p.kind == PURGE), default=None)
        after = bisect_left(seqs, last_seq)
        end = next((p for p in points[after:after + 8] if p.kind == HEAD), None)
        low = 0 if start is None else bisect_left(seqs, start.seq)
        high = len(points) if end is None else bisect_right(seqs, end.seq)
        relevant = points[low:high]
        relevant += [p for p in points[-1:] if p.seq > relevant[-1].seq] if relevant else \
            points[-1:]
        relevant += [p for p in points if p.kind == PURGE and p not in relevant]
        return start, end, relevant
