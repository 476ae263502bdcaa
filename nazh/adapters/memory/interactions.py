"""Interaction ids claimed in this process's memory (the gateway's ledger, or serve's fallback)."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from datetime import datetime

from nazh.application.admission.once import Claim, KeptAnswer

MAX_ANSWER_BYTES = 64 << 20
"""Kept answers' memory at most; past it the oldest are forgotten (their ids still refused)."""


@dataclass(frozen=True, slots=True)
class _Answered:
    end: float
    answer: KeptAnswer


class LocalInteractionLedger:
    """The :class:`~nazh.application.admission.once.InteractionLedger` port in a dict."""

    def __init__(self, max_answer_bytes: int = MAX_ANSWER_BYTES) -> None:
        self._claims: dict[int, float | _Answered] = {}
        """id -> the end of its bucket (the bucket's own float), with the answer once kept"""
        # Claims end in one-second buckets, forgotten a bucket at a time: about 100 bytes an id.
        self._buckets: deque[tuple[float, list[int]]] = deque()
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
            self._claims[interaction_id] = self._bucket(until, interaction_id)
            return Claim.CLAIMED
        return held.answer if isinstance(held, _Answered) else Claim.PENDING

    async def keep(self, interaction_id: int, answer: KeptAnswer) -> None:
        """Keep the answer with the claim (nothing when the claim is gone)."""
        held = self._claims.get(interaction_id)
        if held is None:
            return
        self._forget_answer(interaction_id)
        self._claims[interaction_id] = _Answered(_end_of(held), answer)
        self._answered.append(interaction_id)
        self._answer_bytes += len(answer.body)
        while self._answer_bytes > self._max_answer_bytes and self._answered:
            self._forget_answer(self._answered.popleft())

    async def release(self, interaction_id: int) -> None:
        """Forget a claim without a kept answer."""
        if isinstance(self._claims.get(interaction_id), float):
            del self._claims[interaction_id]

    async def prune(self, now: datetime) -> int:
        """Forget the claims whose bucket is over by ``now``."""
        moment = now.timestamp()
        pruned = 0
        while self._buckets and self._buckets[0][0] <= moment:
            end, ids = self._buckets.popleft()
            for interaction_id in ids:
                held = self._claims.get(interaction_id)
                if held is not None and _end_of(held) is end:  # not claimed again since
                    self._forget_answer(interaction_id)
                    del self._claims[interaction_id]
                    pruned += 1
        while self._answered and self._answered[0] not in self._claims:
            self._answered.popleft()
        return pruned

    async def close(self) -> None:
        """Nothing to release."""

    def _bucket(self, until: datetime, interaction_id: int) -> float:
        """The end of the bucket the id now joins (the newest, unless ``until`` passes it)."""
        end = float(math.ceil(until.timestamp()))
        if self._buckets and self._buckets[-1][0] >= end:
            newest, ids = self._buckets[-1]
            ids.append(interaction_id)
            return newest
        self._buckets.append((end, [interaction_id]))
        return end

    def _forget_answer(self, interaction_id: int) -> None:
        held = self._claims.get(interaction_id)
        if isinstance(held, _Answered):
            self._answer_bytes -= len(held.answer.body)
            self._claims[interaction_id] = held.end


def _end_of(held: float | _Answered) -> float:
    return held.end if isinstance(held, _Answered) else held
