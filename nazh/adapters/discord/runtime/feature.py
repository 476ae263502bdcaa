"""What a Discord feature is to the runtime: a table row, its class's protocol, the built set."""

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
    """A feature's class: one per bot serves its commands (bound by type) and controls (a codec)."""

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, built from what it needs of ``deps``."""
        ...


@dataclass(frozen=True, slots=True)
class Feature:
    """One row of the feature table (the composition's :mod:`nazh.adapters.discord.features`)."""

    serves: type[Serving]
    commands: ModuleType | None = None  # its lightbulb commands (``loader``)
    controls: Codec | None = None  # the class then has ``on_control(interaction, control)``
    offers: tuple[OfferButton, ...] = ()  # drawn on a roll's result when its handler offers them


class Features:
    """Every feature of a table, built once from the dependencies."""

    def __init__(self, table: Sequence[Feature], deps: Dependencies) -> None:
        """Build each row's class with ``deps`` (LookupError: a codec but no ``on_control``)."""
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
        """The feature a custom id belongs to and its control (``None``: not Nazh's, or bad)."""
        return owner_in(self.table, custom_id)

    def handler(self, feature: Feature) -> OnControl:
        """The handler of ``feature``'s controls."""
        return self._handlers[feature.serves]

    async def close(self) -> None:
        """Let each built feature that keeps work for later (a card's waiting edit) finish it."""
        for built in self.built.values():
            close: Callable[[], Awaitable[None]] | None = getattr(built, "close", None)
            if close is not None:
                await close()


def owner_in(table: Sequence[Feature], custom_id: str) -> tuple[Feature, object] | None:
    """The row of ``table`` a custom id belongs to and its control (None: not Nazh's, or bad)."""
    parts = parts_of(custom_id)
    if parts is None:
        return None
    for feature in table:
        if feature.controls is not None and parts[1] in feature.controls.kinds:
            control = feature.controls.decode(parts)
            return None if control is None else (feature, control)
    return None
