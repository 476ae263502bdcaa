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
from nazh.application.rolls.model import RollCharacter
from nazh.domain.amend import DieChange
from nazh.domain.attack import Attack, Step
from nazh.domain.errors import NazhError
from nazh.domain.injury import Injury, InjuryTerms
from nazh.domain.notation import parse_roll
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.results import DieResult, PlotResult, RollResult
from nazh.domain.spec import DieMode, RollSpec
from nazh.domain.spending import Spent, Use

LOG_FORMAT = 2
LEGACY_FORMAT = 1
RANGES_KEY = "ranges"


class LogFormatError(NazhError):
    """A record's stored result cannot be read (it is malformed, or was altered)."""


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
    return Ranges(_integer(value["opportunity"]), _integer(value["complication"]))


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
            roll_id=_text(payload["roll_id"]), version=_integer(payload["version"]),
            kind=EntryKind(payload["kind"]), at=datetime.fromisoformat(payload["at"]),
            channel_id=_integer(payload["channel_id"]), user_id=_integer(payload["user_id"]),
            notation=_text(payload["notation"]), result=dict(payload["result"]),
            guild_id=_optional_integer(payload["guild_id"]),
            label=None if payload["label"] is None else _text(payload["label"]),
            dc=_optional_integer(payload["dc"]), private=bool(payload["private"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise LogFormatError(f"unreadable record ({type(error).__name__}: {error})") from None
    if entry.at.tzinfo is None:
        raise LogFormatError("unreadable record (its time has no time zone)")
    return entry


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _integer(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _optional_integer(value: Any) -> int | None:
    return None if value is None else _integer(value)


CHANGES_KEY = "changes"
"""Where a record keeps the advantage/disadvantage applied to dice after the roll (its
``dice`` already show the kept faces)."""


def with_changes(payload: Mapping[str, Any], changes: Sequence[DieChange]) -> dict[str, Any]:
    """The stored result with the dice changes alongside (none: unchanged)."""
    stored = dict(payload)
    if changes:
        stored[CHANGES_KEY] = [
            {"pool": c.pool, "die": c.die, "mode": c.mode.value, "faces": list(c.faces),
             "by": c.by, "kept": c.kept} for c in changes]
    return stored


def changes_of(stored: Mapping[str, Any]) -> tuple[DieChange, ...]:
    """The dice changes a stored result carries.

    Raises:
        LogFormatError: they are malformed.
    """
    try:
        return tuple(
            DieChange(int(c["pool"]), int(c["die"]), DieMode(c["mode"]),
                      tuple(int(face) for face in c["faces"]), int(c["by"]),
                      None if c["kept"] is None else int(c["kept"]))
            for c in stored.get(CHANGES_KEY) or ())
    except (KeyError, TypeError, ValueError) as error:
        raise LogFormatError(f"unreadable dice changes ({type(error).__name__})") from None


ATTACK_KEY = "attack"
"""Where an attack's record keeps its terms: defense, damage modifier, steps recorded."""
CAN_GRAZE_KEY = "can_graze"
"""Inside an attack's terms, only for an attack that cannot graze (``false``)."""
SPENT_KEY = "spent"
"""Where a record keeps the Opportunities and Complications spent."""


def with_attack(payload: Mapping[str, Any], attack: Attack | None,
                spent: Sequence[Spent]) -> dict[str, Any]:
    """The stored result with an attack's terms and what was spent alongside (neither: the
    payload unchanged, so a plain roll's record is stored exactly as before)."""
    stored = dict(payload)
    if attack is not None:
        stored[ATTACK_KEY] = {"defense": attack.defense, "modifier": attack.modifier,
                              "steps": [step.value for step in attack.steps]}
        if not attack.can_graze:
            stored[ATTACK_KEY][CAN_GRAZE_KEY] = False
    if spent:
        stored[SPENT_KEY] = [{"use": one.use.value, "by": one.by} for one in spent]
    return stored


def attack_of(stored: Mapping[str, Any]) -> Attack | None:
    """The attack's terms a stored result carries (``None``: a plain roll).

    Raises:
        LogFormatError: they are malformed.
    """
    terms = stored.get(ATTACK_KEY)
    if terms is None:
        return None
    try:
        can_graze = terms.get(CAN_GRAZE_KEY, True)
        if not isinstance(can_graze, bool):
            raise TypeError(f"expected a boolean, got {type(can_graze).__name__}")
        return Attack(_optional_integer(terms["defense"]), _integer(terms["modifier"]),
                      tuple(Step(step) for step in terms["steps"]), can_graze)
    except (KeyError, TypeError, ValueError) as error:
        raise LogFormatError(f"unreadable attack ({type(error).__name__})") from None


def spent_of(stored: Mapping[str, Any]) -> tuple[Spent, ...]:
    """The Opportunities and Complications a stored result says were spent.

    Raises:
        LogFormatError: they are malformed.
    """
    try:
        return tuple(Spent(Use(one["use"]), _integer(one["by"]))
                     for one in stored.get(SPENT_KEY) or ())
    except (KeyError, TypeError, ValueError) as error:
        raise LogFormatError(f"unreadable spending ({type(error).__name__})") from None


INJURY_KEY = "injury"
"""Where an injury roll's record keeps its terms (its ``dice`` are the dice rolled; the band,
days and effect are read from them)."""


def with_injury(payload: Mapping[str, Any], terms: InjuryTerms | None) -> dict[str, Any]:
    """The stored result with an injury roll's terms alongside (``None``: unchanged)."""
    stored = dict(payload)
    if terms is not None:
        stored[INJURY_KEY] = {"deflect": terms.deflect, "injuries": terms.injuries,
                              "modifier": terms.modifier}
    return stored


def injury_of(stored: Mapping[str, Any]) -> InjuryTerms | None:
    """The injury terms a stored result carries (``None``: not an injury roll).

    Raises:
        LogFormatError: they are malformed.
    """
    terms = stored.get(INJURY_KEY)
    if terms is None:
        return None
    try:
        return InjuryTerms(_integer(terms["deflect"]), _integer(terms["injuries"]),
                           _integer(terms["modifier"]))
    except (KeyError, TypeError) as error:
        raise LogFormatError(f"unreadable injury ({type(error).__name__})") from None


def readable_injury(stored: Mapping[str, Any], result: RollResult | None) -> Injury | None:
    """The injury a stored injury roll shows (its ``result`` read already), or ``None``: not an
    injury roll, or unreadable (for display)."""
    try:
        terms = injury_of(stored)
        return None if terms is None or result is None else Injury.of(terms, result)
    except (LogFormatError, ValueError):
        return None


CHARACTER_KEY = "character"
"""Where a roll made with a character keeps it: its id, name, what was rolled and the
modifier's parts (a raw roll has no such key, so its record is stored exactly as before)."""


def with_character(payload: Mapping[str, Any],
                   character: RollCharacter | None) -> dict[str, Any]:
    """The stored result with the roll's character alongside (``None``: unchanged)."""
    stored = dict(payload)
    if character is not None:
        stored[CHARACTER_KEY] = {"id": character.character_id, "name": character.name,
                                 "rolled": character.rolled,
                                 "parts": [[label, value] for label, value in character.parts]}
    return stored


def character_of(stored: Mapping[str, Any]) -> RollCharacter | None:
    """The character a stored result says the roll was made with (``None``: a raw roll).

    Raises:
        LogFormatError: it is malformed.
    """
    kept = stored.get(CHARACTER_KEY)
    if kept is None:
        return None
    try:
        return RollCharacter(_text(kept["id"]), _text(kept["name"]), _text(kept["rolled"]),
                                  tuple((_text(label), _integer(value))
                                        for label, value in kept["parts"]))
    except (KeyError, TypeError, ValueError) as error:
        raise LogFormatError(f"unreadable character ({type(error).__name__})") from None


def readable_character(stored: Mapping[str, Any]) -> RollCharacter | None:
    """The character of a stored roll, or ``None``: a raw roll, or unreadable (for display)."""
    try:
        return character_of(stored)
    except LogFormatError:
        return None
