"""An injury roll as text and as its public JSON (docs/cli.md, "Injury JSON")."""

from __future__ import annotations

from nazh.application.shared.json_types import JsonObject
from nazh.domain.injury import Band, Injury, InjuryTerms
from nazh.domain.results import RollResult
from nazh.presentation.i18n import N_, _, ngettext
from nazh.presentation.rows import Markup

INJURY_JSON_VERSION = 1


BAND_TITLES = {Band.DEATH: N_("Death"), Band.PERMANENT: N_("Permanent injury"),
               Band.VICIOUS: N_("Vicious injury"), Band.SHALLOW: N_("Shallow injury"),
               Band.FLESH: N_("Flesh wound")}
"""Each band's title (the domain's, for the catalogs)."""
BAND_DURATIONS = {Band.DEATH: N_("the character dies"), Band.PERMANENT: N_("it does not heal"),
                  Band.VICIOUS: N_("6d6 days"), Band.SHALLOW: N_("1d6 days"),
                  Band.FLESH: N_("until after a long rest")}
"""How long each band lasts, in words."""
EFFECT_NAMES = {name: name for name in (
    N_("Exhausted -1"), N_("Exhausted -2"), N_("Slowed"), N_("Disoriented"), N_("Surprised"),
    N_("Can use only one hand"))}
"""The effect table's names (the domain's, for the catalogs)."""


def band_title(band: Band) -> str:
    """``Vicious injury``, in the reader's language."""
    return _(BAND_TITLES.get(band, band.title))


def effect_name(name: str) -> str:
    """An effect's name, in the reader's language."""
    return _(EFFECT_NAMES.get(name, name))


def injury_lines(injury: Injury, result: RollResult, markup: Markup) -> list[str]:
    """``Total -3: d20 [5], deflect +2, ...``, then the band with its days, then the effect."""
    total = _("Total {total}").format(total=injury.total)
    lines = [f"{markup.strong(total)}: d20 [{injury.natural}], {terms_text(injury.terms)}",
             f"{markup.strong(band_title(injury.band))}: {duration_text(injury, result)}"]
    if injury.effect is not None:
        effect = _("Effect")
        lines.append(f"{markup.strong(effect)}: {effect_name(injury.effect.name)} "
                     f"(d8 [{injury.effect.natural}])")
    return lines


def terms_text(terms: InjuryTerms) -> str:
    """``deflect +2, modifier -1, 2 injuries taken (-10)``."""
    penalty = -5 * terms.injuries
    return ngettext("deflect {deflect}, modifier {modifier}, {n} injury taken ({penalty})",
                    "deflect {deflect}, modifier {modifier}, {n} injuries taken ({penalty})",
                    terms.injuries).format(deflect=f"{terms.deflect:+d}",
                                           modifier=f"{terms.modifier:+d}", n=terms.injuries,
                                           penalty=f"{penalty:+d}")


def duration_text(injury: Injury, result: RollResult) -> str:
    """``21 days (6d6 [3, 4, 2, 5, 6, 1])``, or the band's duration in words."""
    if injury.days is None:
        return _(BAND_DURATIONS.get(injury.band, injury.band.duration))
    faces = ", ".join(str(die.kept) for die in result.pools[1].dice)
    days = ngettext("{n} day", "{n} days", injury.days).format(n=injury.days)
    return f"{days} ({injury.band.days_dice}d6 [{faces}])"


def injury_summary(injury: Injury) -> str:
    """One line: ``-3 · permanent injury · Slowed``."""
    parts = [str(injury.total), band_title(injury.band).lower()]
    if injury.days is not None:
        parts.append(ngettext("{n} day", "{n} days", injury.days).format(n=injury.days))
    if injury.effect is not None:
        parts.append(effect_name(injury.effect.name))
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

