"""Each interaction is handled once, however often it is delivered (a replay, a retry, a RESUME).
Its id is claimed for the token's 15 minutes; a repeat gets the first answer byte for byte, or
waits for it (gateway: dropped); a failed first releases its claim."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from nazh.application.shared.clock import Clock

log = logging.getLogger(__name__)

INTERACTION_LIFETIME = timedelta(minutes=15)
"""How long an interaction's token lives, and so how long its id is remembered."""
OUTAGE_SECONDS = 5.0
"""After the shared ledger failed, claims go to the fallback this long (each may cost a timeout)."""
REPORT_EVERY_SECONDS = 60.0
FIRST_POLL_SECONDS = 0.01
MAX_POLL_SECONDS = 0.1


class Claim(Enum):
    """What a claim found, when no answer is kept."""

    CLAIMED = "claimed"
    """The id was free (never seen, released, or its claim over): claimed for this delivery."""
    PENDING = "pending"
    """Another delivery claimed it and kept no answer (yet)."""


@dataclass(frozen=True, slots=True)
class KeptAnswer:
    """The reply to an interaction's POST, as sent: kept to be sent again to a repeat."""

    status: int
    content_type: str
    body: bytes

    @property
    def kept(self) -> bool:
        """Whether it is an answer (2xx); anything else means the handling failed."""
        return 200 <= self.status < 300


class LedgerUnavailableError(Exception):
    """The ledger could not be reached, or did not answer in time; the message says why."""


class InteractionLedger(Protocol):
    """Where interaction ids are claimed, with their answers, for their lifetime."""

    async def claim(self, interaction_id: int, now: datetime,
                    until: datetime) -> Claim | KeptAnswer:
        """Claim the id until ``until`` when free; else the kept answer, or ``Claim.PENDING``."""
        ...

    async def keep(self, interaction_id: int, answer: KeptAnswer) -> None:
        """Keep the answer with the id's claim, for as long as the claim lasts."""
        ...

    async def release(self, interaction_id: int) -> None:
        """Forget the claim of an id that has no kept answer (its handling failed)."""
        ...

    async def prune(self, now: datetime) -> int:
        """Forget every claim over by ``now``; how many were forgotten."""
        ...

    async def close(self) -> None:
        ...


Handle = Callable[[], Awaitable[None]]
Answer = Callable[[], Awaitable[KeptAnswer]]


class HandledOnce:
    """Claims each interaction id before its handling, in ``ledger`` (or ``fallback`` meanwhile)."""

    def __init__(self, ledger: InteractionLedger, clock: Clock,
                 fallback: InteractionLedger | None = None, *,
                 lifetime: timedelta = INTERACTION_LIFETIME,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        # fallback None: interactions are handled unclaimed while the ledger fails
        self._ledger = ledger
        self._clock = clock
        self._fallback = fallback
        self._lifetime = lifetime
        self._monotonic = monotonic
        self._down_until = float("-inf")
        self._reported = -REPORT_EVERY_SECONDS

    async def delivered(self, interaction_id: int, handle: Handle) -> bool:
        """Run ``handle`` for the first delivery (gateway); ``False`` for a later one."""
        ledger, found = await self._claim(interaction_id)
        if found is not Claim.CLAIMED:
            log.info("interaction %d delivered again; dropped", interaction_id)
            return False
        try:
            await handle()
        except BaseException:
            await self._release(ledger, interaction_id)
            raise
        return True

    async def answered(self, interaction_id: int, answer: Answer, *,
                       wait: float) -> KeptAnswer | None:
        """The answer to a POST (HTTP): the first delivery's ``answer()``, else the one kept."""
        # a later one waits up to wait while the first is handled (or takes over if it fails); None:
        # nothing came and nothing ran. A non-2xx answer releases the claim.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        pause = FIRST_POLL_SECONDS
        while True:
            ledger, found = await self._claim(interaction_id)
            if found is Claim.CLAIMED:
                return await self._first(ledger, interaction_id, answer)
            if isinstance(found, KeptAnswer):
                log.info("interaction %d delivered again; answered as the first time",
                         interaction_id)
                return found
            if loop.time() + pause > deadline:
                log.info("interaction %d delivered again while still being handled; refused",
                         interaction_id)
                return None
            await asyncio.sleep(pause)
            pause = min(pause * 2, MAX_POLL_SECONDS)

    async def prune(self) -> int:
        """Forget the ids whose 15 minutes are over (in the fallback too); how many."""
        now = self._clock.now()
        pruned = 0
        if self._fallback is not None:
            pruned += await self._fallback.prune(now)
        return pruned + await self._ledger.prune(now)

    async def close(self) -> None:
        await self._ledger.close()
        if self._fallback is not None:
            await self._fallback.close()

    async def _first(self, ledger: InteractionLedger | None, interaction_id: int,
                     answer: Answer) -> KeptAnswer:
        try:
            reply = await answer()
        except BaseException:
            await self._release(ledger, interaction_id)
            raise
        if not reply.kept:
            await self._release(ledger, interaction_id)
        elif ledger is not None:
            try:
                await ledger.keep(interaction_id, reply)
            except LedgerUnavailableError as error:
                self._report(f"the answer to interaction {interaction_id} was not kept "
                             f"({error})")
        return reply

    async def _claim(self, interaction_id: int,
                     ) -> tuple[InteractionLedger | None, Claim | KeptAnswer]:
        """The claim, and the ledger that holds it (``None``: none answered; handled unclaimed)."""
        now = self._clock.now()
        until = now + self._lifetime
        if self._monotonic() >= self._down_until:
            try:
                return self._ledger, await self._ledger.claim(interaction_id, now, until)
            except LedgerUnavailableError as error:
                self._down_until = self._monotonic() + OUTAGE_SECONDS
                self._report(f"interaction ids are claimed in this process only for "
                             f"{OUTAGE_SECONDS:.0f} s ({error})")
        if self._fallback is None:
            return None, Claim.CLAIMED
        return self._fallback, await self._fallback.claim(interaction_id, now, until)

    async def _release(self, ledger: InteractionLedger | None, interaction_id: int) -> None:
        if ledger is None:
            return
        try:
            await ledger.release(interaction_id)
        except LedgerUnavailableError as error:
            self._report(f"the claim of interaction {interaction_id} was not released ({error})")

    def _report(self, problem: str) -> None:
        now = self._monotonic()
        if now - self._reported >= REPORT_EVERY_SECONDS:
            self._reported = now
            log.warning("interaction ledger unavailable: %s", problem)
