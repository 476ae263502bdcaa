"""The roll result message as the runtime's ``ResultPoster``, for every command that rolls: the
card or the one-line answer, a secret roll's public line and its GM channel's copy."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import hikari

from nazh.adapters.discord.rolls.clicks import message_author
from nazh.adapters.discord.rolls.result import (
    ROLL_HEADLINE,
    RollAction,
    act_title,
    roll_components,
    roll_control,
    rolled_embed,
    sheet_lines,
)
from nazh.adapters.discord.runtime.answer import PLAIN, Drawing
from nazh.adapters.discord.runtime.embeds import BLURPLE, Author
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.adapters.discord.runtime.responder import Responder
from nazh.application.rolls.access import Act, Viewer, allowed, channel_of
from nazh.application.rolls.model import Rolled, RollRecord
from nazh.application.settings.server import Visibility
from nazh.domain.evolve import evolved
from nazh.presentation.chat import DiscordLimits, clip, escape, fit_lines
from nazh.presentation.compact import compact_line
from nazh.presentation.i18n import CARD_FOOTER, ToReader, _
from nazh.presentation.notes import note_text
from nazh.presentation.spending import spent_said
from nazh.presentation.term_views import headline_of, standing_alone, verdict_of

log = logging.getLogger(__name__)


class ResultMessages:
    """Posts a roll's result (a secret one's in the GM channel), drawing the features' buttons."""

    def __init__(self, buttons: Sequence[OfferButton] = ()) -> None:
        self._buttons = tuple(buttons)

    async def post(self, responder: Responder, interaction: hikari.PartialInteraction,
                   rolled: Rolled, *, ephemeral: bool, drawing: Drawing = PLAIN) -> None:
        """Answer with the result and its buttons (see :func:`post`)."""
        await post(responder, interaction, rolled, ephemeral=ephemeral, drawing=drawing,
                   buttons=self._buttons)

    async def tell_gm_channel(self, interaction: hikari.PartialInteraction, rolled: Rolled,
                              channel: int) -> None:
        """Post a secret roll's result in the server's GM ``channel``."""
        await tell_gm_channel(interaction, rolled, channel)

    def components(self, rolled: Rolled, drawing: Drawing = PLAIN, *,
                   panel: int | None = None) -> list[hikari.api.ComponentBuilder]:
        """The controls of ``rolled``'s result (see :func:`.result.roll_components`)."""
        return roll_components(rolled.record, reroll=drawing.reroll, offers=rolled.offers,
                               buttons=self._buttons, compact=drawing.compact,
                               reader=drawing.reader, stakes=drawing.stakes, panel=panel)

    async def redraw(self, responder: Responder, interaction: hikari.ComponentInteraction,
                     rolled: Rolled, drawing: Drawing = PLAIN) -> None:
        """The clicked result drawn again as ``rolled`` stands, by the same author, in the
        form it was posted in (a card, or one line), as ``drawing`` says."""
        await redraw(responder, interaction, rolled, self.components(
            rolled, evolved(drawing, compact=posted_compact(interaction.message))))


async def post(responder: Responder, interaction: hikari.PartialInteraction, rolled: Rolled,
               *, ephemeral: bool, drawing: Drawing = PLAIN,
               buttons: Sequence[OfferButton] = ()) -> None:
    """Answer with the result and its buttons, drawn as ``drawing`` says; a secret roll with
    its public line (unless ``ephemeral``) and the roller's own line."""
    # The secret's public line is its commitment, Show me and Reveal; the roller alone sees the
    # result (``gm``) or that only the GMs do (``blind``). Sheet changes and notes go wherever the
    # result does.
    # A shared card speaks the table's language; what only the roller sees, the roller's.
    record, author = rolled.record, Author.of(interaction)
    if record.secret is None or record.secret.revealed:
        private = ephemeral or record.private
        compact = drawing.compact and compact_format(record)
        with ToReader(private):
            components = roll_components(record, reroll=drawing.reroll, offers=rolled.offers,
                                         buttons=buttons, compact=compact,
                                         reader=drawing.reader, stakes=drawing.stakes)
            if compact:
                await responder.message(compact_text(rolled), components=components,
                                        ephemeral=private)
                return
            embed = rolled_embed(rolled, author)
        await responder.message(embed=embed, components=components, ephemeral=private)
        return
    if not ephemeral:  # a roll made for a card (a request's) has no public line: the card shows it
        await responder.message(embed=secret_embed(record, author),
                                components=secret_components(record))
    with ToReader():
        if record.secret.visibility is Visibility.GM:
            await responder.message(_("Your secret roll (you and the GMs see it):"),
                                    embed=rolled_embed(rolled, author), ephemeral=True)
        else:
            await responder.message(_(
                "Your blind roll is made: only the GMs see its result. Its commitment is "
                "`{commitment}`; when it is revealed, /verify {roll_id} shows it matches."
            ).format(commitment=record.secret.shown, roll_id=record.roll_id), ephemeral=True)


