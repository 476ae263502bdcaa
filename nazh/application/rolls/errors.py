"""Errors of the use cases (all are :class:`NazhError`, so one handler answers them all)."""

from __future__ import annotations

from nazh.domain.errors import NazhError, NotYoursError


class NotYourRollError(NotYoursError):
    """Someone other than the roller pressed a control that only the roller may use."""


class RollNotFoundError(NazhError):
    """The roll a button refers to is unknown or no longer kept."""


CHANGED_MEANWHILE = "this roll was changed meanwhile"


class RollConflictError(NazhError):
    """The roll changed meanwhile (e.g. two presses of the same button at once)."""
