"""The tally: what a batch of the log's records adds to the dice statistics.
Written with the records in one transaction, so the numbers always match the log."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.format import LogFormatError, decode_result
from nazh.application.odds.use_cases import OddsOf
from nazh.application.rolls.secrets import SECRET_KEY, secret_of
from nazh.application.rolls.terms.physical import PHYSICAL
from nazh.domain.convolution import Distribution
from nazh.domain.errors import NazhError
from nazh.domain.fairness import percentile
from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from nazh.domain.spec import PlotSpec, PoolSpec, RollSpec

PUBLIC, PRIVATE, SECRET = 0, 1, 2
ROLLS = "rolls"
"""The pseudo-die whose face 0 counts rolls."""
PLOT = "plot"
HOUR = 3600
_AT_TABLE = PHYSICAL.key
"""A record's key of dice rolled at the table, which the statistics leave out."""
WITH_PLOT = " +plot"
"""What a pool's key adds to its notation when a plot die's bonus is in its totals."""


def hour_of(moment: datetime) -> int:
    """Hours since the Unix epoch (UTC) of ``moment``."""
    return math.floor(moment.timestamp() / HOUR)


# a tuple: a tally's counts are keyed by it several times per roll, and a tuple hashes in C
class Cell(NamedTuple):
    """Where counts go: a server (0 outside any), channel, roller, visibility and hour."""

    guild_id: int
    channel_id: int
    user_id: int
    visibility: int
    hour: int


@dataclass(frozen=True, slots=True)
class RollLuck:
    """A roll's luck: its first pool's total and where it falls in its distribution."""

    roll_id: str
    cell: Cell
    at: datetime
    pool: str
    total: int
    percentile: float


@dataclass(slots=True)
class Tally:
    """What a batch of records adds to the stats."""

    faces: dict[tuple[Cell, str, int], int] = field(default_factory=dict)
    """(cell, die, face) -> faces drawn."""
    pools: dict[tuple[Cell, str], list[int]] = field(default_factory=dict)
    """(cell, pool) -> [rolls, sum of totals]."""
    rolls: list[RollLuck] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.faces)


class Tallier:
    """Turns records into a :class:`Tally` (exact distributions cached per pool)."""

    def __init__(self, odds: OddsOf | None = None) -> None:
        self._odds = odds or OddsOf()
        self._distribution = lru_cache(maxsize=4096)(self._pool_distribution)
        self._percentile = lru_cache(maxsize=65_536)(self._pool_percentile)

    def tally(self, entries: Iterable[LogEntry], into: Tally | None = None) -> Tally:
        """The counts the entries add (rolls when first made, plot dice when added) ``into`` one."""
        tally = Tally() if into is None else into
        # Later amendments add no faces: the original faces stay counted, so which dice a player
        # rerolls cannot bias the counts.
        for entry in entries:
            if _AT_TABLE in entry.result:  # physical dice: the fairness judges Nazh's alone
                continue
            if entry.kind is EntryKind.ROLL and entry.version == 1:
                self._roll(tally, entry)
            elif entry.kind is EntryKind.PLOT_ADDED:
                result = _result(entry)
                if result is not None and result.plot is not None:
                    faces, cell = tally.faces, cell_of(entry)
                    for face in result.plot.faces:
                        key = (cell, PLOT, face)
                        faces[key] = faces.get(key, 0) + 1
        return tally

    def _roll(self, tally: Tally, entry: LogEntry) -> None:
        """Count a roll: its faces (both draws of an advantage), each pool's total, and its luck."""
        result = _result(entry)
        if result is None:
            return
        cell = cell_of(entry)
        faces, pools = tally.faces, tally.pools
        count = faces.get
        key = (cell, ROLLS, 0)
        faces[key] = count(key, 0) + 1
        plot = result.plot
        plot_known = plot is not None and not plot.pending
        first = True
        for pool in result.pools:
            spec = pool.spec
            die = f"d{spec.sides}"
            for rolled in pool.dice:
                key = (cell, die, rolled.kept)
                faces[key] = count(key, 0) + 1
                if rolled.dropped is not None:
                    key = (cell, die, rolled.dropped)
                    faces[key] = count(key, 0) + 1
            # pool_key's answer, without its call (1,700 instructions fewer a roll of two pools)
            name = spec.notation + WITH_PLOT if plot_known and spec.skill else spec.notation
            total = pool.total
            counts = pools.get((cell, name))
            if counts is None:
                pools[cell, name] = [1, total]
            else:
                counts[0] += 1
                counts[1] += total
            if first:
                first = False
                luck = self._percentile(name, total)
                if luck is not None:
                    tally.rolls.append(RollLuck(entry.roll_id, cell, entry.at, name, total,
                                                luck))
        if plot is not None:
            for face in plot.faces:
                key = (cell, PLOT, face)
                faces[key] = count(key, 0) + 1

    def distribution(self, key: str) -> Distribution | None:
        """The exact distribution of a pool key (``2d6+3`` or ``a1d20+5 +plot``)."""
        return self._distribution(key)

    def _pool_percentile(self, key: str, total: int) -> float | None:
        """Where ``total`` falls in the pool's distribution (kept: a pool's totals are few)."""
        distribution = self._distribution(key)
        return None if distribution is None else percentile(distribution, total)

    def _pool_distribution(self, key: str) -> Distribution | None:
        try:
            spec = spec_of_key(key)
            return self._odds.of_spec(spec).pools[0].distribution
        except (NazhError, ValueError):
            return None


def pool_key(pool: PoolSpec, *, with_plot: bool) -> str:
    """How a pool is counted: its notation, ``+plot`` when a plot die's bonus is in it."""
    return pool.notation + WITH_PLOT if with_plot else pool.notation


def spec_of_key(key: str) -> RollSpec:
    """The one-pool roll (a plain plot die for ``+plot``) a pool key stands for, else NazhError."""
    notation, _, plot = key.partition(" +")
    spec = parse_roll(notation)
    return RollSpec(spec.pools[:1], PlotSpec() if plot == "plot" else None)


def cell_of(entry: LogEntry) -> Cell:
    stored = entry.result
    visibility = SECRET if SECRET_KEY in stored and secret_of(stored) is not None else \
        PRIVATE if entry.private else PUBLIC
    return _cell(Cell, (entry.guild_id or 0, entry.channel_id, entry.user_id, visibility,
                        hour_of(entry.at)))


_cell = tuple.__new__
"""``_cell(Cell, values)``: a :class:`Cell` without the named tuple's constructor (a call)."""


def _result(entry: LogEntry) -> RollResult | None:
    if entry.rolled is not None:
        return entry.rolled
    try:
        return decode_result(entry.result)
    except LogFormatError:
        return None
