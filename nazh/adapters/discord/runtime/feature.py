"""What a Discord feature is to the runtime: a row of the feature table (its class, its
commands, its custom-id codec), the protocol its class follows (built from the typed
:class:`Dependencies`), and the features built once per bot, which route each custom id to
the feature owning its kind. The table itself is the composition's
(:mod:`nazh.adapters.discord.features`): the runtime names no feature."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol, Self

import hikari

from nazh.adapters.discord.runtime.controls import Codec, parts_of
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.offers import OfferButton

Controlled = hikari.ComponentInteraction | hikari.ModalInteraction
"""A click on a component, or a form (modal) submitted."""

OnControl = Callable[[object, object], Awaitable[None]]
"""A feature's handler of its controls: ``on_control(interaction, control)``."""


class Serving(Protocol):
    """A feature's class: one instance per bot serves its commands (bound to them by type:
    :func:`~nazh.adapters.discord.runtime.core.bind_features`) and, with a codec, its
    controls (``on_control(interaction, control)``)."""

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, built from what it needs of ``deps``."""
        ...


@dataclass(frozen=True, slots=True)
class Feature:
    """One row of the feature table.

    Attributes:
        serves: The class that serves its commands and controls (one instance per bot).
        commands: The module of its lightbulb commands (``loader``), if it has any.
        controls: Its custom-id codec, if it has buttons, selects or forms; the class then has
            ``on_control(interaction, control)``.
        offers: The buttons it draws on a roll's result when its handler offers them.
    """

    serves: type[Serving]
    commands: ModuleType | None = None
    controls: Codec | None = None
    offers: tuple[OfferButton, ...] = ()


class Features:
    """Every feature of a table, built once from the dependencies."""

    def __init__(self, table: Sequence[Feature], deps: Dependencies) -> None:
        """Build each row's class with ``deps``.

        Raises:
            LookupError: a row has a codec but its class no ``on_control``.
        """
        self.table = tuple(table)
        self.built: dict[type[Serving], Serving] = {row.serves: row.serves.build(deps)
                                                    for row in self.table}
        self._handlers: dict[type[Serving], OnControl] = {}
        for row in self.table:
            if row.controls is not None:
                handler = getattr(self.built[row.serves], "on_control", None)
                if handler is None:
                    raise LookupError(f"{row.serves.__name__} has a codec and no on_control")
                self._handlers[row.serves] = handler

    def owner_of(self, custom_id: str) -> tuple[Feature, object] | None:
        """The feature a custom id belongs to and its decoded control (``None``: not Nazh's,
        or malformed)."""
        return owner_in(self.table, custom_id)

    def handler(self, feature: Feature) -> OnControl:
        """The handler of ``feature``'s controls."""
        return self._handlers[feature.serves]

    async def close(self) -> None:
        """Let every feature that keeps work for later (a card's waiting edit) finish it:
        each built feature's ``close()``, when it has one."""
        for built in self.built.values():
            close: Callable[[], Awaitable[None]] | None = getattr(built, "close", None)
            if close is not None:
                await close()


def owner_in(table: Sequence[Feature], custom_id: str) -> tuple[Feature, object] | None:
    """The row of ``table`` a custom id belongs to and its decoded control (``None``: not
    Nazh's, or malformed)."""
    parts = parts_of(custom_id)
    if parts is None:
        return None
    for feature in table:
        if feature.controls is not None and parts[1] in feature.controls.kinds:
            control = feature.controls.decode(parts)
            return None if control is None else (feature, control)
    return None
