"""The reasons and hints of the refusals players meet most, in the reader's language.

The domain words its errors in English (it never translates); the constant ones listed here are
translated where a refusal is shown (:func:`nazh.presentation.chat.error_message`), any other
stays as the domain wrote it. ``tests/presentation/test_refusals.py`` keeps each one in step
with the domain's text.
"""

from __future__ import annotations

from nazh.domain.errors import NazhError, printable
from nazh.presentation.i18n import N_, _

KNOWN = (
    N_("empty roll"),
    N_("empty pool"),
    N_("missing the number of sides after d"),
    N_("expected d before the die size of the plot die"),
    N_("expected d after the number of dice"),
    N_("only one modifier per pool"),
    N_("the plot die takes no modifier"),
    N_("at most one plot die per roll"),
    N_("this roll already has a plot die"),
    N_("a pool looks like 2d6+3, d20 or a1d20+5"),
    N_("the plot die is a pool of its own: write p (or ap / dp for advantage / disadvantage)"),
    N_("tags go before the dice, one per die: a = advantage, d = disadvantage, e.g. ad2d20"),
    N_("remove the second plot die"),
    N_("leave out add_plot / --plot, or remove the p pool"),
    N_("remove a pool to make room for the plot die"),
    N_("split the roll in several commands"),
    N_("roll the other pools in a second command"),
    N_("write the modifier as +5 or -2"),
    N_("write the modifier as +5 or -2, with one sign"),
    N_("add the modifiers up, e.g. +7 instead of +5+2"),
    N_("changing Nazh's settings needs the Manage Server permission"),
    N_("ask a server admin"),
)
"""The domain's constant reasons and hints that are translated."""


def summary(error: NazhError) -> str:
    """The error's one line (``pool 2 "2d": …``), its reason translated where it is known."""
    written = getattr(error, "reason", None)
    if not isinstance(written, str):
        return error.summary  # a subclass that words itself
    reason = _(written)
    if getattr(error, "pool_index", None) is None:
        return reason
    return _('pool {index} "{text}": {reason}').format(
        index=error.pool_index, text=printable(error.text or ""), reason=reason)


def hint(error: NazhError) -> str | None:
    """The error's hint, translated where it is known."""
    written = getattr(error, "hint", None)
    return _(written) if isinstance(written, str) and written else None