def gm_channel_viewer(guild_id: int | None) -> Viewer:
    """The server's GM channel as a viewer: what its GMs may see."""
    return Viewer(channel_of(guild_id).user_id, guild_id, gm=True)


async def tell_gm_channel(interaction: hikari.PartialInteraction, rolled: Rolled,
                          channel: int) -> None:
    """Post a secret roll's result in the server's GM ``channel`` (a failure is logged)."""
    record = rolled.record
    gms = gm_channel_viewer(record.roller.guild_id)
    if record.secret is None or not allowed(record.facts, gms, Act.VIEW):
        return
    try:
        await interaction.app.rest.create_message(
            channel,
            _("Secret ({visibility}) roll by {roller} in {channel}:").format(
                visibility=record.secret.visibility.value, roller=f"<@{record.roller.user_id}>",
                channel=f"<#{record.roller.channel_id}>"),
            embed=rolled_embed(rolled, Author.of(interaction)),
            user_mentions=False, role_mentions=False, mentions_everyone=False)
    except hikari.HTTPError as error:
        log.warning("could not post the secret roll in the GM channel %s: %s", channel,
                    getattr(error, "message", error))


def secret_embed(record: RollRecord, author: Author) -> hikari.Embed:
    """The public line of a secret roll: who rolled, and the commitment."""
    assert record.secret is not None
    secret = record.secret.visibility is Visibility.GM
    title = "🕶️ " + (escape(record.label) if record.label
                     else _("A secret roll") if secret else _("A blind roll"))
    embed = hikari.Embed(title=clip(title, DiscordLimits.EMBED_TITLE), color=BLURPLE)
    embed.set_author(name=clip(author.name, DiscordLimits.EMBED_AUTHOR), icon=author.avatar_url)
    made = (_("{roller} made a secret roll: the roller and the GMs see the result until it is "
              "revealed.") if secret
            else _("{roller} made a blind roll: only the GMs see the result until it is "
                   "revealed."))
    embed.description = (made.format(roller=f"<@{record.roller.user_id}>") + "\n"
                         + _("Commitment {commitment}").format(
                             commitment=f"`{record.secret.shown}`"))
    embed.set_footer(_("/verify checks the commitment once revealed") + " · "
                     + _(CARD_FOOTER).format(roll_id=record.roll_id))
    return embed


def secret_components(record: RollRecord) -> list[hikari.api.ComponentBuilder]:
    """Show me (the result, ephemeral, to whoever may see it) and Reveal."""
    row = hikari.impl.MessageActionRowBuilder()
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                               roll_control(RollAction.SHOW, record.roll_id),
                               label=_("Show me"), emoji="👁️")
    row.add_interactive_button(hikari.ButtonStyle.PRIMARY,
                               roll_control(RollAction.REVEAL, record.roll_id),
                               label=_("Reveal"), emoji="🔓")
    return [row]


def compact_format(record: RollRecord) -> bool:
    """Whether the roll can be answered in one line: a plain roll or a test, shown as made
    (an attack's, an injury's and a secret's results keep their card)."""
    return (not record.hidden and record.secret is None and headline_of(record) is None
            and standing_alone(record) is None)


def compact_text(rolled: Rolled) -> str:
    """A result in one line (:func:`...presentation.compact.compact_line`), then what it
    changed on a sheet and its notes, each a line."""
    record = rolled.record
    lines = [compact_line(record.result, who=f"<@{record.roller.user_id}>",
                          roll_id=record.roll_id, act=act_title(record, ROLL_HEADLINE),
                          outcome=verdict_of(record))]
    if record.spent:  # what its Opportunities and Complications went on, once spent
        lines += spent_said(record)
    lines += sheet_lines(rolled.sheet)
    lines += [f"ℹ️ {note_text(note, escape)}" for note in (*rolled.notes, *rolled.offers.notes)]
    return fit_lines(lines, DiscordLimits.CONTENT)


def posted_compact(message: hikari.Message) -> bool:
    """Whether a clicked result was posted in one line: it keeps that form when drawn again."""
    # a one-line result begins with its roller's mention; a card always has its embed
    return not message.embeds and (message.content or "").startswith("<@")


async def redraw(responder: Responder, interaction: hikari.ComponentInteraction, rolled: Rolled,
                 components: list[hikari.api.ComponentBuilder]) -> None:
    """The clicked result drawn again as ``rolled`` stands with ``components``: a card by the
    same author, or the line it was posted as."""
    if posted_compact(interaction.message):
        await responder.update(compact_text(rolled), components=components)
        return
    await responder.update(embed=rolled_embed(rolled, message_author(interaction)),
                           components=components)
