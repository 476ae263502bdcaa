"""The roll result message (:mod:`.result`) as the runtime's
:class:`~nazh.adapters.discord.runtime.answer.ResultPoster`: how every command that rolls
shows its result."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.rolls.result import post, tell_gm_channel
from nazh.adapters.discord.runtime.responder import Responder
from nazh.application.rolls.model import Rolled


class ResultMessages:
    """Posts a roll's result message, and a secret roll's in the GM channel."""

    async def post(self, responder: Responder, interaction: hikari.PartialInteraction,
                   rolled: Rolled, *, ephemeral: bool, reroll: bool = False) -> None:
        """Answer with the result and its buttons (see :func:`.result.post`)."""
        await post(responder, interaction, rolled, ephemeral=ephemeral, reroll=reroll)

    async def tell_gm_channel(self, interaction: hikari.PartialInteraction, rolled: Rolled,
                              channel: int) -> None:
        """Post a secret roll's result in the server's GM ``channel`` (see
        :func:`.result.tell_gm_channel`)."""
        await tell_gm_channel(interaction, rolled, channel)
