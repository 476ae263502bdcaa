"""The roll log's record format: what a record's ``result`` holds, and its hash covers.

Version 2, apart from the CLI's JSON so that contract evolves without touching hashed history::

    {"format": 2, "notation": "a1d20+5, 2d6+3, ap", "dc": 15,  # dc: or null
     "dice": [[[18, 3]], [[1, null], [2, null]]],             # per pool, per die: [kept, dropped]
     "plot": {"faces": [2, 5], "kept": null},                 # or null; kept: null while pending
     "ranges": {"opportunity": 19, "complication": 1}}        # only when not 20 and 1

Only what cannot be derived is stored. Version 1 (the CLI's old JSON) is still read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.errors import LogFormatError as LogFormatError  # noqa: PLC0414 (re-exported)
from nazh.application.log.values import integer, optional_integer, text
from nazh.application.shared.canonical_json import canonical_json
from nazh.application.shared.json_types import JsonMapping, JsonObject, JsonValue
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll
from nazh.domain.ranges import DEFAULT_RANGES, Ranges, ranges_for
from nazh.domain.results import DieResult, PlotResult, RollResult
from nazh.domain.spec import DieMode, RollSpec

LOG_FORMAT = 2
LEGACY_FORMAT = 1
RANGES_KEY = "ranges"


def encode_result(result: RollResult) -> JsonObject:
    """The result as the log stores it (format 2; ``ranges`` only when not the default)."""
    plot = result.plot
    stored: JsonObject = {
        "format": LOG_FORMAT,
        "notation": result.spec.notation,
        "dc": result.dc,
        "dice": [[[die.kept, die.dropped] for die in pool.dice] for pool in result.pools],
        "plot": None if plot is None else {"faces": list(plot.faces), "kept": plot.kept_index},
    }
    ranges = result.ranges
    if ranges is not DEFAULT_RANGES and not ranges.default:
        stored[RANGES_KEY] = {"opportunity": ranges.opportunity,
                              "complication": ranges.complication}
    return stored


def decode_result(payload: JsonMapping) -> RollResult:
    """The result a record holds, in either format (else LogFormatError)."""
    try:
        if payload.get("format") == LOG_FORMAT:
            return _decode_v2(payload)
        if payload.get("version") == LEGACY_FORMAT and "pools" in payload:
            return _decode_v1(payload)
    except (KeyError, TypeError, ValueError, IndexError, NazhError) as error:
        raise LogFormatError(f"unreadable roll in the log ({type(error).__name__})") from None
    raise LogFormatError("unreadable roll in the log (unknown format)")


def readable(payload: JsonMapping) -> RollResult | None:
    """The result a record holds, or ``None`` when it cannot be read (for display)."""
    try:
        return decode_result(payload)
    except LogFormatError:
        return None


def _decode_v2(payload: JsonMapping) -> RollResult:
    spec = parse_roll(str(payload["notation"]))
    dice = tuple(
        tuple(_die(pool.sides, mode, pair) for mode, pair in zip(pool.modes, stored,
                                                                 strict=True))
        for pool, stored in zip(spec.pools, payload["dice"], strict=True))
    plot = payload["plot"]
    plot_result = None if plot is None else _plot(spec, plot["faces"], plot["kept"])
    return RollResult.settle(spec, dice, plot_result, _dc(payload.get("dc")),
                             _ranges(payload.get(RANGES_KEY)))


def _ranges(value: JsonValue) -> Ranges:
    if value is None:
        return DEFAULT_RANGES
    return ranges_for(integer(value["opportunity"]), integer(value["complication"]))


def _die(sides: int, mode: DieMode, pair: Sequence[JsonValue]) -> DieResult:
    kept, dropped = pair
    return DieResult(sides, mode, int(kept), None if dropped is None else int(dropped))


def _decode_v1(payload: JsonMapping) -> RollResult:
    spec = parse_roll(str(payload["notation"]))
    dice = tuple(
        tuple(DieResult(pool.sides, DieMode(die["mode"]), int(die["kept"]),
                        None if die["dropped"] is None else int(die["dropped"]))
              for die in stored["dice"])
        for pool, stored in zip(spec.pools, payload["pools"], strict=True))
    plot = payload.get("plot")
    plot_result = None if plot is None else _plot(spec, plot["faces"], plot["kept_index"])
    return RollResult.settle(spec, dice, plot_result, _dc(payload.get("dc")))


def _plot(spec: RollSpec, faces: Sequence[JsonValue], kept: JsonValue) -> PlotResult:
    if spec.plot is None:
        raise ValueError("a plot die the notation does not have")
    return PlotResult(spec.plot.mode, tuple(int(face) for face in faces),
                      None if kept is None else int(kept))


def _dc(value: JsonValue) -> int | None:
    return None if value is None else int(value)


def encode_entry(entry: LogEntry) -> JsonObject:
    """A whole record's content as JSON-ready values (the journal's line format)."""
    return {
        "roll_id": entry.roll_id, "version": entry.version, "kind": entry.kind.value,
        "at": entry.at.isoformat(), "guild_id": entry.guild_id, "channel_id": entry.channel_id,
        "user_id": entry.user_id, "notation": entry.notation, "label": entry.label,
        "dc": entry.dc, "private": entry.private, "result": entry.result,
    }


def entry_json(entry: LogEntry) -> bytes:
    """The canonical JSON of :func:`encode_entry` (a journal's line)."""
    # cut from the encoding the record's hash covers when it has one: the same bytes
    spliced = entry.spliced()
    return canonical_json(encode_entry(entry)) if spliced is None else spliced[1]


def decode_entry(payload: JsonMapping) -> LogEntry:
    """The record :func:`encode_entry` encoded (LogFormatError: a field missing or mistyped)."""
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
