"""What was spent of a roll's Opportunities and Complications, and what is left, in chat."""

from __future__ import annotations

from nazh.application.rolls.model import RollRecord
from nazh.domain.spending import Use, left
from nazh.presentation.i18n import N_, _, listed, ngettext

USE_WORDS = {
    Use.CRITICAL: N_("Critical hit"),
    Use.FOCUS: N_("Recover 1 focus"),
    Use.ALLY: N_("An ally's advantage on their next test"),
    Use.NARRATIVE: N_("A narrative effect"),
    Use.DISADVANTAGE: N_("Disadvantage on their next test"),
    Use.LOSE_FOCUS: N_("Lose 1 focus"),
    Use.DRAWBACK: N_("A narrative drawback"),
    Use.DEADLY: N_("Deadly: the target suffers an injury"),
    Use.DANGEROUS: N_("Dangerous: an ally is grazed too"),
    Use.FRAGILE: N_("Fragile: the weapon breaks"),
    Use.LOADED: N_("Loaded: one shot left"),
}
"""How each use of an Opportunity or a Complication reads (the domain's labels, for the
catalogs)."""


def use_label(use: Use) -> str:
    """``use`` as the reader reads it."""
    return _(USE_WORDS.get(use, use.label))


def spent_said(record: RollRecord) -> list[str]:
    """What was spent, a line each (a one-line answer's lines under it)."""
    return [(_("🌟 Opportunity spent: {use} ({who})") if one.use.opportunity
             else _("⚠️ Complication spent: {use} ({who})")).format(
                 use=use_label(one.use), who=f"<@{one.by}>") for one in record.spent]


def spent_lines(record: RollRecord) -> list[str]:
    """What was spent, and what is left to spend."""
    spent = record.spent
    lines = spent_said(record) if spent else []
    result = record.result
    if result.pending:
        return lines
    granted = record.granted
    if result.luck == (0, 0) and not granted:
        return lines  # none to spend ever (what is left never exceeds what the roll has)
    chances = left(result, spent, opportunity=True, granted=granted)
    troubles = left(result, spent, opportunity=False)
    counts = []
    if chances:
        counts.append(ngettext("{n} Opportunity", "{n} Opportunities", chances).format(n=chances))
    if troubles:
        counts.append(ngettext("{n} Complication", "{n} Complications", troubles).format(
            n=troubles))
    if counts:
        lines.append(_("To spend: {counts}").format(counts=listed(counts)))
    return lines
