"""The statistics' rows of a batch of records (:func:`tally_rows` of a :class:`Tally`) are,
row for row and in the same order, those of the straightforward count: the tally and the rows
as they were first written, kept here as the reference."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.storage.stats import tally_rows
from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.format import LogFormatError, decode_result
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.logged_store import entry_of
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.secrets import commit, secret_of
from nazh.application.rolls.terms.secret import SECRET as SECRET_TERM
from nazh.application.settings.server import Visibility
from nazh.application.stats.tally import Tallier, pool_key
from nazh.domain.fairness import percentile

NOTATIONS = ("a1d20+5, 2d6+3", "1d20+3", "d1d20+2, 1d8", "3d6", "1d20, p", "2d20+1",
             "ad2d20+4, ap", "dp", "1d20+5, 2d6, dp", "2d6-9", "a1d20, 1d20, 1d4+1")
T0 = datetime(2026, 3, 1, 21, 50, tzinfo=UTC)


Counts = tuple[Counter[tuple[Any, ...]], dict[tuple[Any, ...], list[int]], list[tuple[Any, ...]]]


def reference_tally(entries: list[LogEntry], tallier: Tallier) -> Counts:
    """Faces, pools and lucks as the first tally counted them."""
    faces: Counter[tuple[Any, ...]] = Counter()
    pools: dict[tuple[Any, ...], list[int]] = {}
    rolls: list[tuple[Any, ...]] = []
    for entry in entries:
        try:
            result = entry.rolled or decode_result(entry.result)
        except LogFormatError:
            continue
        visibility = 2 if secret_of(entry.result) is not None else 1 if entry.private else 0
        cell = (entry.guild_id or 0, entry.channel_id, entry.user_id, visibility,
                math.floor(entry.at.timestamp() / 3600))
        if entry.kind is EntryKind.PLOT_ADDED and result.plot is not None:
            faces.update((cell, "plot", face) for face in result.plot.faces)
        if entry.kind is not EntryKind.ROLL or entry.version != 1:
            continue
        faces[(cell, "rolls", 0)] += 1
        for pool in result.pools:
            faces.update((cell, f"d{pool.spec.sides}", face) for rolled in pool.dice
                         for face in (rolled.kept, rolled.dropped) if face is not None)
        if result.plot is not None:
            faces.update((cell, "plot", face) for face in result.plot.faces)
        plot_known = result.plot is not None and not result.plot.pending
        for index, pool in enumerate(result.pools):
            key = pool_key(pool.spec, with_plot=plot_known and pool.skill)
            counts = pools.setdefault((cell, key), [0, 0])
            counts[0] += 1
            counts[1] += pool.total
            distribution = tallier.distribution(key)
            if index == 0 and distribution is not None:
                rolls.append((entry.roll_id, *cell[:4], entry.at, key, pool.total,
                              percentile(distribution, pool.total)))
    return faces, pools, rolls


def reference_rows(entries: list[LogEntry], tallier: Tallier) -> list[tuple[str, list[Any]]]:
    """The rows as the first :func:`tally_rows` wrote them, from the first tally."""
    faces, pools, rolls = reference_tally(entries, tallier)
    lifetime: dict[tuple[Any, ...], int] = {}
    for (c, die, face), n in faces.items():
        lifetime[(*c[:4], die, face)] = lifetime.get((*c[:4], die, face), 0) + n
    pools_all: dict[tuple[Any, ...], list[int]] = {}
    for (c, pool), (n, total) in pools.items():
        summed = pools_all.setdefault((*c[:4], pool), [0, 0])
        summed[0] += n
        summed[1] += total
    return [
        ("stat_faces", [(*c, die, face, n) for (c, die, face), n in faces.items()]),
        ("stat_faces_all", [(*key, n) for key, n in lifetime.items()]),
        ("stat_pools", [(*c, pool, n, total) for (c, pool), (n, total) in pools.items()]),
        ("stat_rolls", rolls),
        ("stat_hours", [(*c, n) for (c, die, _), n in faces.items() if die == "rolls"]),
        ("stat_pools_all", [(*key, n, total) for key, (n, total) in pools_all.items()]),
    ]


RECORD = st.tuples(
    st.sampled_from(NOTATIONS), st.sampled_from([None, 900, 901]), st.sampled_from([10, 11]),
    st.integers(1, 4), st.integers(0, 300), st.booleans(),
    st.sampled_from([None, Visibility.GM, Visibility.BLIND]),
    st.sampled_from([(EntryKind.ROLL, 1)] * 4 + [(EntryKind.PLOT_ADDED, 2),
                                                 (EntryKind.REROLLED, 2), (EntryKind.ROLL, 2)]),
    st.sampled_from(["rolled", "stored", "unreadable"]))


def entry_from(number: int, dice: RollDice, drawn: tuple[Any, ...]) -> LogEntry:
    (notation, guild_id, channel_id, user_id, minutes, private, secret, (kind, version),
     form) = drawn
    result = dice(notation)
    record = RollRecord(f"r{number}", Roller(user_id, channel_id, guild_id), notation, result,
                        T0 + timedelta(minutes=minutes), private=private, version=version,
                        change=kind)
    if secret is not None:
        record = record.with_term(SECRET_TERM, commit({"n": number}, secret))
    entry = entry_of(record)
    if form == "stored":
        return replace(entry, rolled=None)
    if form == "unreadable":
        return replace(entry, rolled=None, result={"format": 99})
    return entry


@settings(max_examples=300, deadline=None)
@given(st.lists(RECORD, max_size=14), st.integers(0, 2**32))
def test_the_rows_of_a_batch_are_the_reference_counts(drawn: list[tuple[Any, ...]],
                                                      seed: int) -> None:
    dice = RollDice(SeededRandomSource(seed))
    entries = [entry_from(number, dice, record) for number, record in enumerate(drawn)]
    tallier = Tallier()
    rows = [(table.name, rows) for table, rows in tally_rows(tallier.tally(entries))]
    assert rows == reference_rows(entries, tallier)
    assert [[type(row) for row in table_rows] for _, table_rows in rows] == [
        [tuple] * len(table_rows) for _, table_rows in rows]
