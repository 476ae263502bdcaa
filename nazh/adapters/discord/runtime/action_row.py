"""An action row built straight to its JSON, whatever it holds: the common part of
:class:`~.buttons.ButtonRow` and :class:`~.menus.MenuRow`.

A :class:`hikari.api.ComponentBuilder` like hikari's action row (its ``type``, ``id``,
``components`` and ``build``); what a row holds builds its own JSON.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import hikari


class Part(Protocol):
    """What an action row holds: a button, a menu."""

    def build(self) -> dict[str, Any]:
        """Its JSON, as hikari's builder makes it."""
        ...


PartT = TypeVar("PartT", bound=Part)


class ActionRow(hikari.api.ComponentBuilder, Generic[PartT]):
    """An action row of parts, in order."""

    __slots__ = ("_parts",)

    type = hikari.ComponentType.ACTION_ROW
    """An action row (a class attribute: a message's build reads it of every row)."""

    def __init__(self) -> None:
        self._parts: list[PartT] = []

    @property
    def id(self) -> hikari.UndefinedOr[int]:
        """None of its own (Discord numbers it)."""
        return hikari.UNDEFINED

    @property
    def components(self) -> Sequence[PartT]:
        """Its parts, in order."""
        return self._parts

    def build(self) -> tuple[MutableMapping[str, Any], Sequence[hikari.files.Resource[Any]]]:
        """The row's JSON, as hikari's action row makes it (no files)."""
        return ({"type": hikari.ComponentType.ACTION_ROW,
                 "components": [part.build() for part in self._parts]}, ())
