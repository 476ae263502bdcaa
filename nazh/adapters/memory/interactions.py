"""Interaction ids claimed in this process's memory: the gateway's ledger (a RESUME redelivers
to the process that holds the session), and ``nazh serve``'s on SQLite without Redis (one
process) or while its shared ledger is unreachable."""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime

from nazh.application.idempotency import Claim, KeptAnswer

MAX_ANSWER_BYTES = 64 << 20
"""Kept answers take at most this much memory; past it the oldest answers are forgotten (their
ids are still remembered: a repeat is refused rather than answered)."""


@dataclass(frozen=True, slots=True)
class _Claimed:
    until: datetime
    answer: KeptAnswer | None = None


class LocalInteractionLedger:
    """The :class:`~nazh.application.idempotency.InteractionLedger` port in a dict, oldest
    claim first (every claim lasts as long, so the oldest also ends first)."""

    def __init__(self, max_answer_bytes: int = MAX_ANSWER_BYTES) -> None:
        self._claims: OrderedDict[int, _Claimed] = OrderedDict()
        self._answered: deque[int] = deque()
        self._answer_bytes = 0
        self._max_answer_bytes = max_answer_bytes

    def __len__(self) -> int:
        return len(self._claims)

    async def claim(self, interaction_id: int, now: datetime,
                    until: datetime) -> Claim | KeptAnswer:
        """Claim a free id, or say what its claim holds (see the port)."""
        await self.prune(now)
        held = self._claims.get(interaction_id)
        if held is None:
            self._claims[interaction_id] = _Claimed(until)
            return Claim.CLAIMED
        return Claim.PENDING if held.answer is None else held.answer

    async def keep(self, interaction_id: int, answer: KeptAnswer) -> None:
        """Keep the answer with the claim (nothing when the claim is gone)."""
        held = self._claims.get(interaction_id)
        if held is None:
            return
        self._claims[interaction_id] = _Claimed(held.until, answer)
        self._answered.append(interaction_id)
        self._answer_bytes += len(answer.body)
        while self._answer_bytes > self._max_answer_bytes and self._answered:
            self._forget_answer(self._answered.popleft())

    async def release(self, interaction_id: int) -> None:
        """Forget a claim without a kept answer."""
        held = self._claims.get(interaction_id)
        if held is not None and held.answer is None:
            del self._claims[interaction_id]

    async def prune(self, now: datetime) -> int:
        """Forget the claims over by ``now``."""
        pruned = 0
        while self._claims:
            interaction_id, held = next(iter(self._claims.items()))
            if held.until > now:
                break
            self._forget_answer(interaction_id)
            del self._claims[interaction_id]
            pruned += 1
        while self._answered and self._answered[0] not in self._claims:
            self._answered.popleft()
        return pruned

    async def close(self) -> None:
        """Nothing to release."""

    def _forget_answer(self, interaction_id: int) -> None:
        held = self._claims.get(interaction_id)
        if held is not None and held.answer is not None:
            self._answer_bytes -= len(held.answer.body)
            self._claims[interaction_id] = _Claimed(held.until)
