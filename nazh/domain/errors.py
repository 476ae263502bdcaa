"""The domain's errors: one root, :class:`NazhError`, with structured fields."""

from __future__ import annotations

from collections.abc import Mapping


class NazhError(Exception):
    """Root of every error Nazh reports to a user (``pool_index`` and ``column`` 1-based).

    A reason (or hint) with values in it is written as a template with its ``fields``
    (``NazhError("at most {most} weapons", fields={"most": 8})``): ``reason`` and ``hint`` are
    the English, filled in; ``template`` and ``hint_template`` keep the words a reader's
    language translates (the domain never translates).
    """

    def __init__(
        self,
        reason: str,
        *,
        pool_index: int | None = None,
        text: str | None = None,
        column: int | None = None,
        hint: str | None = None,
        fields: Mapping[str, object] | None = None,
    ) -> None:
        self.fields: Mapping[str, object] = dict(fields or {})
        self.template = reason
        self.hint_template = hint
        self.reason = reason.format_map(self.fields) if self.fields else reason
        self.pool_index = pool_index
        self.text = text
        self.column = column
        self.hint = hint.format_map(self.fields) if self.fields and hint else hint
        super().__init__(self.summary)

    @property
    def summary(self) -> str:
        """One line: ``pool 2 "21d6": at most 20 dice per pool (got 21)``."""
        if self.pool_index is None:
            return self.reason
        return f'pool {self.pool_index} "{printable(self.text or "")}": {self.reason}'

    def describe(self) -> str:
        """The summary, then the column and the hint when they are known."""
        parts = [self.summary]
        if self.column is not None:
            parts.append(f"at column {self.column}")
        if self.hint:
            parts.append(f"hint: {self.hint}")
        return "; ".join(parts)


def printable(text: str) -> str:
    """``text`` with control and other unprintable characters shown as escapes."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


class NotationError(NazhError):
    """The input does not follow the dice notation."""


class PlotDieError(NotationError):
    """The plot die is used where it is not allowed."""


class NotYoursError(NazhError):
    """Someone asked for an act that is another's to take (a roll's, a shelf's)."""


class LimitError(NazhError):
    """The input is well formed but breaks one of the engine's limits."""


class RoomError(LimitError):
    """There is no room to keep more (characters, saved rolls): a limit on what is kept."""


class NothingToJudgeError(NazhError):
    """A DC is given for a roll with no pool it could judge (the plot die alone)."""


class RollStateError(NazhError):
    """An operation does not fit the roll's state (e.g. choosing a face of a settled plot die)."""


class RangesError(LimitError):
    """An Opportunity or Complication range is outside the d20, or the two overlap."""


class AttackError(NazhError):
    """A test, a defense and damage that do not make an attack (e.g. a test without a d20)."""
