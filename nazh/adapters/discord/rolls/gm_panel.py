"""A shared result's 👑 GM panel: a GM's controls of the roll (Add Plot Die, Disadvantage, a
Complication spent, a face that is theirs to keep, Count), shown to that GM alone; each acts on
the result the channel sees, which is drawn again, and the panel shows what is left."""

from __future__ import annotations

import logging

import hikari

from nazh.adapters.discord.rolls.clicks import author_of, die_value, ephemeral, use_of
from nazh.adapters.discord.rolls.posting import compact_text, posted_compact
from nazh.adapters.discord.rolls.result import (
    ROLL_HEADLINE,
    RollAction,
    RollControl,
    act_title,
    die_components,
    rolled_embed,
)
from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.embeds import Author
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.rolls.access import Act
from nazh.application.rolls.model import Rolled
from nazh.application.rolls.use_cases import RollUseCases
from nazh.application.settings.server import Member
from nazh.domain.errors import RollStateError
from nazh.domain.evolve import evolved
from nazh.domain.spec import DieMode
from nazh.presentation.chat import outcome_heading
from nazh.presentation.i18n import N_, ToReader, ToTable, _
from nazh.presentation.term_views import headline_of, verdict_of

log = logging.getLogger(__name__)

NOTHING_LEFT = N_("Nothing is left for a GM to do on this roll.")
GONE = "that roll's result is no longer in this channel"
GONE_HINT = "open the GM panel again from the result"
NOT_A_GM_CONTROL = "that is not a GM's control of this roll"
_ACTED = frozenset({RollAction.ADD_PLOT, RollAction.KEEP_FACE, RollAction.DIE,
                    RollAction.KEEP_DIE, RollAction.COMPLICATION})
"""What a GM's panel changes on the roll (Disadvantage and Back only show its dice or itself)."""


