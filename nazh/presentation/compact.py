"""A roll's result in one line, for a server whose answer-format is compact (busy channels)."""

from __future__ import annotations

from nazh.domain.results import RollResult
from nazh.presentation.chat import MARKUP, luck_words, single_verdict
from nazh.presentation.i18n import CARD_FOOTER, _
from nazh.presentation.rows import dc_line, result_rows


def compact_line(result: RollResult, *, who: str, roll_id: str, act: str | None = None,
                 outcome: str | None = None) -> str:
    """``@who · Insight test · `a1d20+5` → **17** [12↑(7)] · DC 15: Success · roll …``."""
    # who rolled first (a busy channel's lines are told apart by it), what was rolled, the
    # outcome, then the roll id /verify takes; ``act`` and ``outcome`` arrive escaped
    parts = [who, *([] if act is None else [f"**{act}**"])]
    parts += [f"`{pool}` → {total} {rolls}" for total, pool, rolls in result_rows(result, MARKUP)]
    said = outcome_words(result, outcome)
    if said:
        parts.append(said)
    parts.append(_(CARD_FOOTER).format(roll_id=roll_id))
    return " · ".join(parts)


def outcome_words(result: RollResult, outcome: str | None = None) -> str:
    """``DC 15: Success, 1 Opportunity``: the verdict and what the marks give (may be empty)."""
    plot = result.plot
    if plot is not None and plot.pending:
        return _("Choose the plot die's face")
    luck = luck_words(result)
    if outcome is not None:  # a kind's own words (a test's) lead
        return ", ".join([outcome, *luck])
    verdict = single_verdict(result)
    if verdict is not None:
        said = _("DC {dc}: {verdict}").format(
            dc=result.dc, verdict=_("Success") if verdict else _("Failure"))
        return ", ".join([said, *luck])
    return ", ".join([*([] if (several := dc_line(result)) is None else [several]), *luck])
