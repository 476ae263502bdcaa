"""What was spent of a roll's Opportunities and Complications, and what is left, in chat."""

from __future__ import annotations

from nazh.application.rolls.model import RollRecord
from nazh.domain.spending import left


def spent_lines(record: RollRecord) -> list[str]:
    """What was spent, and what is left to spend."""
    spent = record.spent
    lines = [f"{'✨ Opportunity' if one.use.opportunity else '⚠️ Complication'} spent: "
             f"{one.use.label} (<@{one.by}>)" for one in spent] if spent else []
    result = record.result
    if result.pending:
        return lines
    granted = record.granted
    if result.luck == (0, 0) and not granted:
        return lines  # none to spend ever (what is left never exceeds what the roll has)
    chances = left(result, spent, opportunity=True, granted=granted)
    troubles = left(result, spent, opportunity=False)
    if chances or troubles:
        counts = [f"{n} {word}{'s' if n > 1 else ''}" for n, word in
                  ((chances, "Opportunity"), (troubles, "Complication")) if n]
        lines.append("To spend: " + " and ".join(counts).replace("Opportunitys",
                                                                  "Opportunities"))
    return lines
