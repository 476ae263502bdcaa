"""The stable JSON form of a roll (documented in docs/cli.md, "JSON output")."""

from __future__ import annotations

from nazh.application.shared.json_types import JsonObject
from nazh.domain.results import DieResult, PlotResult, PoolResult, RollResult

JSON_SCHEMA_VERSION = 1


def roll_to_dict(result: RollResult, *, notation: str, seed: int | None) -> JsonObject:
    """The roll as plain JSON-ready data (``seed``: ``None`` for the system CSPRNG)."""
    return {
        "version": JSON_SCHEMA_VERSION,
        "input": notation,
        "notation": result.notation,
        "seed": seed,
        "dc": result.dc,
        "opportunity": result.ranges.opportunity,
        "complication": result.ranges.complication,
        "pending": result.pending,
        "pools": [pool_to_dict(pool, pending=result.pending) for pool in result.pools],
        "plot": plot_to_dict(result.plot),
        "plot_options": [option_to_dict(option) for option in result.plot_options()],
    }


def option_to_dict(option: RollResult) -> JsonObject:
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


def pool_to_dict(pool: PoolResult, *, pending: bool = False) -> JsonObject:
    """One pool: its spec, every die, and the totals."""
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
        # null while a plot face that could change it is still to be chosen
        "success": None if pending and pool.skill else pool.success,
    }


def die_to_dict(die: DieResult) -> JsonObject:
    """One die: the kept face, the dropped face (advantage/disadvantage) and the mode."""
    return {"kept": die.kept, "dropped": die.dropped, "mode": die.mode.value}


def plot_to_dict(plot: PlotResult | None) -> JsonObject | None:
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
