"""Signed checkpoints forwarded to anchor channels and a URL, each mirror resuming as it left."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Sequence
from typing import Protocol

from nazh.application.checkpoints.signed import CheckpointSink, SignedCheckpoint
from nazh.application.shared.periodic import Periodic

log = logging.getLogger(__name__)

BATCH = 20
TICK_SECONDS = 15.0


class MirrorUnavailableError(Exception):
    """A mirror cannot take checkpoints now (sent again later); the message is safe to log."""


class CheckpointMirror(Protocol):
    """Somewhere checkpoints are forwarded to."""

    @property
    def name(self) -> str:
        """Its name in the logs and the progress file."""
        ...

    async def send(self, checkpoints: Sequence[SignedCheckpoint]) -> None:
        """Deliver them (MirrorUnavailableError: not now; the same come again later)."""
        ...


class MirrorProgress(Protocol):
    """How many of the published checkpoints each mirror has been sent."""

    async def load(self) -> dict[str, int]:
        """Each mirror's count (none recorded yet: empty)."""
        ...

    async def save(self, sent: dict[str, int]) -> None:
        ...


class MirrorJob:
    """Forwards the published checkpoints to each mirror every ``tick`` seconds."""

    def __init__(self, sink: CheckpointSink, mirrors: Sequence[CheckpointMirror],
                 progress: MirrorProgress, *, batch: int = BATCH,
                 tick: float = TICK_SECONDS) -> None:
        self._sink = sink
        self._mirrors = list(mirrors)
        self._progress = progress
        self._batch = batch
        self._lock = asyncio.Lock()
        self._periodic = Periodic("checkpoint-mirrors", self.forward, tick,
                                  "forwarding checkpoints failed",
                                  first_at_once=False)  # Discord is still connecting

    @property
    def mirrors(self) -> list[str]:
        return [mirror.name for mirror in self._mirrors]

    async def forward(self) -> int:
        """Send each mirror what it has not had yet, oldest first; how many were sent."""
        async with self._lock:
            published = await self._sink.published()
            sent = await self._progress.load()
            total = 0
            # a mirror's first failure stops it; it gets the rest next time
            for mirror in self._mirrors:
                done = sent.get(mirror.name, 0)
                if done > len(published):  # the file shrank (replaced): resume from its end
                    done = sent[mirror.name] = len(published)
                    await self._progress.save(sent)
                while done < len(published):
                    chunk = published[done:done + self._batch]
                    try:
                        await mirror.send(chunk)
                    except MirrorUnavailableError as error:
                        log.warning("could not forward checkpoints to %s (%s); trying again "
                                    "later", mirror.name, error)
                        break
                    except Exception as error:  # the loop must go on
                        log.warning("could not forward checkpoints to %s (%s); trying again "
                                    "later", mirror.name, type(error).__name__)
                        break
                    done += len(chunk)
                    total += len(chunk)
                    sent[mirror.name] = done
                    await self._progress.save(sent)
            return total

    def start(self) -> None:
        if self._mirrors:
            self._periodic.start()

    async def stop(self) -> None:
        """Stop (what is left is sent at the next start: the progress is kept)."""
        await self._periodic.stop()


class ChannelGuilds(Protocol):
    """Which server each chain belongs to."""

    async def guilds_of(self, channel_ids: Collection[int]) -> dict[int, int | None]:
        """Each channel's server (``None`` outside a server; unknown channels are left out)."""
        ...
