"""The one rule for options declared with choices: a value outside them is refused, naming the
option and the values it takes.

Discord's client offers only the declared choices, but an interaction is data (a forged or
replayed one, or a client of another make, may carry any string): every command reads such an
option through :func:`chosen` or :func:`one_of`, and the :class:`ChoiceError` they raise is
answered like any other error of Nazh's (ephemeral, by the wrapper).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TypeVar

from nazh.domain.errors import NazhError

E = TypeVar("E", bound=Enum)


class ChoiceError(NazhError):
    """An option's value is not one of its choices."""

    def __init__(self, option: str, allowed: Sequence[str]) -> None:
        self.option = option
        self.allowed = tuple(allowed)
        super().__init__(f"{option} must be one of: {', '.join(allowed)}")


def one_of(option: str, value: str, allowed: Sequence[str]) -> str:
    """``value`` if it is one of ``allowed``.

    Raises:
        ChoiceError: naming ``option`` and ``allowed``.
    """
    if value not in allowed:
        raise ChoiceError(option, allowed)
    return value


def chosen(option: str, value: str, kind: type[E]) -> E:
    """The member of ``kind`` whose value is ``value``.

    Raises:
        ChoiceError: naming ``option`` and the values of ``kind``.
    """
    return kind(one_of(option, value, [str(member.value) for member in kind]))
