"""What was spent of a roll's Opportunities and Complications, and what is left, in chat."""

from __future__ import annotations

from nazh.application.rolls.model import RollRecord
from nazh.domain.spending import left


def spent_lines(record: RollRecord) -> list[str]:
    """What was spent, and what is left to spend."""
    lines = [f"{'✨ Opportunity' if one.use.opportunity else '⚠️ Complication'} spent: "
             f"{one.use.label} (<@{one.by}>)" for one in record.spent]
    if record.result.pending:
        return lines
    chances = left(record.result, record.spent, opportunity=True, granted=record.granted)
    troubles = left(record.result, record.spent, opportunity=False)
    if chances or troubles:
        counts = [f"{n} {word}{'s' if n > 1 else ''}" for n, word in
                  ((chances, "Opportunity"), (troubles, "Complication")) if n]
        lines.append("To spend: " + " and ".join(counts).replace("Opportunitys",
                                                                  "Opportunities"))
    return lines
