"""The stable JSON form of a roll (documented in the README under "JSON output")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nazh.domain.notation import parse_roll
from nazh.domain.results import DieResult, PlotResult, PoolResult, RollResult
from nazh.domain.spec import DieMode

JSON_SCHEMA_VERSION = 1


def roll_to_dict(result: RollResult, *, notation: str, seed: int | None) -> dict[str, Any]:
    """The roll as plain JSON-ready data.

    Args:
        result: The roll.
        notation: The input as typed.
        seed: The seed of a seeded roll, ``None`` for the system CSPRNG.
    """
    return {
        "version": JSON_SCHEMA_VERSION,
        "input": notation,
        "notation": result.notation,
        "seed": seed,
        "dc": result.dc,
        "pending": result.pending,
        "pools": [pool_to_dict(pool, pending=result.pending) for pool in result.pools],
        "plot": plot_to_dict(result.plot),
        "plot_options": [option_to_dict(option) for option in result.plot_options()],
    }


def option_to_dict(option: RollResult) -> dict[str, Any]:
    """What keeping one face of a pending plot die would give."""
    plot = option.plot
    assert plot is not None
    assert plot.outcome is not None
    return {
        "kept_index": plot.kept_index,
        "face": plot.face,
        "outcome": plot.outcome.value,
        "bonus": plot.bonus,
        "totals": [pool.total for pool in option.pools],
        "success": [pool.success for pool in option.pools],
    }


def pool_to_dict(pool: PoolResult, *, pending: bool = False) -> dict[str, Any]:
    """One pool: its spec, every die, and the totals (``success`` is ``null`` while a plot face
    that could change it is still to be chosen)."""
    return {
        "notation": pool.spec.notation,
        "count": pool.spec.count,
        "sides": pool.spec.sides,
        "modifier": pool.spec.modifier,
        "skill": pool.skill,
        "dice": [die_to_dict(die) for die in pool.dice],
        "subtotal": pool.subtotal,
        "plot_bonus": pool.plot_bonus,
        "total": pool.total,
        "floored": pool.floored,
        "opportunities": pool.opportunities,
        "complications": pool.complications,
        "success": None if pending and pool.skill else pool.success,
    }


def die_to_dict(die: DieResult) -> dict[str, Any]:
    """One die: the kept face, the dropped face (advantage/disadvantage) and the mode."""
    return {"kept": die.kept, "dropped": die.dropped, "mode": die.mode.value}


def plot_to_dict(plot: PlotResult | None) -> dict[str, Any] | None:
    """The plot die, or ``None`` when the roll has none."""
    if plot is None:
        return None
    return {
        "mode": plot.mode.value,
        "faces": list(plot.faces),
        "kept_index": plot.kept_index,
        "face": plot.face,
        "outcome": plot.outcome.value if plot.outcome else None,
        "bonus": None if plot.pending else plot.bonus,
        "pending": plot.pending,
    }


def roll_from_dict(data: Mapping[str, Any]) -> RollResult:
    """The roll back from :func:`roll_to_dict`'s data (the canonical notation and the faces).

    Raises:
        NazhError: the data's notation is not valid (the data was not made by this module).
        KeyError, TypeError, ValueError: the data is malformed.
    """
    spec = parse_roll(str(data["notation"]))
    dice = tuple(
        tuple(
            DieResult(pool.sides, DieMode(die["mode"]), int(die["kept"]),
                      None if die["dropped"] is None else int(die["dropped"]))
            for die in stored["dice"]
        )
        for pool, stored in zip(spec.pools, data["pools"], strict=True)
    )
    plot = data.get("plot")
    plot_result = None if plot is None else PlotResult(
        DieMode(plot["mode"]), tuple(int(face) for face in plot["faces"]),
        None if plot["kept_index"] is None else int(plot["kept_index"]),
    )
    dc = data.get("dc")
    return RollResult.settle(spec, dice, plot_result, None if dc is None else int(dc))
