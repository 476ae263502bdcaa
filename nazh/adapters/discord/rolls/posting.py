"""The roll result message as the runtime's ``ResultPoster``, for every command that rolls."""

from __future__ import annotations

from collections.abc import Sequence

import hikari

from nazh.adapters.discord.rolls.result import (
    post,
    posted_compact,
    redraw,
    roll_components,
    tell_gm_channel,
)
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.adapters.discord.runtime.responder import Responder
from nazh.application.rolls.model import Rolled


class ResultMessages:
    """Posts a roll's result (a secret one's in the GM channel), drawing the features' buttons."""

    def __init__(self, buttons: Sequence[OfferButton] = ()) -> None:
        self._buttons = tuple(buttons)

    async def post(self, responder: Responder, interaction: hikari.PartialInteraction,
                   rolled: Rolled, *, ephemeral: bool, reroll: bool = False,
                   compact: bool = False) -> None:
        """Answer with the result and its buttons (see :func:`.result.post`)."""
        await post(responder, interaction, rolled, ephemeral=ephemeral, reroll=reroll,
                   compact=compact, buttons=self._buttons)

    async def tell_gm_channel(self, interaction: hikari.PartialInteraction, rolled: Rolled,
                              channel: int) -> None:
        """Post a secret roll's result in the server's GM ``channel``."""
        await tell_gm_channel(interaction, rolled, channel)

    def components(self, rolled: Rolled, *, reroll: bool = False,
                   compact: bool = False) -> list[hikari.api.ComponentBuilder]:
        """The controls of ``rolled``'s result (see :func:`.result.roll_components`)."""
        return roll_components(rolled.record, reroll=reroll, offers=rolled.offers,
                               buttons=self._buttons, compact=compact)

    async def redraw(self, responder: Responder, interaction: hikari.ComponentInteraction,
                     rolled: Rolled, *, reroll: bool = False) -> None:
        """The clicked result drawn again as ``rolled`` stands, by the same author, in the
        form it was posted in (a card, or one line)."""
        await redraw(responder, interaction, rolled,
                     self.components(rolled, reroll=reroll,
                                     compact=posted_compact(interaction.message)))
