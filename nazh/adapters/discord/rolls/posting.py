"""The roll result message (:mod:`.result`) as the runtime's
:class:`~nazh.adapters.discord.runtime.answer.ResultPoster`: how every command that rolls
shows its result."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.rolls.result import post, tell_gm_channel
from nazh.adapters.discord.runtime.responder import Responder
from nazh.application.characters.model import SheetChange
from nazh.application.rolls.model import RollRecord


class ResultMessages:
    """Posts a roll's result message, and a secret roll's in the GM channel."""

    async def post(self, responder: Responder, interaction: hikari.PartialInteraction,
                   record: RollRecord, *, ephemeral: bool, reroll: bool = False,
                   sheet: SheetChange | None = None) -> None:
        """Answer with the result and its buttons (see :func:`.result.post`)."""
        await post(responder, interaction, record, ephemeral=ephemeral, reroll=reroll,
                   sheet=sheet)

    async def tell_gm_channel(self, interaction: hikari.PartialInteraction, record: RollRecord,
                              channel: int, sheet: SheetChange | None = None) -> None:
        """Post a secret roll's result in the server's GM ``channel`` (see
        :func:`.result.tell_gm_channel`)."""
        await tell_gm_channel(interaction, record, channel, sheet)
