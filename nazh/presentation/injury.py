"""An injury roll as text and as its public JSON (docs/cli.md, "Injury JSON")."""

from __future__ import annotations

from nazh.application.shared.json_types import JsonObject
from nazh.domain.injury import Injury, InjuryTerms
from nazh.domain.results import RollResult
from nazh.presentation.rows import Markup

INJURY_JSON_VERSION = 1


def injury_lines(injury: Injury, result: RollResult, markup: Markup) -> list[str]:
    """``Total -3: d20 [5], deflect +2, ...``, then the band with its days, then the effect."""
    lines = [f"{markup.strong(f'Total {injury.total}')}: d20 [{injury.natural}], "
             f"{terms_text(injury.terms)}",
             f"{markup.strong(injury.band.title)}: {duration_text(injury, result)}"]
    if injury.effect is not None:
        lines.append(f"{markup.strong('Effect')}: {injury.effect.name} "
                     f"(d8 [{injury.effect.natural}])")
    return lines


def terms_text(terms: InjuryTerms) -> str:
    """``deflect +2, modifier -1, 2 injuries taken (-10)``."""
    taken = "1 injury" if terms.injuries == 1 else f"{terms.injuries} injuries"
    penalty = -5 * terms.injuries
    return (f"deflect {terms.deflect:+d}, modifier {terms.modifier:+d}, {taken} taken "
            f"({penalty:+d})")


def duration_text(injury: Injury, result: RollResult) -> str:
    """``21 days (6d6 [3, 4, 2, 5, 6, 1])``, or the band's duration in words."""
    if injury.days is None:
        return injury.band.duration
    faces = ", ".join(str(die.kept) for die in result.pools[1].dice)
    unit = "day" if injury.days == 1 else "days"
    return f"{injury.days} {unit} ({injury.band.days_dice}d6 [{faces}])"


def injury_summary(injury: Injury) -> str:
    """One line: ``-3 · permanent injury · Slowed``."""
    parts = [str(injury.total), injury.band.title.lower()]
    if injury.days is not None:
        parts.append(f"{injury.days} day" + ("" if injury.days == 1 else "s"))
    if injury.effect is not None:
        parts.append(injury.effect.name)
    return " · ".join(parts)


def injury_to_dict(injury: Injury, result: RollResult, *,
                   seed: int | None) -> JsonObject:
    """The injury as plain JSON-ready data (a public contract: docs/cli.md)."""
    terms = injury.terms
    return {
        "version": INJURY_JSON_VERSION,
        "seed": seed,
        "notation": result.notation,
        "deflect": terms.deflect,
        "injuries": terms.injuries,
        "modifier": terms.modifier,
        "bonus": terms.bonus,
        "natural": injury.natural,
        "total": injury.total,
        "band": injury.band.value,
        "days": injury.days,
        "days_dice": [die.kept for die in result.pools[1].dice] if injury.days is not None
        else None,
        "effect": None if injury.effect is None else {
            "natural": injury.effect.natural, "name": injury.effect.name},
    }