class ResultPanels:
    """A shared result's 👑 GM and the controls of the panel it opens."""

    def __init__(self, rolls: RollUseCases, answers: RollAnswers,
                 wrapper: InteractionWrapper) -> None:
        self._table = rolls.table
        self._amend = rolls.amend
        self._steps = rolls.steps
        self._answers = answers
        self._wrapper = wrapper

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: RollControl) -> None:
        """👑 GM pressed on a result the channel sees, or a control of the panel it opened."""
        if control.on is None:
            answering = Answering("component:gm-panel", "component", ephemeral=True)
            async with self._wrapper.answering(interaction, answering) as responder:
                await self._open(responder, interaction, control)
            return
        answering = Answering(f"component:gm-{control.action.value}", "component",
                              DEFER_UPDATE, ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._pressed(responder, interaction, control, control.on)

    async def _open(self, responder: Responder, interaction: hikari.ComponentInteraction,
                    control: RollControl) -> None:
        member = member_of(interaction)
        # the roll's own server decides who is a GM of it, and the channel must see all of it
        record = await self._table.acted_on(control.roll_id, member, Act.GM_PANEL,
                                            in_channel=True)
        if ephemeral(interaction.message):
            raise RollStateError(GONE, hint=GONE_HINT)
        rolled = Rolled(record, offers=await self._steps.offers(record))
        with ToReader():  # the panel is the pressing GM's alone
            text, components = await self._panel(rolled, interaction.message)
        await responder.message(text, components=components, ephemeral=True)

    async def _pressed(self, responder: Responder, interaction: hikari.ComponentInteraction,
                       control: RollControl, on: int) -> None:
        member = member_of(interaction)
        roll_id, received = control.roll_id, responder.received
        # a GM's acts only: the panel draws no other (a forged one is refused by name)
        record = await self._table.acted_on(roll_id, member, Act.GM_PANEL, in_channel=True)
        shared = await self._shared(interaction, roll_id, on)
        if control.action is RollAction.DISADVANTAGE:
            record, dice = await self._amend.dice_for(roll_id, member, DieMode.DISADVANTAGE,
                                                      in_channel=True)
            with ToReader():
                await responder.update(_panel_text(Rolled(record)),
                                       components=die_components(record, dice,
                                                                 DieMode.DISADVANTAGE, on))
            return
        if control.action is RollAction.BACK:  # the panel as the roll stands, read above
            rolled = Rolled(record, offers=await self._steps.offers(record))
        elif control.action in _ACTED:
            rolled = await self._act(interaction, member, control, received)
            with ToTable():  # the shared result speaks the table's language, not the GM's
                await self._redraw_shared(interaction, shared, rolled)
        else:
            raise RollStateError(NOT_A_GM_CONTROL)
        with ToReader():
            text, components = await self._panel(rolled, shared)
        await responder.update(text, components=components)

    async def _act(self, interaction: hikari.ComponentInteraction, member: Member,
                   control: RollControl, received: float) -> Rolled:
        """The GM's act on the roll, as the shared result's own control takes it."""
        roll_id = control.roll_id
        if control.action is RollAction.ADD_PLOT:
            return await self._amend.add_plot_die(roll_id, member, received=received,
                                                  in_channel=True)
        if control.action is RollAction.KEEP_FACE:
            return await self._amend.choose_plot_face(roll_id, member, control.index,
                                                      received=received, in_channel=True)
        if control.action is RollAction.KEEP_DIE:
            return await self._amend.keep_die_face(roll_id, member, control.index,
                                                   received=received, in_channel=True)
        value = (interaction.values or [""])[0]
        if control.action is RollAction.DIE:
            if control.index != 1:  # a GM's panel imposes disadvantage, never advantage
                raise RollStateError(NOT_A_GM_CONTROL)
            pool, die = die_value(value)
            return await self._amend.apply_mode(roll_id, member, DieMode.DISADVANTAGE,
                                                pool, die, received=received, in_channel=True)
        return await self._steps.spend(roll_id, member, use_of(value, opportunity=False),
                                       received=received, in_channel=True)

    async def _shared(self, interaction: hikari.ComponentInteraction, roll_id: str,
                      on: int) -> hikari.Message:
        """The result the panel acts on: a message of this channel showing this roll."""
        try:
            message = await interaction.app.rest.fetch_message(interaction.channel_id, on)
        except (hikari.NotFoundError, hikari.ForbiddenError):
            raise RollStateError(GONE, hint=GONE_HINT) from None
        # a forged message id names another message: only the roll's own result is drawn on
        shown = [message.content or "", *(embed.footer.text or "" for embed in message.embeds
                                          if embed.footer is not None)]
        if not any(roll_id in text for text in shown) or ephemeral(message):
            raise RollStateError(GONE, hint=GONE_HINT)
        return message

    async def _redraw_shared(self, interaction: hikari.ComponentInteraction,
                             message: hikari.Message, rolled: Rolled) -> None:
        """The shared result drawn again as the roll now stands, in the form it was posted in."""
        compact = posted_compact(message)
        drawing = evolved(await self._answers.drawing_of(rolled.record.roller.guild_id),
                          compact=compact)
        components = self._answers.results.components(rolled, drawing)
        try:
            if compact:
                await interaction.app.rest.edit_message(
                    message.channel_id, message.id, compact_text(rolled),
                    components=components, user_mentions=False, role_mentions=False,
                    mentions_everyone=False)
                return
            # a card is always signed in its footer: the unsigned fallback is never drawn
            author = author_of(message) or Author("")
            await interaction.app.rest.edit_message(
                message.channel_id, message.id, embed=rolled_embed(rolled, author),
                components=components, user_mentions=False, role_mentions=False,
                mentions_everyone=False)
        except (hikari.NotFoundError, hikari.ForbiddenError):
            # the roll changed and is kept: only its picture could not follow
            log.warning("could not draw the roll %s again on its result", rolled.record.roll_id)

    async def _panel(self, rolled: Rolled,
                     shared: hikari.Message) -> tuple[str, list[hikari.api.ComponentBuilder]]:
        """The panel's text and a GM's controls of the ``shared`` result, as the roll stands
        (a one-line result's leave its dice as rolled, as the line does)."""
        drawing = evolved(await self._answers.drawing_of(rolled.record.roller.guild_id),
                          compact=posted_compact(shared))
        components = self._answers.results.components(rolled, drawing, panel=shared.id)
        text = _panel_text(rolled)
        if not components:
            text += "\n" + _(NOTHING_LEFT)
        return text, components


def _panel_text(rolled: Rolled) -> str:
    """``👑 GM · Stealth test · @roller`` and the roll's outcome as it stands."""
    record = rolled.record
    act = act_title(record, headline_of(record) or ROLL_HEADLINE)
    head = " · ".join(["👑 **" + _("GM") + "**", *([] if act is None else [act]),
                       f"<@{record.roller.user_id}>"])
    outcome = outcome_heading(record.result, verdict_of(record)).removeprefix("## ")
    return f"{head}\n**{outcome}**"
