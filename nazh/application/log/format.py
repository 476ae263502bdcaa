"""The roll log's own record format: what a record's ``result`` holds, and what its hash covers.

It is independent of the CLI's public JSON (``nazh roll --json``), so that contract can evolve
without touching hashed history. Version 2, written since this module exists::

    {"format": 2,
     "notation": "a1d20+5, 2d6+3, ap",     # canonical notation: pools, tags, plot die mode
     "dc": 15,                             # or null
     "dice": [[[18, 3]], [[1, null], [2, null]]],   # per pool, per die: [kept, dropped]
     "plot": {"faces": [2, 5], "kept": null},      # or null; "kept": index, null if pending
     "ranges": {"opportunity": 19, "complication": 1}}  # only when not 20 and 1

``ranges`` (the Opportunity and Complication ranges of the roll's tests) is there only when
they are not the default, so a roll with the default ranges is stored, and hashed, exactly as
before ranges existed; a record without it has the default ranges.

Only what cannot be derived is stored: the dice's modes come from the notation, and totals,
bonuses, Opportunities, Complications and DC verdicts are recomputed by the domain.

Version 1 is what records held before: the CLI's roll JSON (``"version": 1``, ``pools[].dice[]``
with ``kept``/``dropped``/``mode``, ``plot`` with ``mode``/``faces``/``kept_index``). Records are
never rewritten (their hashes cover them as stored), so :func:`decode_result` reads both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.errors import LogFormatError as LogFormatError  # noqa: PLC0414 (re-exported)
from nazh.application.rolls.terms import KINDS
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.changes import CHANGES
from nazh.application.rolls.terms.character import CHARACTER, RollCharacter
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import Terms, terms_of
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.rolls.terms.values import integer, optional_integer, text
from nazh.domain.amend import DieChange
from nazh.domain.attack import Attack
from nazh.domain.errors import NazhError
from nazh.domain.injury import Injury
from nazh.domain.notation import parse_roll
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.results import DieResult, PlotResult, RollResult
from nazh.domain.spec import DieMode, RollSpec
from nazh.domain.spending import Spent

LOG_FORMAT = 2
LEGACY_FORMAT = 1
RANGES_KEY = "ranges"


def encode_result(result: RollResult) -> dict[str, Any]:
    """The result as the log stores it (format 2; ``ranges`` only when not the default)."""
    plot = result.plot
    stored: dict[str, Any] = {
        "format": LOG_FORMAT,
        "notation": result.notation,
        "dc": result.dc,
        "dice": [[[die.kept, die.dropped] for die in pool.dice] for pool in result.pools],
        "plot": None if plot is None else {"faces": list(plot.faces), "kept": plot.kept_index},
    }
    ranges = result.ranges
    if not ranges.default:
        stored[RANGES_KEY] = {"opportunity": ranges.opportunity,
                              "complication": ranges.complication}
    return stored


def decode_result(payload: Mapping[str, Any]) -> RollResult:
    """The result a record holds, in either format.

    Raises:
        LogFormatError: the payload is not a result of either format.
    """
    try:
        if payload.get("format") == LOG_FORMAT:
            return _decode_v2(payload)
        if payload.get("version") == LEGACY_FORMAT and "pools" in payload:
            return _decode_v1(payload)
    except (KeyError, TypeError, ValueError, IndexError, NazhError) as error:
        raise LogFormatError(f"unreadable roll in the log ({type(error).__name__})") from None
    raise LogFormatError("unreadable roll in the log (unknown format)")


def readable(payload: Mapping[str, Any]) -> RollResult | None:
    """The result a record holds, or ``None`` when it cannot be read (for display)."""
    try:
        return decode_result(payload)
    except LogFormatError:
        return None


def _decode_v2(payload: Mapping[str, Any]) -> RollResult:
    spec = parse_roll(str(payload["notation"]))
    dice = tuple(
        tuple(_die(pool.sides, mode, pair) for mode, pair in zip(pool.modes, stored,
                                                                 strict=True))
        for pool, stored in zip(spec.pools, payload["dice"], strict=True))
    plot = payload["plot"]
    plot_result = None if plot is None else _plot(spec, plot["faces"], plot["kept"])
    return RollResult.settle(spec, dice, plot_result, _dc(payload.get("dc")),
                             _ranges(payload.get(RANGES_KEY)))


def _ranges(value: Any) -> Ranges:
    if value is None:
        return DEFAULT_RANGES
    return Ranges(integer(value["opportunity"]), integer(value["complication"]))


def _die(sides: int, mode: DieMode, pair: Sequence[Any]) -> DieResult:
    kept, dropped = pair
    return DieResult(sides, mode, int(kept), None if dropped is None else int(dropped))


def _decode_v1(payload: Mapping[str, Any]) -> RollResult:
    spec = parse_roll(str(payload["notation"]))
    dice = tuple(
        tuple(DieResult(pool.sides, DieMode(die["mode"]), int(die["kept"]),
                        None if die["dropped"] is None else int(die["dropped"]))
              for die in stored["dice"])
        for pool, stored in zip(spec.pools, payload["pools"], strict=True))
    plot = payload.get("plot")
    plot_result = None if plot is None else _plot(spec, plot["faces"], plot["kept_index"])
    return RollResult.settle(spec, dice, plot_result, _dc(payload.get("dc")))


def _plot(spec: RollSpec, faces: Sequence[Any], kept: Any) -> PlotResult:
    if spec.plot is None:
        raise ValueError("a plot die the notation does not have")
    return PlotResult(spec.plot.mode, tuple(int(face) for face in faces),
                      None if kept is None else int(kept))


def _dc(value: Any) -> int | None:
    return None if value is None else int(value)


def encode_entry(entry: LogEntry) -> dict[str, Any]:
    """A whole record's content as JSON-ready values (the journal's line format)."""
    return {
        "roll_id": entry.roll_id, "version": entry.version, "kind": entry.kind.value,
        "at": entry.at.isoformat(), "guild_id": entry.guild_id, "channel_id": entry.channel_id,
        "user_id": entry.user_id, "notation": entry.notation, "label": entry.label,
        "dc": entry.dc, "private": entry.private, "result": entry.result,
    }


def decode_entry(payload: Mapping[str, Any]) -> LogEntry:
    """The record :func:`encode_entry` encoded.

    Raises:
        LogFormatError: a field is missing or has the wrong type.
    """
    try:
        entry = LogEntry(
            roll_id=text(payload["roll_id"]), version=integer(payload["version"]),
            kind=EntryKind(payload["kind"]), at=datetime.fromisoformat(payload["at"]),
            channel_id=integer(payload["channel_id"]), user_id=integer(payload["user_id"]),
            notation=text(payload["notation"]), result=dict(payload["result"]),
            guild_id=optional_integer(payload["guild_id"]),
            label=None if payload["label"] is None else text(payload["label"]),
            dc=optional_integer(payload["dc"]), private=bool(payload["private"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise LogFormatError(f"unreadable record ({type(error).__name__}: {error})") from None
    if entry.at.tzinfo is None:
        raise LogFormatError("unreadable record (its time has no time zone)")
    return entry


# -- a roll's terms ------------------------------------------------------------------------------
# Each kind of term owns its codec (nazh.application.rolls.terms); the record's stored result is
# its dice (above) and its terms, written in the table's order, each only when the roll has one.


def encode_terms(payload: Mapping[str, Any], terms: Terms, *,
                 committed: bool = False) -> dict[str, Any]:
    """The stored result with ``terms`` alongside, each under its kind's key (with
    ``committed``: only the kinds a secret's commitment covers)."""
    stored = dict(payload)
    for kind in KINDS:
        value = terms.get(kind)
        if value is not None and (kind.committed or not committed):
            stored[kind.key] = kind.encode(value)
    return stored


