"""Which gateway shards this process runs: all, a list or range, or its share among replicas.
Replica ``i`` of ``n`` runs the contiguous ``[i * count // n, (i + 1) * count // n)``."""

from __future__ import annotations

from dataclasses import dataclass


class ShardPlanError(ValueError):
    """A shard plan that cannot be run."""


def replica_shards(count: int, replicas: int, index: int) -> range:
    """The shards replica ``index`` of ``replicas`` runs, of ``count`` (each runs one or more)."""
    if replicas < 1 or not 0 <= index < replicas:
        msg = f"replica {index} of {replicas}: the index must be from 0 to {replicas - 1}"
        raise ShardPlanError(msg)
    if count < replicas:
        msg = (f"{count} shard(s) cannot be spread over {replicas} replicas: "
               f"a replica would run none (use at least {replicas} shards)")
        raise ShardPlanError(msg)
    return range(index * count // replicas, (index + 1) * count // replicas)


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """Shard ids from ``"0-3"``, ``"0,2,5"`` or a mix (``"0-3,8"``), sorted, without repeats."""
    ids: set[int] = set()
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        low, dash, high = part.partition("-")
        if not low.strip().isdigit() or (dash and not high.strip().isdigit()):
            msg = f"expected shard ids like 0-3 or 0,2,5, got {part[:40]!r}"
            raise ShardPlanError(msg)
        first, last = int(low), int(high) if dash else int(low)
        if last < first:
            msg = f"the range {part!r} runs backwards"
            raise ShardPlanError(msg)
        ids.update(range(first, last + 1))
    if not ids:
        msg = "names no shard"
        raise ShardPlanError(msg)
    return tuple(sorted(ids))


def describe(ids: tuple[int, ...]) -> str:
    """Shard ids as ranges, for a log line: ``(0, 1, 2, 5)`` -> ``"0-2,5"``."""
    parts: list[str] = []
    start = previous = None
    for shard in ids:
        if previous is not None and shard == previous + 1:
            previous = shard
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = shard
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}-{previous}")
    return ",".join(parts)


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """What the settings ask for; :meth:`resolve` makes it shard ids given Discord's count."""

    count: int | None = None  # None: Discord's recommendation
    ids: tuple[int, ...] | None = None  # None: from the replica place, or all
    replicas: int | None = None
    index: int | None = None  # 0-based place among replicas

    @property
    def needs_recommendation(self) -> bool:
        return self.count is None

    @property
    def is_default(self) -> bool:
        return self.count is None and self.ids is None and self.replicas is None

    def resolve(self, recommended: int = 1) -> tuple[int, tuple[int, ...]]:
        """The total shard count and this process's shard ids (else ShardPlanError)."""
        # with replicas and no set count: Discord's recommendation, raised so every replica runs a
        # shard
        if self.replicas is not None:
            count = self.count or max(recommended, self.replicas)
            return count, tuple(replica_shards(count, self.replicas, self.index or 0))
        count = self.count or max(recommended, 1)
        if self.ids is None:
            return count, tuple(range(count))
        outside = [shard for shard in self.ids if shard >= count]
        if outside:
            msg = f"shard {outside[0]} is not below the shard count {count}"
            raise ShardPlanError(msg)
        return count, self.ids
