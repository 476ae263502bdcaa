"""Which shards a process runs: ranges over replicas cover every shard exactly once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.application.sharding.plan import (
    ShardPlan,
    ShardPlanError,
    describe,
    parse_shard_ids,
    replica_shards,
)


@pytest.mark.parametrize(("count", "replicas", "expected"), [
    (1, 1, [[0]]),
    (4, 2, [[0, 1], [2, 3]]),
    (4, 3, [[0], [1], [2, 3]]),
    (16, 8, [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11], [12, 13], [14, 15]]),
    (10, 3, [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]),
])
def test_replica_ranges(count: int, replicas: int, expected: list[list[int]]) -> None:
    assert [list(replica_shards(count, replicas, index)) for index in range(replicas)] == expected


@given(st.integers(1, 64).flatmap(lambda replicas: st.tuples(
    st.integers(replicas, 4096), st.just(replicas))))
def test_every_shard_is_run_by_exactly_one_replica(plan: tuple[int, int]) -> None:
    count, replicas = plan
    ranges = [replica_shards(count, replicas, index) for index in range(replicas)]
    assert all(len(shards) >= 1 for shards in ranges)
    assert [shard for shards in ranges for shard in shards] == list(range(count))
    sizes = {len(shards) for shards in ranges}
    assert max(sizes) - min(sizes) <= 1


def test_fewer_shards_than_replicas_is_refused() -> None:
    with pytest.raises(ShardPlanError, match=r"2 shard.* cannot be spread over 3 replicas"):
        replica_shards(2, 3, 0)
    with pytest.raises(ShardPlanError, match="index must be from 0 to 1"):
        replica_shards(4, 2, 2)


@pytest.mark.parametrize(("text", "ids"), [
    ("0", (0,)), ("0-3", (0, 1, 2, 3)), ("5, 0,2", (0, 2, 5)), ("0-2,8,1", (0, 1, 2, 8)),
])
def test_shard_ids(text: str, ids: tuple[int, ...]) -> None:
    assert parse_shard_ids(text) == ids


@pytest.mark.parametrize(("text", "message"), [
    ("a", "expected shard ids like 0-3 or 0,2,5, got 'a'"),
    ("3-1", "the range '3-1' runs backwards"),
    ("1-", "got '1-'"),
    (" , ", "names no shard"),
    ("-2", "got '-2'"),
])
def test_bad_shard_ids(text: str, message: str) -> None:
    with pytest.raises(ShardPlanError, match=message):
        parse_shard_ids(text)


def test_describe() -> None:
    assert describe((0, 1, 2, 5, 7, 8)) == "0-2,5,7-8"
    assert describe((3,)) == "3"


def test_plans_resolve_against_discords_recommendation() -> None:
    assert ShardPlan().resolve(recommended=3) == (3, (0, 1, 2))
    assert ShardPlan().is_default
    assert ShardPlan(count=4).resolve(recommended=1) == (4, (0, 1, 2, 3))
    assert ShardPlan(count=4, ids=(1, 3)).resolve() == (4, (1, 3))
    assert ShardPlan(replicas=2, index=1).resolve(recommended=6) == (6, (3, 4, 5))
    # too few recommended for the replicas: the count is raised so every replica runs one
    assert ShardPlan(replicas=3, index=2).resolve(recommended=1) == (3, (2,))
    assert ShardPlan(count=8, replicas=2, index=0).resolve(recommended=50) == (8, (0, 1, 2, 3))
    with pytest.raises(ShardPlanError, match="shard 5 is not below the shard count 2"):
        ShardPlan(ids=(0, 5)).resolve(recommended=2)