def decode_terms(stored: Mapping[str, Any]) -> Terms:
    """The terms a stored result carries.

    Raises:
        LogFormatError: one is malformed.
    """
    return terms_of(*((kind, kind.read(stored)) for kind in KINDS))


def committed_payload(result: RollResult, terms: Terms) -> dict[str, Any]:
    """What a secret roll's commitment covers: its stored result and every term but the
    secret."""
    return encode_terms(encode_result(result), terms, committed=True)


def changes_of(stored: Mapping[str, Any]) -> tuple[DieChange, ...]:
    """The dice changes a stored result carries.

    Raises:
        LogFormatError: they are malformed.
    """
    return CHANGES.read(stored) or ()


def with_changes(payload: Mapping[str, Any], changes: tuple[DieChange, ...]) -> dict[str, Any]:
    """The stored result with the dice changes alongside (none: unchanged)."""
    return encode_terms(payload, terms_of((CHANGES, changes)))


def attack_of(stored: Mapping[str, Any]) -> Attack | None:
    """The attack's terms a stored result carries (``None``: a plain roll).

    Raises:
        LogFormatError: they are malformed.
    """
    return ATTACK.read(stored)


def spent_of(stored: Mapping[str, Any]) -> tuple[Spent, ...]:
    """The Opportunities and Complications a stored result says were spent.

    Raises:
        LogFormatError: they are malformed.
    """
    return SPENT.read(stored) or ()


def readable_injury(stored: Mapping[str, Any], result: RollResult | None) -> Injury | None:
    """The injury a stored injury roll shows (its ``result`` read already), or ``None``: not an
    injury roll, or unreadable (for display)."""
    terms = INJURY.readable(stored)
    try:
        return None if terms is None or result is None else Injury.of(terms, result)
    except ValueError:
        return None


def readable_character(stored: Mapping[str, Any]) -> RollCharacter | None:
    """The character of a stored roll, or ``None``: a raw roll, or unreadable (for display)."""
    return CHARACTER.readable(stored)
