"""Which gateway shards this process runs.

Discord splits a bot's guilds over ``count`` shards (a guild's shard is
``(guild_id >> 22) % count``); one process may run them all or a part. A part is named either
directly (a list or range of shard ids) or by this process's place among ``replicas`` identical
processes (a Kubernetes StatefulSet's pod ordinal): replica ``index`` runs the contiguous range
``[index * count // replicas, (index + 1) * count // replicas)``, so every shard is run by
exactly one replica.
"""

from __future__ import annotations

from dataclasses import dataclass


class ShardPlanError(ValueError):
    """A shard plan that cannot be run."""


def replica_shards(count: int, replicas: int, index: int) -> range:
    """The shards replica ``index`` of ``replicas`` runs, of ``count`` in all.

    Raises:
        ShardPlanError: when the numbers are out of range, or when there are fewer shards
            than replicas (a replica would run none).
    """
    if replicas < 1 or not 0 <= index < replicas:
        msg = f"replica {index} of {replicas}: the index must be from 0 to {replicas - 1}"
        raise ShardPlanError(msg)
    if count < replicas:
        msg = (f"{count} shard(s) cannot be spread over {replicas} replicas: "
               f"a replica would run none (use at least {replicas} shards)")
        raise ShardPlanError(msg)
    return range(index * count // replicas, (index + 1) * count // replicas)


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """Shard ids from ``"0-3"``, ``"0,2,5"`` or a mix (``"0-3,8"``), sorted, without repeats.

    Raises:
        ShardPlanError: naming the part that is not a shard id or a range.
    """
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
    """What the settings ask for; :meth:`resolve` turns it into shard ids once Discord's
    recommended count is known.

    Attributes:
        count: the total number of shards (``None``: Discord's recommendation).
        ids: the shards this process runs (``None``: from the replica place, or all).
        replicas: how many processes share the shards (``None``: this one runs all of them
            or ``ids``).
        index: this process's place among ``replicas`` (0-based).
    """

    count: int | None = None
    ids: tuple[int, ...] | None = None
    replicas: int | None = None
    index: int | None = None

    @property
    def needs_recommendation(self) -> bool:
        """True when Discord's recommended shard count is needed to resolve the plan."""
        return self.count is None

    @property
    def is_default(self) -> bool:
        """True when the process runs every shard of Discord's recommended count."""
        return self.count is None and self.ids is None and self.replicas is None

    def resolve(self, recommended: int = 1) -> tuple[int, tuple[int, ...]]:
        """The total shard count and this process's shard ids.

        With replicas and no set count, the count is Discord's recommendation raised to the
        number of replicas (so that every replica runs a shard).

        Raises:
            ShardPlanError: when the plan cannot be run.
        """
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
